package org.webrtcims.systemtests;

import org.webrtcims.launcher.LaunchOptions;
import org.webrtcims.testdb.TestPostgres;

/**
 * The tests' PostgreSQL, chosen as postgres-test-support and the launcher's own tests choose it: the server of
 * {@code IMS_TEST_JDBC_URL} ({@code IMS_TEST_JDBC_USER}, {@code IMS_TEST_JDBC_PASSWORD}; environment or {@code -D})
 * when set, with databases of this run's own prefix; otherwise the launcher's embedded PostgreSQL.
 */
final class TestDatabase {

    private TestDatabase() {
    }

    static LaunchOptions apply(LaunchOptions options, String databasePrefix) {
        return TestPostgres.externalServer()
                .map(server -> options.withExternalDatabase(server.jdbcUrl(), server.user(), server.password())
                        .withDatabasePrefix(databasePrefix))
                .orElse(options);
    }
}
