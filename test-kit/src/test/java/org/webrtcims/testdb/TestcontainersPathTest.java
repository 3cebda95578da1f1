package org.webrtcims.testdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * The Testcontainers step of {@link TestPostgres}'s order, for real: with {@code IMS_TEST_POSTGRES=testcontainers}
 * and a Docker engine (.ci/run runs this after the build, against the engine and the local postgres image it makes
 * with scripts/docker-engine.sh; Ryuk disabled), the tests' PostgreSQL is a container of the pinned image, and a
 * schema from {@link TestPostgres#newDatabase} works. Skipped otherwise: the rest of the build uses the embedded
 * server (see README "Tests and PostgreSQL" for why).
 */
class TestcontainersPathTest {

    @Test
    void theTestsPostgresComesFromTestcontainersWhenAnEngineAndTheImageAreThere() throws Exception {
        String mode = System.getProperty(TestPostgres.MODE_VARIABLE, System.getenv(TestPostgres.MODE_VARIABLE));
        assumeTrue("testcontainers".equalsIgnoreCase(mode),
                "runs with IMS_TEST_POSTGRES=testcontainers and a Docker engine (.ci/run does so after the build)");
        long start = System.nanoTime();
        TestDatabase database = TestPostgres.newDatabase("tc_path");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(TestPostgres.serverKind()).isEqualTo("testcontainers");
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE subscriber (impu text PRIMARY KEY)");
            st.execute("INSERT INTO subscriber VALUES ('sip:alice@ims.example.net')");
            try (ResultSet rs = st.executeQuery("SELECT impu, current_schema(), current_setting('server_version') "
                    + "FROM subscriber")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("sip:alice@ims.example.net");
                assertThat(rs.getString(2)).isEqualTo(database.schema());
                System.out.println("[testcontainers-path] PostgreSQL " + rs.getString(3) + " from "
                        + System.getenv().getOrDefault(TestPostgres.IMAGE_VARIABLE, TestPostgres.DEFAULT_IMAGE)
                        + " ready in " + tookMs + " ms");
            }
        }
    }
}
