package org.webrtcims.hss;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.ports.FreePorts;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/** A real web-auth proxy in the test JVM (the test kit's {@link RunningApp}), on a fixed port so that it can be stopped and started again. */
public final class RunningProxy implements AutoCloseable {

    public static final String HSS_TOKEN = "test-proxy-token-for-the-hss-01";
    /** An operator of the proxy (ADMIN may sync for every WWSF; a SYNC client only for the WWSFs it lists). */
    public static final String SYNC_TOKEN = "test-proxy-token-for-sync-0001";

    private final TestDatabase database = TestPostgres.newDatabase("hss_test_proxy");
    private final int port = FreePorts.next();
    private final RunningApp app;

    private RunningProxy() {
        app = new RunningApp(Service.WEB_AUTH_PROXY, Map.ofEntries(
                Map.entry("server.port", port),
                Map.entry("spring.datasource.url", database.jdbcUrl()),
                Map.entry("spring.datasource.username", database.username()),
                Map.entry("spring.datasource.password", database.password()),
                Map.entry("api-auth.clients[0].name", "hss"),
                Map.entry("api-auth.clients[0].token", HSS_TOKEN),
                Map.entry("api-auth.clients[0].role", "HSS"),
                Map.entry("api-auth.clients[1].name", "operator"),
                Map.entry("api-auth.clients[1].token", SYNC_TOKEN),
                Map.entry("api-auth.clients[1].role", "ADMIN"),
                Map.entry("web-auth-proxy.encryption.active-key-id", "k1"),
                Map.entry("web-auth-proxy.encryption.keys.k1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")));
    }

    public static RunningProxy start() {
        RunningProxy proxy = new RunningProxy();
        proxy.startAgain();
        return proxy;
    }

    public void startAgain() {
        app.start();
    }

    public void stop() {
        app.stop();
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Syncs a credential the way the third-party authentication service would. */
    public void sync(String wwsf, String webIdentity, String realm, long version, String... algorithmAndHa1) {
        List<Map<String, String>> vectors = new ArrayList<>();
        for (int i = 0; i < algorithmAndHa1.length; i += 2) {
            vectors.add(Map.of("algorithm", algorithmAndHa1[i], "ha1", algorithmAndHa1[i + 1]));
        }
        WebTestClient.bindToServer().baseUrl(baseUrl()).build().put().uri("/sync/v1/credentials")
                .headers(h -> h.setBearerAuth(SYNC_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", wwsf, "webIdentity", webIdentity, "realm", realm,
                        "vectors", vectors, "credentialVersion", version))
                .exchange().expectStatus().is2xxSuccessful();
    }

    public void revoke(String wwsf, String webIdentity) {
        WebTestClient.bindToServer().baseUrl(baseUrl()).build().post().uri("/sync/v1/credentials:revoke")
                .headers(h -> h.setBearerAuth(SYNC_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", wwsf, "webIdentity", webIdentity))
                .exchange().expectStatus().isNoContent();
    }

    @Override
    public void close() {
        stop();
    }
}
