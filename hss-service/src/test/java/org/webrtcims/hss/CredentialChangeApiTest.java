package org.webrtcims.hss;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Profile §5.4 {@code POST /admin/v1/notifications/credential-changes}: the web-auth proxy's notice of a revoked
 * credential de-registers the user at its S-CSCF (RTR PERMANENT_TERMINATION) and in the HSS (LIR 404).
 */
class CredentialChangeApiTest extends HssIntegrationTest {

    @Test
    void revokedCredentialOfARegisteredUserSendsRtrAndLirSaysNotRegistered() {
        User user = register(SCSCF1);
        lir(user.impu()).expectStatus().isOk();
        notice(PROXY_TOKEN, user, "REVOKED").expectStatus().isNoContent();
        org.awaitility.Awaitility.await("an RTR for " + user.impu())
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> SCSCF1_NOTIFY.received().stream().anyMatch(r -> r.body().contains(user.impu())
                        && r.body().contains("PERMANENT_TERMINATION")));
        lir(user.impu()).expectStatus().isNotFound();
        admin().get().uri(b -> b.path("/admin/v1/audit").queryParam("target", "mapping:" + user.mappingId()).build())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.entries[0].action").isEqualTo("CREDENTIALS_REVOKED")
                .jsonPath("$.entries[0].actor").isEqualTo("web-auth-proxy");
    }

    @Test
    void updatedCredentialAndUnknownIdentityChangeNothingAndAre204() {
        User user = register(SCSCF2);
        notice(PROXY_TOKEN, user, "UPDATED").expectStatus().isNoContent();
        lir(user.impu()).expectStatus().isOk();
        client.post().uri("/admin/v1/notifications/credential-changes").headers(h -> h.setBearerAuth(PROXY_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", "nobody@idp.example.com",
                        "change", "REVOKED"))
                .exchange().expectStatus().isNoContent();
        lir(user.impu()).expectStatus().isOk();
    }

    @Test
    void unknownChangeIs400AndAnOperatorTokenIsRefused() {
        User user = provisionUser("md5-only");
        notice(PROXY_TOKEN, user, "DELETED").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.cause").isEqualTo("INVALID_CHANGE");
        notice(ADMIN_TOKEN, user, "REVOKED").expectStatus().isForbidden();
    }

    private WebTestClient.ResponseSpec notice(String token, User user, String change) {
        return client.post().uri("/admin/v1/notifications/credential-changes").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", user.webIdentity(), "change", change))
                .exchange();
    }

    private User register(String scscf) {
        User user = provisionUser("md5-only");
        mar(user, scscf).expectStatus().isOk();
        sar(user, scscf, "REGISTRATION").expectStatus().isOk();
        return user;
    }
}
