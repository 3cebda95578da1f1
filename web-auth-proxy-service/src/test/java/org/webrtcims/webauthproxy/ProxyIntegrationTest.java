package org.webrtcims.webauthproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/**
 * The proxy on a random port against a real PostgreSQL schema, with the tokens of web-auth-proxy-test.yml.
 * Test classes share the context (and the schema); each test uses its own web identities.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WebAuthProxyApplication.CONFIG_NAME)
@AutoConfigureWebTestClient(timeout = "30s") // a cold JVM on a loaded 2-core machine can take over 5 s
@ActiveProfiles("test")
public abstract class ProxyIntegrationTest {

    public static final String SYNC_TOKEN = "test-sync-token-example-000001";
    public static final String OTHER_SYNC_TOKEN = "test-sync-token-other-0000001";
    public static final String HSS_TOKEN = "test-internal-token-hss-00001";
    public static final String ADMIN_TOKEN = "test-admin-token-operator-001";

    public static final String WWSF = "wwsf.example.com";
    /** Profile §4.3: H(A1) of alice@idp.example.com / wwsf.example.com / wonderland. */
    public static final String MD5_HA1 = "2774221d5d92ce890250a1af4d3b3903";
    public static final String SHA256_HA1 = "7a335cd11309936be853966854198263ec8bb572a1ff81a81076de526e2d53ec";
    public static final String SHA512_256_HA1 = "da7d6bf885727aae07eae92a69742db9c8b254985f055c90bdbece2f6ee8b154";

    protected static final TestDatabase DATABASE = TestPostgres.newDatabase("web_auth_proxy");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.registerWith(registry);
    }

    @Autowired
    protected WebTestClient client;

    /** Probes and metrics are served on the management port only (management.server.port). */
    @Value("${local.management.port}")
    protected int managementPort;

    protected WebTestClient management() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
    }

    protected static String newWebIdentity() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@idp.example.com";
    }

    /** A sync body for {@link #WWSF} with the given vectors as alternating algorithm, ha1 pairs. */
    protected static Map<String, Object> credential(String webIdentity, long version, String... algorithmAndHa1) {
        List<Map<String, String>> vectors = new ArrayList<>();
        for (int i = 0; i < algorithmAndHa1.length; i += 2) {
            vectors.add(Map.of("algorithm", algorithmAndHa1[i], "ha1", algorithmAndHa1[i + 1]));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wwsfIdentity", WWSF);
        body.put("webIdentity", webIdentity);
        body.put("realm", WWSF);
        body.put("qop", "auth");
        body.put("vectors", vectors);
        body.put("credentialVersion", version);
        return body;
    }

    protected WebTestClient.ResponseSpec put(String token, Object body) {
        return client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    protected WebTestClient.ResponseSpec fetch(String token, Object body) {
        return client.post().uri("/av/v1/digest-vectors:fetch").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    protected WebTestClient.ResponseSpec revoke(String token, String webIdentity) {
        return client.post().uri("/sync/v1/credentials:revoke").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", webIdentity)).exchange();
    }

    protected WebTestClient.ResponseSpec status(String token, String wwsf, String webIdentity) {
        return client.get().uri(b -> b.path("/sync/v1/credentials:status").queryParam("wwsfIdentity", wwsf)
                        .queryParam("webIdentity", webIdentity).build())
                .headers(h -> h.setBearerAuth(token)).exchange();
    }

    protected static Map<String, Object> fetchBody(String webIdentity, String... algorithms) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webIdentity", webIdentity);
        body.put("wwsfIdentity", WWSF);
        if (algorithms.length > 0) {
            body.put("algorithms", List.of(algorithms));
        }
        return body;
    }
}
