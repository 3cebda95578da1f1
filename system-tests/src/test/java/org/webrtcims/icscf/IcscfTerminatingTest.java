package org.webrtcims.icscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.client.HssConnection;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.fixture.SipPeer;
import org.webrtcims.ports.FreePorts;
import org.webrtcims.sip.SipHeaders;

/**
 * Terminating requests through the I-CSCF (TS 24.229 §5.3.2.1, profile §8.1, §6 row 27, §7.4) over real TCP, with
 * the real HSS and PostgreSQL: the originating S-CSCF is a SIP peer, the serving S-CSCF a stand-in SIP peer on the
 * port of the Server-Name the HSS stores (the fixture's S-CSCF is stopped; the stand-in registers users at the HSS
 * with MAR and SAR as that S-CSCF would).
 */
class IcscfTerminatingTest {

    private static CoreUnderTest core;
    private static RunningApp icscf;
    private static int icscfPort;
    private static SipPeer originating;
    private static SipPeer serving;
    private static HssCxClient asScscf;

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(Map.of());
        core.scscf.stop(); // its port and Server-Name go to the stand-in
        serving = new SipPeer(core.scscfSipPort, IcscfTerminatingTest::servingAnswer);
        icscfPort = FreePorts.next();
        icscf = new RunningApp(Service.ICSCF, Map.of(
                "server.port", FreePorts.next(),
                "icscf.sip.host", "127.0.0.1",
                "icscf.sip.port", icscfPort,
                "icscf.sip.t1", "50ms",
                "icscf.trusted-peers[0]", "127.0.0.0/8",
                "icscf.hss.base-url", "http://127.0.0.1:" + core.hssPort,
                "icscf.hss.token", CoreUnderTest.HSS_ICSCF_TOKEN)).start();
        originating = new SipPeer();
        asScscf = new HssCxClient(new HssConnection(URI.create("http://127.0.0.1:" + core.hssPort),
                CoreUnderTest.HSS_SCSCF_TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(20)));
    }

    /**
     * The serving S-CSCF stand-in answers like a UAS: 200 to MESSAGE/OPTIONS/SUBSCRIBE/BYE, 180 to INVITE (then
     * waits; the peer answers a CANCEL with 200 and the INVITE with 487); nothing to a request carrying
     * {@code X-Test: silent}, and an INVITE with {@code X-Test: answer-twice} is the test's to answer.
     */
    private static int servingAnswer(Request request) {
        javax.sip.header.Header test = request.getHeader("X-Test");
        if (test != null && (test.toString().contains("silent") || test.toString().contains("answer-twice"))) {
            return SipPeer.KEEP;
        }
        return Request.INVITE.equals(request.getMethod()) ? 180 : 200;
    }

    @AfterAll
    static void stop() {
        originating.close();
        serving.close();
        icscf.close();
        core.close();
    }

    /** A provisioned user registered at the stand-in's Server-Name (MAR pins it, SAR REGISTRATION registers it). */
    private static CoreUnderTest.WebUser registeredUser() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        asScscf.authData(user.webIdentity(), new MultimediaAuthRequest(user.impu(), user.wwsf(), core.scscfName,
                MultimediaAuthRequest.SIP_DIGEST, 1, null)).block(Duration.ofSeconds(30));
        asScscf.assign(user.impu(), new ServerAssignmentRequest(user.webIdentity(), core.scscfName,
                ServerAssignmentType.REGISTRATION, false, user.wwsf())).block(Duration.ofSeconds(30));
        return user;
    }

    /** The headers the originating S-CSCF sends to the I-CSCF (profile §8.2 step 3). */
    private static List<String> headers(String method, String target, String... extra) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = new ArrayList<>(List.of(
                "Route: <sip:127.0.0.1:" + icscfPort + ";transport=tcp;lr>",
                "Max-Forwards: 69",
                "To: <" + target + ">",
                "From: <sip:alice.web@ims.example.net>;tag=" + tag,
                "Call-ID: term-" + tag,
                "CSeq: 1 " + method,
                "P-Asserted-Identity: <sip:alice.web@ims.example.net>"));
        lines.addAll(List.of(extra));
        return lines;
    }

    private static SipPeer.Exchange message(String target, String... extra) {
        return originating.send("MESSAGE", target, headers("MESSAGE", target,
                concat(extra, "Content-Type: text/plain")), "hello");
    }

    private static String[] concat(String[] extra, String line) {
        String[] all = java.util.Arrays.copyOf(extra, extra.length + 1);
        all[extra.length] = line;
        return all;
    }

    @Test
    void messageToARegisteredUserReachesItsScscfWithTheRouteAndOneLessMaxForwardsAndIts200ComesBack()
            throws Exception {
        CoreUnderTest.WebUser bob = registeredUser();
        serving.received.clear();
        SipPeer.Exchange exchange = message(bob.impu());
        Request arrived = serving.next().request();
        assertThat(arrived.getMethod()).isEqualTo("MESSAGE");
        assertThat(arrived.getRequestURI().toString()).isEqualTo(bob.impu()); // Request-URI unchanged
        List<String> routes = SipHeaders.all(arrived, "Route");
        assertThat(routes).hasSize(1); // the I-CSCF's own Route popped, the S-CSCF's pushed
        assertThat(routes.get(0)).contains("sip:127.0.0.1:" + core.scscfSipPort).contains("transport=tcp")
                .contains(";lr");
        assertThat(((MaxForwardsHeader) arrived.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(68);
        assertThat(arrived.getHeader("Record-Route")).isNull(); // not in the dialog
        assertThat(SipHeaders.all(arrived, "Via")).hasSize(2);
        assertThat(SipHeaders.all(arrived, "Via").get(0)).contains("127.0.0.1:" + icscfPort);
        assertThat(new String(arrived.getRawContent(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello");
        Response ok = exchange.awaitFinal();
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(SipHeaders.all(ok, "Via")).hasSize(1);
    }

    @Test
    void aTelUriIsRoutedLikeItsSipAlias() throws Exception {
        CoreUnderTest.WebUser bob = registeredUser();
        serving.received.clear();
        SipPeer.Exchange exchange = message(bob.telImpu());
        Request arrived = serving.next().request();
        assertThat(arrived.getRequestURI().toString()).isEqualTo(bob.telImpu());
        assertThat(SipHeaders.all(arrived, "Route").get(0)).contains("sip:127.0.0.1:" + core.scscfSipPort);
        assertThat(exchange.awaitFinal().getStatusCode()).isEqualTo(200);
    }

    @Test
    void theEpCscfsRegEventSubscribeIsRoutedToTheServingScscf() throws Exception {
        CoreUnderTest.WebUser bob = registeredUser();
        serving.received.clear();
        // profile §7.4 (D13): From and PAI are the eP-CSCF's; LIR without originating is terminating
        String tag = UUID.randomUUID().toString().substring(0, 8);
        SipPeer.Exchange exchange = originating.send("SUBSCRIBE", bob.impu(), List.of(
                "Route: <sip:127.0.0.1:" + icscfPort + ";transport=tcp;lr>",
                "Max-Forwards: 70",
                "To: <" + bob.impu() + ">",
                "From: <sip:127.0.0.1:" + originating.port() + ">;tag=" + tag,
                "Call-ID: sub-" + tag,
                "CSeq: 1 SUBSCRIBE",
                "Contact: <sip:127.0.0.1:" + originating.port() + ";transport=tcp>",
                "P-Asserted-Identity: <sip:127.0.0.1:" + originating.port() + ">",
                "Event: reg",
                "Accept: application/reginfo+xml",
                "Expires: 600000"), null);
        Request arrived = serving.next().request();
        assertThat(arrived.getMethod()).isEqualTo("SUBSCRIBE");
        assertThat(SipHeaders.all(arrived, "Route").get(0)).contains("sip:127.0.0.1:" + core.scscfSipPort);
        assertThat(exchange.awaitFinal().getStatusCode()).isEqualTo(200);
    }

    @Test
    void unknownImpuIs404() throws Exception {
        assertThat(message("sip:nobody-" + UUID.randomUUID() + "@ims.example.net").awaitFinal().getStatusCode())
                .isEqualTo(404);
    }

    @Test
    void provisionedButUnregisteredUserIs480() throws Exception {
        CoreUnderTest.WebUser carol = core.provision("md5-only");
        assertThat(message(carol.impu()).awaitFinal().getStatusCode()).isEqualTo(480);
        assertThat(message(carol.telImpu()).awaitFinal().getStatusCode()).isEqualTo(480);
    }

    @Test
    void requestUriOutsideTheHomeNetworkIs404() throws Exception {
        Response answer = message("sip:bob@elsewhere.example.org").awaitFinal();
        assertThat(answer.getStatusCode()).isEqualTo(404);
        assertThat(answer.getReasonPhrase()).contains("home network");
    }

    @Test
    void inDialogRequestWithNoRouteLeftIs403() throws Exception {
        String target = "sip:bob.web@ims.example.net";
        List<String> lines = new ArrayList<>(headers("MESSAGE", target));
        lines.set(2, "To: <" + target + ">;tag=dialog1");
        assertThat(originating.send("MESSAGE", target, lines, null).awaitFinal().getStatusCode())
                .isEqualTo(403);
    }

    @Test
    void inviteGets100TryingThe180IsRelayedAndCancelEndsItWith487() throws Exception {
        CoreUnderTest.WebUser bob = registeredUser();
        serving.received.clear();
        SipPeer.Exchange invite = originating.send("INVITE", bob.impu(), headers("INVITE",
                bob.impu(), "Contact: <sip:127.0.0.1:" + originating.port() + ";transport=tcp>",
                "Content-Type: application/sdp"), "v=0\r\n");
        assertThat(invite.next().getStatusCode()).isEqualTo(100); // the I-CSCF's own, at once
        Response ringing = invite.next();
        assertThat(ringing.getStatusCode()).isEqualTo(180);
        assertThat(SipHeaders.all(ringing, "Via")).hasSize(1);
        assertThat(serving.next().request().getMethod()).isEqualTo("INVITE");
        SipPeer.Exchange cancel = originating.cancel(invite);
        assertThat(cancel.awaitFinal().getStatusCode()).isEqualTo(200); // hop by hop, from the I-CSCF
        assertThat(serving.next().request().getMethod()).isEqualTo("CANCEL"); // the I-CSCF's own CANCEL
        assertThat(invite.awaitFinal().getStatusCode()).isEqualTo(487);
    }

    @Test
    void aNonInviteTheScscfNeverAnswersGets408AfterTimerF() throws Exception {
        CoreUnderTest.WebUser bob = registeredUser();
        Response answer = message(bob.impu(), "X-Test: silent").awaitFinal();
        assertThat(answer.getStatusCode()).isEqualTo(408);
    }

    @Test
    void hssDownIs480() throws Exception {
        CoreUnderTest.WebUser bob = registeredUser();
        try {
            core.hss.stop();
            Response answer = message(bob.impu()).awaitFinal();
            assertThat(answer.getStatusCode()).isEqualTo(480);
            assertThat(answer.getReasonPhrase()).contains("HSS");
        } finally {
            core.hss.start();
        }
        assertThat(message(bob.impu()).awaitFinal().getStatusCode()).isEqualTo(200);
    }

    /** An in-dialog request (To tag) whose Route goes on past the I-CSCF: Route entries as a route set would give. */
    private static List<String> inDialog(String method, String target) {
        List<String> lines = new ArrayList<>(headers(method, target));
        lines.set(0, "Route: <sip:127.0.0.1:" + icscfPort + ";transport=tcp;lr>, <sip:127.0.0.1:" + core.scscfSipPort
                + ";transport=tcp;lr>");
        lines.set(2, "To: <" + target + ">;tag=standin");
        return lines;
    }

    @Test
    void aRequestWithARouteLeftFollowsItWithoutLir() throws Exception {
        serving.received.clear();
        String contact = "sip:bob-contact@127.0.0.1:" + core.scscfSipPort + ";transport=tcp";
        SipPeer.Exchange bye = originating.send("BYE", contact, inDialog("BYE", contact), null);
        Request arrived = serving.next().request();
        assertThat(arrived.getMethod()).isEqualTo("BYE");
        assertThat(SipHeaders.all(arrived, "Route")).hasSize(1);
        assertThat(SipHeaders.all(arrived, "Route").get(0)).contains("127.0.0.1:" + core.scscfSipPort);
        assertThat(bye.awaitFinal().getStatusCode()).isEqualTo(200);
    }

    @Test
    void anAckForA2xxIsForwardedStatelesslyAlongItsRoute() throws Exception {
        serving.received.clear();
        String contact = "sip:bob-contact@127.0.0.1:" + core.scscfSipPort + ";transport=tcp";
        List<String> lines = inDialog("ACK", contact);
        originating.sendStateless(originating.build("ACK", contact, lines, null));
        Request arrived = serving.next().request();
        assertThat(arrived.getMethod()).isEqualTo("ACK");
        assertThat(((MaxForwardsHeader) arrived.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(68);
        assertThat(SipHeaders.all(arrived, "Via").get(0)).contains("127.0.0.1:" + icscfPort);
    }

    @Test
    void anInvitesAnswerIsRelayedAndItsRetransmissionToo() throws Exception {
        CoreUnderTest.WebUser bob = registeredUser();
        originating.strays.clear();
        serving.received.clear();
        SipPeer.Exchange invite = originating.send("INVITE", bob.impu(), headers("INVITE",
                bob.impu(), "Contact: <sip:127.0.0.1:" + originating.port() + ";transport=tcp>",
                "Content-Type: application/sdp", "X-Test: answer-twice"), "v=0\r\n");
        SipPeer.Incoming arrived = serving.next();
        assertThat(arrived.method()).isEqualTo("INVITE");
        // the stand-in answers 180 and 200 at once, then retransmits the 200 as a UAS does
        serving.answer(arrived, 180, SipPeer.TAG);
        Response sent = serving.answer(arrived, 200, SipPeer.TAG);
        Thread.sleep(200);
        serving.sendStateless((Response) sent.clone()); // as a UAS retransmits its 2xx
        Response ok = invite.awaitFinal();
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(SipHeaders.all(ok, "Via")).hasSize(1);
        assertThat(ok.getHeader("Record-Route")).isNull();
        // the stand-in's retransmitted 2xx comes through the I-CSCF statelessly (RFC 3261 §16.7)
        Response again = invite.poll(Duration.ofSeconds(10));
        if (again == null) {
            again = originating.strays.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(again).isNotNull();
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(SipHeaders.all(again, "Via")).hasSize(1);
    }

    @Test
    void aServingScscfThatCannotBeReachedIs480() throws Exception {
        // registered at a Server-Name nobody listens on (the fixture's second S-CSCF, never started)
        CoreUnderTest.OtherScscf gone = core.anotherScscf();
        HssCxClient asGone = new HssCxClient(new HssConnection(URI.create("http://127.0.0.1:" + core.hssPort),
                CoreUnderTest.HSS_SCSCF2_TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(20)));
        CoreUnderTest.WebUser bob = core.provision("md5-only");
        asGone.authData(bob.webIdentity(), new MultimediaAuthRequest(bob.impu(), bob.wwsf(), gone.name(),
                MultimediaAuthRequest.SIP_DIGEST, 1, null)).block(Duration.ofSeconds(30));
        asGone.assign(bob.impu(), new ServerAssignmentRequest(bob.webIdentity(), gone.name(),
                ServerAssignmentType.REGISTRATION, false, bob.wwsf())).block(Duration.ofSeconds(30));
        Response answer = message(bob.impu()).awaitFinal();
        assertThat(answer.getStatusCode()).isEqualTo(480);
        assertThat(answer.getReasonPhrase()).contains("S-CSCF unreachable");
    }

    @Test
    void aTerminatingRequestFromAnUntrustedPeerIs403() throws Exception {
        int port = FreePorts.next();
        try (RunningApp untrusting = new RunningApp(Service.ICSCF, Map.of(
                "server.port", FreePorts.next(),
                "icscf.sip.host", "127.0.0.1",
                "icscf.sip.port", port,
                "icscf.trusted-peers[0]", "10.0.0.0/8",
                "icscf.hss.base-url", "http://127.0.0.1:" + core.hssPort,
                "icscf.hss.token", CoreUnderTest.HSS_ICSCF_TOKEN)).start()) {
            String target = "sip:bob.web@ims.example.net";
            List<String> lines = new ArrayList<>(headers("MESSAGE", target));
            lines.set(0, "Route: <sip:127.0.0.1:" + port + ";transport=tcp;lr>");
            Response answer = originating.send("MESSAGE", target, lines, null).awaitFinal();
            assertThat(answer.getStatusCode()).isEqualTo(403);
            assertThat(answer.getReasonPhrase()).contains("Untrusted");
        }
    }
}
