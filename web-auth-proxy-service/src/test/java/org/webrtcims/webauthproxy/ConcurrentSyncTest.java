package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Out-of-order, simultaneous syncs of one credential never lose the newest version (profile §5.4 409 rule). */
class ConcurrentSyncTest extends ProxyIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void concurrentSyncsOfOneCredentialLeaveTheHighestVersionAndItsContent() {
        WebClient web = WebClient.builder().baseUrl("http://localhost:" + port).build();
        for (int round = 0; round < 10; round++) {
            String webId = newWebIdentity();
            List<Integer> versions = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8));
            Collections.shuffle(versions);
            List<Integer> statuses = Flux.fromIterable(versions)
                    .flatMap(v -> web.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(credential(webId, v, "MD5", ha1ForVersion(v)))
                            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                            .subscribeOn(Schedulers.parallel()), 8)
                    .collectList().block();
            assertThat(statuses).hasSize(8).allMatch(s -> s == 200 || s == 201 || s == 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isOk().expectBody()
                    .jsonPath("$.credentialVersion").isEqualTo(8)
                    .jsonPath("$.vectors[0].ha1").isEqualTo(ha1ForVersion(8));
        }
    }

    @Test
    void twoSyncsRacingWithDifferentVersionsKeepTheHigherOne() {
        WebClient web = WebClient.builder().baseUrl("http://localhost:" + port).build();
        for (int round = 0; round < 20; round++) {
            String webId = newWebIdentity();
            put(SYNC_TOKEN, credential(webId, 1, "MD5", ha1ForVersion(1))).expectStatus().isCreated();
            Map<Integer, Integer> statusByVersion = Flux.just(3, 2)
                    .flatMap(v -> web.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(credential(webId, v, "MD5", ha1ForVersion(v)))
                            .exchangeToMono(r -> r.releaseBody().thenReturn(Map.entry(v, r.statusCode().value())))
                            .subscribeOn(Schedulers.parallel()), 2)
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
            assertThat(statusByVersion.get(3)).isEqualTo(200);
            assertThat(statusByVersion.get(2)).isIn(200, 409);
            fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isOk().expectBody()
                    .jsonPath("$.credentialVersion").isEqualTo(3)
                    .jsonPath("$.vectors[0].ha1").isEqualTo(ha1ForVersion(3));
        }
    }

    private static String ha1ForVersion(int version) {
        return DigestCalculator.ha1(DigestAlgorithm.MD5, "racer", WWSF, "password-" + version);
    }
}
