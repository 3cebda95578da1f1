package org.webrtcims.launcher;

/**
 * The tests' PostgreSQL choice, as postgres-test-support's {@code TestPostgres} makes it: the server of
 * {@code IMS_TEST_JDBC_URL} ({@code IMS_TEST_JDBC_USER}, {@code IMS_TEST_JDBC_PASSWORD}; environment or {@code -D})
 * when set, else the launcher's embedded PostgreSQL. On a shared server the databases get a prefix of their own.
 */
final class TestDatabaseOptions {

    private TestDatabaseOptions() {
    }

    static LaunchOptions apply(LaunchOptions options, String databasePrefix) {
        String url = setting("IMS_TEST_JDBC_URL");
        if (url == null || url.isBlank()) {
            return options;
        }
        return options.withExternalDatabase(url, setting("IMS_TEST_JDBC_USER"), setting("IMS_TEST_JDBC_PASSWORD"))
                .withDatabasePrefix(databasePrefix);
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
