package org.webrtcims.scscf.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipTestClient;
import org.webrtcims.scscf.registrar.BindingStore;

/**
 * Profile §5.4: revoking a credential at the web-auth proxy reaches the HSS (durable outbox), which de-registers
 * the user at its S-CSCF (RTR PERMANENT_TERMINATION) within seconds, not at the next refresh.
 */
class CredentialRevocationTest {

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
    void revokedCredentialDeregistersTheUserWithinSecondsAndANewRegisterGets403() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        assertThat(epcscf.register(user, new EpCscfStandIn.Flow(), "wonderland", 600).getStatusCode()).isEqualTo(200);
        BindingStore bindings = core.scscf.bean(BindingStore.class);
        assertThat(bindings.current(user.impu())).isNotEmpty();
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);

        core.revoke(user);

        org.awaitility.Awaitility.await("the S-CSCF's bindings removed and the HSS's LIR says not registered")
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> bindings.current(user.impu()).isEmpty() && core.locationStatus(user.impu()) == 404);
        assertThat(epcscf.send(user, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600).getStatusCode()).isEqualTo(403);
    }

    @Test
    void refreshChallengedBeforeAnRtrAndAnsweredAfterItIsAssignedAtTheHssAgain() {
        // issue 12: the refresh's bindings were read with its challenge (their SAR is recent, so no SAR would be
        // due, profile D11); the registration must not be written on the strength of a SAR the HSS has undone
        // since (RTR): the statement finds no binding carrying it, writes nothing, and SAR is sent after all
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        BindingStore bindings = core.scscf.bean(BindingStore.class);
        java.time.Instant firstSar = bindings.current(user.impu()).get(0).sarAt();
        Response challenge = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        assertThat(challenge.getStatusCode()).isEqualTo(401);

        core.revoke(user);
        org.awaitility.Awaitility.await("the S-CSCF's bindings removed and the HSS's LIR says not registered")
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> bindings.current(user.impu()).isEmpty() && core.locationStatus(user.impu()) == 404);

        // the vector was fetched before the revocation, so the HSS accepts the SAR: the point is that it is asked
        Response answer = epcscf.send(user, flow, EpCscfStandIn.answer(user, challenge, "wonderland",
                EpCscfStandIn.REGISTRAR, "00000001"), 600);
        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);
        assertThat(bindings.current(user.impu())).singleElement()
                .satisfies(b -> assertThat(b.sarAt()).isAfter(firstSar));
    }

    @Test
    void revocationMadeWhileTheHssIsDownReachesItWhenItIsBack() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        assertThat(epcscf.register(user, new EpCscfStandIn.Flow(), "wonderland", 600).getStatusCode()).isEqualTo(200);
        BindingStore bindings = core.scscf.bean(BindingStore.class);
        core.hss.stop();
        try {
            core.revoke(user);
        } finally {
            core.hss.start();
        }
        // the outbox retries with back-off (1 s, 2 s, 4 s, ...): the notice arrives once the HSS answers
        org.awaitility.Awaitility.await("the revocation delivered after the HSS restart")
                .atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> bindings.current(user.impu()).isEmpty() && core.locationStatus(user.impu()) == 404);
    }
}
