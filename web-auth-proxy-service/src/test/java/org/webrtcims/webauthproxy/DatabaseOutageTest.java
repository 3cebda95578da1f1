package org.webrtcims.webauthproxy;

import static org.webrtcims.webauthproxy.ProxyIntegrationTest.HSS_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.MD5_HA1;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SYNC_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.WWSF;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.LocalPostgres;

/** A backend failure is the service's 5xx (503 + Retry-After), never a 4xx that would read as "no such user". */
class DatabaseOutageTest {

    @Test
    void fetchAndSyncAnswer503WithRetryAfterWhilePostgresIsDownAndTheServiceStaysUp() {
        try (LocalPostgres postgres = LocalPostgres.embedded(null);
             ProxyInstance proxy = ProxyInstance.start(postgres.testDatabase(), Map.of())) {
            WebTestClient client = proxy.client();
            client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", "gina@idp.example.com", "realm", WWSF,
                            "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1)), "credentialVersion", 1))
                    .exchange().expectStatus().isCreated();

            postgres.close();

            client.post().uri("/av/v1/digest-vectors:fetch").headers(h -> h.setBearerAuth(HSS_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("webIdentity", "gina@idp.example.com", "wwsfIdentity", WWSF))
                    .exchange().expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.cause").isEqualTo("DATABASE_UNAVAILABLE");
            client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", "gina@idp.example.com", "realm", WWSF,
                            "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1)), "credentialVersion", 2))
                    .exchange().expectStatus().isEqualTo(503);
            proxy.management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        }
    }
}
