package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.HSS_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.MD5_HA1;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SHA256_HA1;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SYNC_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.WWSF;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.webrtcims.testdb.TestPostgres;

/**
 * More concurrent {@code credentials:batch} requests than the proxy has database threads: the HSS's
 * {@code digest-vectors:fetch} keeps answering while they run, in a small fraction of the batches' time
 * (batches run on their own sync workers and yield between chunks).
 */
class BatchSyncDoesNotStarveFetchTest {

    private static final int BATCHES = 4;
    private static final int ITEMS = 4_000;

    @Test
    void digestVectorFetchesAnswerQuicklyWhileMoreBatchesRunThanThereAreDatabaseThreads() {
        // a pool of 3 connections: 3 database threads for everything but batches
        try (ProxyInstance proxy = ProxyInstance.start(TestPostgres.newDatabase("proxy_starve"),
                Map.of("spring.datasource.hikari.maximum-pool-size", 3, "web-auth-proxy.sync.threads", 1))) {
            WebClient client = WebClient.builder().baseUrl("http://localhost:" + proxy.port())
                    .codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
            client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", "fetched@idp.example.com", "realm", WWSF,
                            "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1)), "credentialVersion", 1))
                    .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
            assertThat(fetch(client)).isEqualTo(200);

            long started = System.nanoTime();
            List<CompletableFuture<Integer>> batches = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                batches.add(client.post().uri("/sync/v1/credentials:batch").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("items", items(b)))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                        .timeout(Duration.ofMinutes(3)).toFuture());
            }
            CompletableFuture<Void> allBatches = CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new));

            List<Duration> fetchTimes = new ArrayList<>();
            while (!allBatches.isDone()) {
                long t = System.nanoTime();
                assertThat(fetch(client)).isEqualTo(200);
                if (!allBatches.isDone()) { // only fetches that overlapped the batches count
                    fetchTimes.add(Duration.ofNanos(System.nanoTime() - t));
                }
            }
            Duration batchesTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(batches).allSatisfy(f -> assertThat(f.join()).isEqualTo(200));
            assertThat(fetchTimes).as("fetches answered while the batches ran (batches took %s)", batchesTook)
                    .hasSizeGreaterThanOrEqualTo(3);
            Duration slowest = fetchTimes.stream().max(Duration::compareTo).orElseThrow();
            assertThat(slowest).as("slowest fetch while %d batches ran for %s", BATCHES, batchesTook)
                    .isLessThan(batchesTook.dividedBy(4));
        }
    }

    private static int fetch(WebClient client) {
        return client.post().uri("/av/v1/digest-vectors:fetch").headers(h -> h.setBearerAuth(HSS_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("webIdentity", "fetched@idp.example.com", "wwsfIdentity", WWSF))
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .block(Duration.ofMinutes(3));
    }

    private static List<Map<String, Object>> items(int batch) {
        List<Map<String, Object>> items = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            items.add(Map.of("wwsfIdentity", WWSF, "webIdentity", "b" + batch + "-" + i + "@idp.example.com",
                    "realm", WWSF, "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1),
                            Map.of("algorithm", "SHA-256", "ha1", SHA256_HA1)), "credentialVersion", 1));
        }
        return items;
    }
}
