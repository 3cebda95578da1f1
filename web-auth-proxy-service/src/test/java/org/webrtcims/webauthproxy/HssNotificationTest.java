package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.MD5_HA1;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SYNC_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.WWSF;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.TestPostgres;

import com.sun.net.httpserver.HttpServer;

/**
 * Profile §5.4: a revocation (and an update) is notified to the HSS from a durable outbox written with the
 * change, with the proxy's own token, and retried until the HSS answers 2xx.
 */
class HssNotificationTest {

    private static final String TOKEN_AT_HSS = "test-proxy-token-at-the-hss-01";

    /** A stand-in for the HSS's credential-changes endpoint that fails its first {@code failures} calls. */
    private static final class FakeHss implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        final HttpServer server;

        FakeHss() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/admin/v1/notifications/credential-changes", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean fail = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                received.add((fail ? "FAILED " : "") + exchange.getRequestHeaders().getFirst("Authorization")
                        + " " + body);
                exchange.sendResponseHeaders(fail ? 503 : 204, -1);
                exchange.close();
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void revocationIsNotifiedToTheHssWithTheProxysTokenAndRetriedUntilTheHssAccepts() throws IOException {
        try (FakeHss hss = new FakeHss();
             ProxyInstance proxy = ProxyInstance.start(TestPostgres.newDatabase("proxy_notify"), Map.of(
                     "web-auth-proxy.hss.base-url", hss.baseUrl(), "web-auth-proxy.hss.token", TOKEN_AT_HSS,
                     "web-auth-proxy.hss.poll-interval", "100ms"))) {
            WebTestClient client = proxy.client();
            sync(client, "revoked@idp.example.com", 1).expectStatus().isCreated();
            hss.failures.set(2);
            client.post().uri("/sync/v1/credentials:revoke").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", "revoked@idp.example.com"))
                    .exchange().expectStatus().isNoContent();

            // attempts after 0 s, 1 s, 2 s: the third is accepted
            org.awaitility.Awaitility.await("the revocation accepted by the HSS").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> hss.received.stream().anyMatch(r -> r.startsWith("Bearer " + TOKEN_AT_HSS)));
            assertThat(hss.received).hasSize(3);
            assertThat(hss.received.get(0)).startsWith("FAILED ");
            assertThat(hss.received.get(2)).contains("\"wwsfIdentity\":\"" + WWSF + "\"")
                    .contains("\"webIdentity\":\"revoked@idp.example.com\"").contains("\"change\":\"REVOKED\"");

            // an update to a higher version is notified as UPDATED; a first sync (CREATED) is not
            sync(client, "revoked@idp.example.com", 2).expectStatus().isOk();
            org.awaitility.Awaitility.await("the update notified").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> hss.received.stream().anyMatch(r -> r.contains("\"change\":\"UPDATED\"")));
            assertThat(hss.received).hasSize(4);
        }
    }

    private static WebTestClient.ResponseSpec sync(WebTestClient client, String webIdentity, long version) {
        return client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", webIdentity, "realm", WWSF,
                        "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1)), "credentialVersion", version))
                .exchange();
    }
}
