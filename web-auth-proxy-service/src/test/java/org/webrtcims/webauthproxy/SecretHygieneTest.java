package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.HSS_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SYNC_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.WWSF;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

import tools.jackson.databind.json.JsonMapper;

/** H(A1) is password-equivalent (RFC 2617 §4.13): never in logs, never in clear in the database. */
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneTest {

    /** Distinct values, so a hit in the log cannot come from anything but these credentials. */
    private static final String MD5_HA1 = DigestCalculator.ha1(DigestAlgorithm.MD5, "carol@idp.example.com", WWSF,
            "secret-hygiene");
    private static final String SHA256_HA1 = DigestCalculator.ha1(DigestAlgorithm.SHA_256, "carol@idp.example.com",
            WWSF, "secret-hygiene");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestDatabase database = TestPostgres.newDatabase("proxy_secrets");

    @Test
    void noHa1AppearsInTheLogsDuringSyncAndFetchEvenAtDebugLevel(CapturedOutput output) throws Exception {
        Map<String, Object> debug = Map.of(
                "logging.level.org.webrtcims", "DEBUG",
                "logging.level.org.springframework.web", "DEBUG",
                "logging.level.org.springframework.http", "DEBUG",
                "logging.level.org.springframework.jdbc", "DEBUG",
                "logging.level.org.hibernate.SQL", "DEBUG",
                "logging.level.reactor.netty.http.server", "DEBUG");
        try (ProxyInstance proxy = ProxyInstance.start(database, debug)) {
            // a client outside Spring, so only the service's own logging is captured
            assertThat(send(proxy, "PUT", "/sync/v1/credentials", SYNC_TOKEN, body("carol@idp.example.com", 1)))
                    .isEqualTo(201);
            assertThat(send(proxy, "POST", "/sync/v1/credentials:batch", SYNC_TOKEN, Map.of("items",
                    List.of(body("carol@idp.example.com", 2), body("dave@idp.example.com", 1))))).isEqualTo(200);
            assertThat(send(proxy, "POST", "/av/v1/digest-vectors:fetch", HSS_TOKEN,
                    Map.of("webIdentity", "carol@idp.example.com", "wwsfIdentity", WWSF))).isEqualTo(200);
            assertThat(send(proxy, "PUT", "/sync/v1/credentials", SYNC_TOKEN, body("carol@idp.example.com", 1)))
                    .isEqualTo(409);
        }
        // the capture did see the service's request handling, at debug level …
        assertThat(output.getAll()).contains("Credential sync by idp-example").contains("digest-vectors:fetch");
        // … and no H(A1), nor the tokens
        assertThat(output.getAll()).doesNotContain(MD5_HA1).doesNotContain(SHA256_HA1)
                .doesNotContain(SYNC_TOKEN).doesNotContain(HSS_TOKEN);
    }

    @Test
    void theDatabaseHoldsAesGcmCiphertextNotTheHa1() throws Exception {
        try (ProxyInstance proxy = ProxyInstance.start(database, Map.of())) {
            proxy.client().put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body("erin@idp.example.com", 1))
                    .exchange().expectStatus().isCreated();
        }
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT key_id, ha1_md5, ha1_sha256, ha1_sha512_256, c::text FROM credential c WHERE web_identity = ?")) {
            ps.setString(1, "erin@idp.example.com");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("k1");
                byte[] md5 = rs.getBytes(2);
                byte[] sha256 = rs.getBytes(3);
                // 12-byte IV + ciphertext as long as the hex + 16-byte GCM tag
                assertThat(md5).hasSize(12 + 32 + 16);
                assertThat(sha256).hasSize(12 + 64 + 16);
                assertThat(new String(md5, StandardCharsets.ISO_8859_1)).doesNotContain(MD5_HA1.substring(0, 8));
                assertThat(new String(sha256, StandardCharsets.ISO_8859_1)).doesNotContain(SHA256_HA1.substring(0, 8));
                assertThat(rs.getBytes(4)).isNull();
                String wholeRow = rs.getString(5);
                assertThat(wholeRow).doesNotContain(MD5_HA1).doesNotContain(SHA256_HA1)
                        .doesNotContain(hex(MD5_HA1)).doesNotContain(hex(SHA256_HA1));
            }
        }
    }

    private static int send(ProxyInstance proxy, String method, String path, String token, Object body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + proxy.port() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (path.endsWith(":fetch")) {
            assertThat(response.body()).contains(MD5_HA1);
        }
        return response.statusCode();
    }

    private static Map<String, Object> body(String webIdentity, long version) {
        return Map.of("wwsfIdentity", WWSF, "webIdentity", webIdentity, "realm", WWSF, "qop", "auth",
                "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1),
                        Map.of("algorithm", "SHA-256", "ha1", SHA256_HA1)),
                "credentialVersion", version);
    }

    /** How PostgreSQL prints the ASCII bytes of the H(A1) in a bytea text form. */
    private static String hex(String ha1) {
        return java.util.HexFormat.of().formatHex(ha1.getBytes(StandardCharsets.US_ASCII));
    }
}
