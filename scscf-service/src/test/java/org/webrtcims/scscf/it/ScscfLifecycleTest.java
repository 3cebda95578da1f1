package org.webrtcims.scscf.it;

import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipTestClient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Registration lifecycle and failures at the S-CSCF (profile §7.1–7.3, §6 rows 15, 23): expiry, the HSS's RTR,
 * the HSS going away and coming back, the S-CSCF restarting with bindings in PostgreSQL.
 */
class ScscfLifecycleTest {

    private static CoreUnderTest core;
    private static SipTestClient tcp;
    private static EpCscfStandIn epcscf;

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(Map.of());
        tcp = new SipTestClient("tcp");
        epcscf = new EpCscfStandIn(tcp, "127.0.0.1:" + core.scscfSipPort);
    }

    @AfterAll
    static void stop() {
        tcp.close();
        core.close();
    }

    @Test
    void bindingExpiryDeregistersTheImpuAtTheHss() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        assertThat(epcscf.register(user, new EpCscfStandIn.Flow(), "wonderland", 2).getStatusCode()).isEqualTo(200);
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);
        org.awaitility.Awaitility.await("the HSS sees the IMPU de-registered").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> core.locationStatus(user.impu()) == 404);
    }

    @Test
    void rtrFromTheHssRemovesTheBindings() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + core.scscfHttpPort).build()
                .post().uri("/cx-notify/v1/deregistrations")
                .headers(h -> h.setBearerAuth(CoreUnderTest.SCSCF_NOTIFY_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impi", user.webIdentity(), "impus", List.of(user.impu()),
                        "reason", Map.of("code", "PERMANENT_TERMINATION")))
                .exchange().expectStatus().isNoContent();
        // no binding is left: a tls-yes de-registration finds nothing to remove and is challenged instead
        Response answer = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-yes"), 0);
        assertThat(answer.getStatusCode()).isEqualTo(401);
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + core.scscfHttpPort).build()
                .post().uri("/cx-notify/v1/deregistrations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(user.impu()))).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void hssStoppedGives5xxNever403AndRegistrationWorksAgainOnceItIsBack() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        try {
            core.hss.stop();
            Response answer = epcscf.send(user, new EpCscfStandIn.Flow(),
                    EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
            assertThat(answer.getStatusCode()).isIn(500, 504);
            if (answer.getStatusCode() == 500) {
                assertThat(SipTestClient.values(answer, "Retry-After")).containsExactly("30");
            }
        } finally {
            core.hss.start();
        }
        assertThat(epcscf.register(user, new EpCscfStandIn.Flow(), "wonderland", 600).getStatusCode()).isEqualTo(200);
    }

    @Test
    void restartedScscfStillServesARefreshOfAnExistingBinding() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        core.scscf.stop();
        core.scscf.start();
        // JsSIP refreshes with the same Call-ID and a new challenge (D11)
        Response refreshed = epcscf.register(user, flow, "wonderland", 600);
        assertThat(refreshed.getStatusCode()).isEqualTo(200);
        assertThat(SipTestClient.values(refreshed, "Contact")).hasSize(1);
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);
    }
}
