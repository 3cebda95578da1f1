package org.webrtcims.webauthproxy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationalEndpointsTest extends ProxyIntegrationTest {

    @Test
    void livenessAndReadinessAnswerWithoutTokenOnTheManagementPort() {
        management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void actuatorIsNotServedOnTheApiPort() {
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isNotFound();
        client.get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(ADMIN_TOKEN)).exchange()
                .expectStatus().isNotFound();
        client.get().uri("/actuator/health").headers(h -> h.setBearerAuth(ADMIN_TOKEN)).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void prometheusMetricsAreScrapable() {
        management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body)
                        .contains("jvm_memory_used_bytes").contains("http_server_requests"));
    }

    @Test
    void openApiDocumentListsTheEndpoints() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/sync/v1/credentials'].put").exists()
                .jsonPath("$.paths['/sync/v1/credentials:batch'].post").exists()
                .jsonPath("$.paths['/av/v1/digest-vectors:fetch'].post").exists();
    }

    @Test
    void unknownPathIsAProblemJson404ForAuthenticatedCallersAnd401Otherwise() {
        client.get().uri("/sync/v1/nothing-here").headers(h -> h.setBearerAuth(SYNC_TOKEN)).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("NOT_FOUND");
        client.get().uri("/elsewhere").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void wrongMethodAndMediaTypeAreProblemJson() {
        client.delete().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN)).exchange()
                .expectStatus().isEqualTo(405).expectBody().jsonPath("$.cause").isEqualTo("METHOD_NOT_ALLOWED");
        client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                .contentType(MediaType.TEXT_PLAIN).bodyValue("x").exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.cause").isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void auditTableRefusesUpdateDeleteAndTruncate() throws SQLException {
        put(SYNC_TOKEN, credential(newWebIdentity(), 1, "MD5", MD5_HA1)).expectStatus().isCreated();
        try (Connection c = DATABASE.connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE credential_audit SET actor = 'someone-else'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM credential_audit"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("TRUNCATE credential_audit"))
                    .hasMessageContaining("append-only");
        }
    }
}
