package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.HSS_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.MD5_HA1;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SHA256_HA1;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SYNC_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.ADMIN_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.WWSF;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/** Credentials live in PostgreSQL, sealed with named keys: they survive restarts and key rotation. */
class RestartAndKeyRotationTest {

    private static final String K2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private final TestDatabase database = TestPostgres.newDatabase("proxy_restart");

    @Test
    void credentialsSurviveAServiceRestart() {
        try (ProxyInstance first = ProxyInstance.start(database, Map.of())) {
            sync(first.client(), "alice@idp.example.com", 42);
        }
        try (ProxyInstance second = ProxyInstance.start(database, Map.of())) {
            fetch(second.client(), "alice@idp.example.com").expectStatus().isOk().expectBody()
                    .jsonPath("$.credentialVersion").isEqualTo(42)
                    .jsonPath("$.vectors[0].ha1").isEqualTo(MD5_HA1)
                    .jsonPath("$.vectors[1].ha1").isEqualTo(SHA256_HA1);
        }
    }

    @Test
    void rotatingTheActiveKeyKeepsOldRowsReadableAndReencryptMovesThemAll() throws Exception {
        try (ProxyInstance withK1 = ProxyInstance.start(database, Map.of())) {
            for (int i = 0; i < 3; i++) {
                sync(withK1.client(), "user" + i + "@idp.example.com", 1);
            }
        }
        assertThat(keyIds()).containsOnly("k1");
        Map<String, Object> activeK2 = Map.of("web-auth-proxy.encryption.active-key-id", "k2");
        try (ProxyInstance withK2 = ProxyInstance.start(database, activeK2)) {
            WebTestClient client = withK2.client();
            fetch(client, "user0@idp.example.com").expectStatus().isOk();
            sync(client, "user0@idp.example.com", 2);
            assertThat(keyIds()).containsExactlyInAnyOrder("k1", "k2");
            client.post().uri("/admin/v1/encryption:reencrypt").headers(h -> h.setBearerAuth(ADMIN_TOKEN))
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.activeKeyId").isEqualTo("k2")
                    .jsonPath("$.reencrypted").isEqualTo(2)
                    .jsonPath("$.unreadable").isEqualTo(0);
        }
        assertThat(keyIds()).containsOnly("k2");
        // k1 now names other key material: only rows really re-sealed with k2 can still be opened
        try (ProxyInstance k2Only = ProxyInstance.start(database, Map.of("web-auth-proxy.encryption.active-key-id",
                "k2", "web-auth-proxy.encryption.keys.k1", K2))) {
            for (int i = 0; i < 3; i++) {
                fetch(k2Only.client(), "user" + i + "@idp.example.com").expectStatus().isOk().expectBody()
                        .jsonPath("$.vectors[0].ha1").isEqualTo(MD5_HA1);
            }
        }
    }

    @Test
    void credentialSealedWithAKeyThatIsGoneGets500CredentialUnreadableNotA4xx() {
        try (ProxyInstance proxy = ProxyInstance.start(database, Map.of())) {
            sync(proxy.client(), "frank@idp.example.com", 1);
        }
        try (ProxyInstance wrongKey = ProxyInstance.start(database, Map.of("web-auth-proxy.encryption.keys.k1", K2))) {
            fetch(wrongKey.client(), "frank@idp.example.com").expectStatus().isEqualTo(500)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.cause").isEqualTo("CREDENTIAL_UNREADABLE");
        }
    }

    private List<String> keyIds() throws Exception {
        try (Connection c = database.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT key_id FROM credential")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private static void sync(WebTestClient client, String webIdentity, long version) {
        client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", webIdentity, "realm", WWSF,
                        "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1),
                                Map.of("algorithm", "SHA-256", "ha1", SHA256_HA1)),
                        "credentialVersion", version))
                .exchange().expectStatus().is2xxSuccessful();
    }

    private static WebTestClient.ResponseSpec fetch(WebTestClient client, String webIdentity) {
        return client.post().uri("/av/v1/digest-vectors:fetch").headers(h -> h.setBearerAuth(HSS_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("webIdentity", webIdentity, "wwsfIdentity", WWSF)).exchange();
    }
}
