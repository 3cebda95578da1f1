package org.webrtcims.launcher;

import org.webrtcims.testdb.TestPostgres;

/**
 * The tests' PostgreSQL choice, as the test kit's {@code TestPostgres} makes it: the server of
 * {@code IMS_TEST_JDBC_URL} ({@code IMS_TEST_JDBC_USER}, {@code IMS_TEST_JDBC_PASSWORD}; environment or {@code -D})
 * when set, else the launcher's embedded PostgreSQL. On a shared server the databases get a prefix of their own.
 * The launcher's tests and system-tests (through this module's test-jar) use it.
 */
public final class TestDatabaseOptions {

    private TestDatabaseOptions() {
    }

    public static LaunchOptions apply(LaunchOptions options, String databasePrefix) {
        return TestPostgres.externalServer()
                .map(server -> options.withExternalDatabase(server.jdbcUrl(), server.user(), server.password())
                        .withDatabasePrefix(databasePrefix))
                .orElse(options);
    }
}
