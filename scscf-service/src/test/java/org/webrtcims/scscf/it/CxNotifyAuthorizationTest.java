package org.webrtcims.scscf.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.fixture.CoreUnderTest;

/**
 * Only the HSS may send RTR/PPR to the S-CSCF ({@code POST /cx-notify/v1/**}, docs/security.md), whatever the spelling
 * of the path (issue 11); probes and metrics are on the management port only.
 */
class CxNotifyAuthorizationTest {

    private static final String ADMIN_TOKEN = "it-scscf-token-for-admins-0001";
    private static final String ICSCF_TOKEN = "it-scscf-token-for-icscf-00001";

    private static CoreUnderTest core;

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(Map.of(
                "api-auth.clients[1].name", "operator",
                "api-auth.clients[1].token", ADMIN_TOKEN,
                "api-auth.clients[1].role", "ADMIN",
                "api-auth.clients[2].name", "icscf",
                "api-auth.clients[2].token", ICSCF_TOKEN,
                "api-auth.clients[2].role", "I_CSCF"));
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static WebTestClient.ResponseSpec notify(String token, HttpMethod method, String rawPath) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + core.scscfHttpPort).build()
                .method(method).uri(URI.create("http://127.0.0.1:" + core.scscfHttpPort + rawPath))
                .headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impi", "nobody@idp.example.com", "impus", List.of("sip:nobody@ims.example.net"),
                        "reason", Map.of("code", "PERMANENT_TERMINATION")))
                .exchange();
    }

    @Test
    void cxNotifyRefusesEveryTokenButTheHss() {
        notify(ADMIN_TOKEN, HttpMethod.POST, "/cx-notify/v1/deregistrations").expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED");
        notify(ICSCF_TOKEN, HttpMethod.POST, "/cx-notify/v1/deregistrations").expectStatus().isForbidden();
        notify(CoreUnderTest.SCSCF_NOTIFY_TOKEN, HttpMethod.POST, "/cx-notify/v1/deregistrations")
                .expectStatus().isNoContent();
    }

    @Test
    void pathTricksOnCxNotifyAre400() {
        for (String trick : new String[] {"/cx-notify;x/v1/deregistrations", "/%63x-notify/v1/deregistrations",
                "/cx-notify/v1/deregistrations;x", "//cx-notify/v1/deregistrations",
                "/admin/../cx-notify/v1/deregistrations", "/admin/%2E%2E/cx-notify/v1/deregistrations",
                "/cx-notify%2Fv1/deregistrations"}) {
            notify(ADMIN_TOKEN, HttpMethod.POST, trick).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.cause").isEqualTo("NON_CANONICAL_PATH");
        }
        notify(ADMIN_TOKEN, HttpMethod.POST, "/CX-NOTIFY/v1/deregistrations").expectStatus()
                .value(status -> assertThat(status).isIn(403, 404));
    }

    @Test
    void onlyPostIsAdmitted() {
        notify(CoreUnderTest.SCSCF_NOTIFY_TOKEN, HttpMethod.PUT, "/cx-notify/v1/deregistrations")
                .expectStatus().isForbidden();
    }

    @Test
    void actuatorIsOnTheManagementPortOnly() {
        int management = Integer.parseInt(core.scscf.bean(Environment.class).getProperty("local.management.port"));
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + management).build()
                .get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + core.scscfHttpPort).build()
                .get().uri("/actuator/health/readiness").exchange().expectStatus().isNotFound();
    }
}
