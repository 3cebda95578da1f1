package org.webrtcims.icscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.fixture.SipTestClient;
import org.webrtcims.ports.FreePorts;

/**
 * S-CSCF failure is survivable (issue 11 finding 4, profile §6 rows 12–13, TS 29.228 §6.1.1): two real S-CSCFs
 * on one database, the real HSS, proxy and I-CSCF, over real SIP sockets. When the S-CSCF the HSS has assigned
 * is gone, the I-CSCF asks the HSS for reselection (UAR REGISTRATION_AND_CAPABILITIES), the other S-CSCF takes
 * the registration and the bindings over, with no operator action.
 */
class ScscfFailoverTest {

    private static CoreUnderTest core;
    private static CoreUnderTest.OtherScscf second;
    private static RunningApp icscf;
    private static int icscfPort;
    private static SipTestClient tcp;

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(Map.of());
        second = core.anotherScscf();
        // the HSS lists both: the fixture's S-CSCF first, then the second one
        core.hss.stop();
        core.hss.set("hss.scscfs[1].name", second.name());
        core.hss.set("hss.scscfs[1].notify-url", "http://127.0.0.1:" + second.httpPort());
        core.hss.start();
        second.app().start();
        icscfPort = FreePorts.next();
        icscf = new RunningApp(Service.ICSCF, Map.of(
                "server.port", FreePorts.next(),
                "icscf.sip.host", "127.0.0.1",
                "icscf.sip.port", icscfPort,
                "icscf.sip.t1", "50ms",
                "icscf.hss.base-url", "http://127.0.0.1:" + core.hssPort,
                "icscf.hss.token", CoreUnderTest.HSS_ICSCF_TOKEN)).start();
        tcp = new SipTestClient("tcp");
    }

    @BeforeEach
    void bothRunning() {
        core.scscf.start();
        second.app().start();
    }

    @AfterAll
    static void stop() {
        tcp.close();
        icscf.close();
        second.app().stop();
        core.close();
    }

    private static EpCscfStandIn viaIcscf() {
        return new EpCscfStandIn(tcp, "127.0.0.1:" + icscfPort);
    }

    private static String ownerOf(String impu) {
        return second.app().bean(JdbcTemplate.class).queryForList(
                "SELECT DISTINCT owner FROM registration_binding WHERE impu = ?", String.class, impu).toString();
    }

    @Test
    void aKilledScscfsUsersRegisterAgainThroughAnotherOneWithoutOperatorAction() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(viaIcscf().register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        assertThat(core.servingScscf(user.impu())).isEqualTo(core.scscfName);

        core.scscf.stop(); // scaled down or crashed, not coming back

        // the refresh: UAR names the dead S-CSCF, it does not answer, the I-CSCF asks for reselection
        Response refreshed = viaIcscf().register(user, flow, "wonderland", 600);
        assertThat(refreshed.getStatusCode()).isEqualTo(200);
        assertThat(SipTestClient.values(refreshed, "Service-Route").get(0))
                .contains("sip:orig@127.0.0.1:" + second.sipPort());
        assertThat(SipTestClient.values(refreshed, "Contact")).hasSize(1);
        assertThat(core.servingScscf(user.impu())).isEqualTo(second.name());
        // the new S-CSCF owns the user's bindings: the dead one's leftovers are neither swept in its name nor
        // counted against max-bindings
        assertThat(ownerOf(user.impu())).isEqualTo("[" + second.name() + "]");
        // and the next refresh goes straight to it
        assertThat(viaIcscf().register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        assertThat(core.servingScscf(user.impu())).isEqualTo(second.name());
    }

    @Test
    void aHungAssignedScscfIsReselectedAfterTimerF() throws java.io.IOException {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(viaIcscf().register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        assertThat(core.servingScscf(user.impu())).isEqualTo(core.scscfName);
        core.scscf.stop();
        // hung, not gone: its port accepts connections and answers nothing, so only Timer F tells
        try (java.net.ServerSocket hung = new java.net.ServerSocket()) {
            hung.setReuseAddress(true);
            hung.bind(new java.net.InetSocketAddress("127.0.0.1", core.scscfSipPort));
            java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hung.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "hung-scscf");
            acceptor.setDaemon(true);
            acceptor.start();
            try {
                Response refreshed = viaIcscf().register(user, flow, "wonderland", 600);
                assertThat(refreshed.getStatusCode()).isEqualTo(200);
                assertThat(accepted).isNotEmpty();
                assertThat(core.servingScscf(user.impu())).isEqualTo(second.name());
            } finally {
                for (java.net.Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Test
    void whenNoScscfAnswersTheIcscfAnswers408() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(viaIcscf().register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        core.scscf.stop();
        second.app().stop();
        // RFC 3261 §16.7, profile §6 row 13: the assigned one and the reselected one are tried, none answers
        Response answer = viaIcscf().send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        assertThat(answer.getStatusCode()).isEqualTo(408);
        assertThat(answer.getReasonPhrase()).isNotBlank();
    }
}
