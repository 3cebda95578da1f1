package org.webrtcims.systemtests;

import org.webrtcims.launcher.LaunchOptions;

/**
 * The tests' PostgreSQL, chosen as postgres-test-support and the launcher's own tests choose it: the server of
 * {@code IMS_TEST_JDBC_URL} ({@code IMS_TEST_JDBC_USER}, {@code IMS_TEST_JDBC_PASSWORD}; environment or {@code -D})
 * when set, with databases of this run's own prefix; otherwise the launcher's embedded PostgreSQL.
 */
final class TestDatabase {

    private TestDatabase() {
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
