package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.HSS_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.MD5_HA1;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.SYNC_TOKEN;
import static org.webrtcims.webauthproxy.ProxyIntegrationTest.WWSF;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.FreezableTcpRelay;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/**
 * A PostgreSQL that hangs (stops answering without closing anything) or a statement stuck behind a lock costs a
 * request a bounded wait and a 503 + Retry-After (db-timeouts.*), and the pool works again once PostgreSQL does.
 */
class HungDatabaseTest {

    /** The service's defaults (statement 5 s, socket 10 s) are shortened so the test runs in seconds. */
    private static final Map<String, Object> SHORT_LIMITS = Map.of("db-timeouts.statement", "1s",
            "db-timeouts.socket", "2s");
    private static final Duration BOUND = Duration.ofSeconds(6);

    @Test
    void fetchAnswers503WithRetryAfterWithinSecondsWhilePostgresHangsAndWorksAgainWhenItAnswers() {
        TestDatabase database = TestPostgres.newDatabase("proxy_hung");
        try (FreezableTcpRelay relay = FreezableTcpRelay.to(database);
             ProxyInstance proxy = ProxyInstance.start(relay.through(database), SHORT_LIMITS)) {
            WebTestClient client = proxy.client();
            sync(client, "hung@idp.example.com", 1).expectStatus().isCreated();
            fetch(client, "hung@idp.example.com").expectStatus().isOk();

            relay.freeze();
            for (int i = 0; i < 3; i++) { // the pooled connections, then new ones, all hang
                long started = System.nanoTime();
                EntityExchangeResult<byte[]> answer = fetch(client, "hung@idp.example.com")
                        .expectStatus().isEqualTo(503)
                        .expectHeader().valueEquals("Retry-After", "5")
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().returnResult();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answer %d took", i).isLessThan(BOUND);
                assertThat(new String(answer.getResponseBody())).contains("DATABASE_UNAVAILABLE");
            }

            relay.thaw();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    fetch(client, "hung@idp.example.com").expectStatus().isOk());
        }
    }

    @Test
    void aSyncBlockedBehindARowLockIsCancelledByTheStatementTimeoutWith503() throws Exception {
        TestDatabase database = TestPostgres.newDatabase("proxy_locked");
        try (ProxyInstance proxy = ProxyInstance.start(database, SHORT_LIMITS);
             Connection locker = database.connect()) {
            WebTestClient client = proxy.client();
            sync(client, "locked@idp.example.com", 1).expectStatus().isCreated();

            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("SELECT * FROM credential WHERE web_identity = 'locked@idp.example.com' FOR UPDATE");
            }
            long started = System.nanoTime();
            sync(client, "locked@idp.example.com", 2).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);

            locker.rollback();
            sync(client, "locked@idp.example.com", 2).expectStatus().isOk();
        }
    }

    private static WebTestClient.ResponseSpec sync(WebTestClient client, String webIdentity, long version) {
        return client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", WWSF, "webIdentity", webIdentity, "realm", WWSF,
                        "vectors", List.of(Map.of("algorithm", "MD5", "ha1", MD5_HA1)), "credentialVersion", version))
                .exchange();
    }

    private static WebTestClient.ResponseSpec fetch(WebTestClient client, String webIdentity) {
        return client.post().uri("/av/v1/digest-vectors:fetch").headers(h -> h.setBearerAuth(HSS_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("webIdentity", webIdentity, "wwsfIdentity", WWSF)).exchange();
    }
}
