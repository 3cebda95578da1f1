package org.webrtcims.scscf.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import javax.sip.message.Response;

import org.junit.jupiter.api.Test;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipTestClient;
import org.webrtcims.testdb.FreezableTcpRelay;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/**
 * Profile §6 row 15 with the S-CSCF's own database hung (a relay that stops forwarding): a REGISTER gets
 * 500 + Retry-After within seconds (db-timeouts.*), never 403 and never silence, and registration works again
 * once PostgreSQL answers.
 */
class ScscfHungDatabaseTest {

    @Test
    void registerGets500WithRetryAfterWithinSecondsWhileTheScscfDatabaseHangsAndWorksAfter() {
        TestDatabase database = TestPostgres.newDatabase("scscf_hung");
        try (FreezableTcpRelay relay = FreezableTcpRelay.to(database)) {
            TestDatabase through = relay.through(database);
            CoreUnderTest core = new CoreUnderTest(Map.of(
                    "spring.datasource.url", through.jdbcUrl(),
                    "spring.datasource.username", through.username(),
                    "spring.datasource.password", through.password(),
                    "db-timeouts.statement", "1s",
                    "db-timeouts.socket", "2s"));
            try (core; SipTestClient tcp = new SipTestClient("tcp")) {
                EpCscfStandIn epcscf = new EpCscfStandIn(tcp, "127.0.0.1:" + core.scscfSipPort);
                CoreUnderTest.WebUser user = core.provision("md5-only");
                assertThat(epcscf.register(user, new EpCscfStandIn.Flow(), "wonderland", 600).getStatusCode())
                        .isEqualTo(200);

                relay.freeze();
                long started = System.nanoTime();
                Response answer = epcscf.send(user, new EpCscfStandIn.Flow(),
                        EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
                assertThat(answer.getStatusCode()).isEqualTo(500);
                assertThat(SipTestClient.values(answer, "Retry-After")).containsExactly("30");

                relay.thaw();
                org.awaitility.Awaitility.await("registration works again").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500)).until(() ->
                                epcscf.register(user, new EpCscfStandIn.Flow(), "wonderland", 600).getStatusCode() == 200);
            }
        }
    }
}
