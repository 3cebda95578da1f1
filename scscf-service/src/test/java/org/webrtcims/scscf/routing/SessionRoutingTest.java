package org.webrtcims.scscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipPeer;
import org.webrtcims.scscf.registrar.BindingStore;

/**
 * Session routing at the S-CSCF (issue 13, TS 24.229 §5.4.3, RFC 3261 §16) over real TCP, with the real HSS,
 * web-auth proxy and PostgreSQL: users register through an eP-CSCF stand-in whose Path names it, so terminating
 * requests come back to it; an I-CSCF stand-in receives the originating ones.
 */
class SessionRoutingTest {

    private static SipPeer icscf;
    private static CoreUnderTest core;
    private static String scscf;

    @BeforeAll
    static void start() {
        icscf = new SipPeer();
        core = new CoreUnderTest(SessionRoutingTest::withHookedHandler,
                Map.of("scscf.routing.icscf-uri", "sip:" + icscf.hostPort() + ";transport=tcp",
                        "scscf.routing.timer-c", "3s"));
        scscf = "127.0.0.1:" + core.scscfSipPort;
    }

    /**
     * The S-CSCF with a {@link RequestHandler} bean as the reg event notifier would register one: it takes the
     * requests with {@code Event: test-hook} and answers them itself.
     */
    private static org.springframework.boot.SpringApplication withHookedHandler() {
        org.springframework.boot.SpringApplication application = org.webrtcims.scscf.ScscfApplication.application();
        application.addInitializers(context -> ((org.springframework.context.support.GenericApplicationContext) context)
                .registerBean(RequestHandler.class, () -> (event, transaction) -> {
                    javax.sip.header.EventHeader event1 = (javax.sip.header.EventHeader) event.getRequest()
                            .getHeader(javax.sip.header.EventHeader.NAME);
                    if (event1 == null || !"test-hook".equals(event1.getEventType())) {
                        return false;
                    }
                    try {
                        Response accepted = ((gov.nist.javax.sip.message.SIPRequest) event.getRequest())
                                .createResponse(202);
                        accepted.addHeader(new gov.nist.javax.sip.header.Expires() {
                            {
                                setExpires(60);
                            }
                        });
                        transaction.sendResponse(accepted);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return true;
                }));
        return application;
    }

    @AfterAll
    static void stop() {
        icscf.close();
        core.close();
    }

    /** A user's registered flow at an eP-CSCF stand-in. */
    private record Flow(SipPeer edge, String contactUri, String flowToken) {
    }

    /** REGISTER → 401 → REGISTER through {@code edge}: Path {@code <sip:ft-…@edge;lr;ob>}. */
    private static Flow register(CoreUnderTest.WebUser user, SipPeer edge) {
        String contactUser = "c" + UUID.randomUUID().toString().substring(0, 8);
        String contact = "sip:" + contactUser + "@k3v9q2x7m1p4.invalid;transport=ws";
        String callId = UUID.randomUUID().toString();
        String instance = "urn:uuid:" + UUID.randomUUID();
        Response challenge = registerOnce(user, edge, contact, contactUser, callId, instance, 1,
                EpCscfStandIn.initialAuthorization(user, "tls-pending"));
        assertThat(challenge.getStatusCode()).isEqualTo(401);
        Response ok = registerOnce(user, edge, contact, contactUser, callId, instance, 2,
                answer(user, challenge));
        assertThat(ok.getStatusCode()).isEqualTo(200);
        return new Flow(edge, contact, "ft-" + contactUser);
    }

    private static String answer(CoreUnderTest.WebUser user, Response challenge) {
        // EpCscfStandIn computes the digest from a javax.sip Response's WWW-Authenticate
        return EpCscfStandIn.answer(user, challenge, "wonderland", EpCscfStandIn.REGISTRAR, "00000001");
    }

    private static Response registerOnce(CoreUnderTest.WebUser user, SipPeer edge, String contact, String contactUser,
                                         String callId, String instance, int cseq, String authorization) {
        return edge.send("REGISTER", EpCscfStandIn.REGISTRAR, List.of(
                "Route: <sip:" + scscf + ";transport=tcp;lr>",
                "Max-Forwards: 68",
                "To: <" + user.impu() + ">",
                "From: <" + user.impu() + ">;tag=r" + cseq,
                "Call-ID: " + callId,
                "CSeq: " + cseq + " REGISTER",
                "Contact: <" + contact + ">;+sip.ice;reg-id=1;+sip.instance=\"<" + instance + ">\";expires=600",
                "Expires: 600",
                "Path: <sip:ft-" + contactUser + "@" + edge.hostPort() + ";transport=tcp;lr;ob>",
                "Require: path",
                "Supported: path,outbound",
                "P-Visited-Network-ID: ims.example.net",
                "Authorization: " + authorization)).awaitFinal();
    }

    /** What the I-CSCF sends to the serving S-CSCF (profile §8.2 step 4): Route = the plain Server-Name. */
    private static Request terminating(SipPeer from, String method, String target, CoreUnderTest.WebUser caller,
                                       String... extra) {
        List<String> lines = new ArrayList<>(List.of(
                "Route: <sip:" + scscf + ";transport=tcp;lr>",
                "Max-Forwards: 68",
                "To: <" + target + ">",
                "From: <" + caller.impu() + ">;tag=" + UUID.randomUUID().toString().substring(0, 6),
                "Call-ID: " + UUID.randomUUID(),
                "CSeq: 1 " + method,
                "P-Asserted-Identity: <" + caller.impu() + ">",
                "Contact: <sip:caller@" + from.hostPort() + ";transport=tcp>"));
        lines.addAll(List.of(extra));
        return from.build(method, target, lines, "MESSAGE".equals(method) ? "hello" : null);
    }

    /** What the eP-CSCF sends for a registered WIC (profile §8.2 step 2): Route = the Service-Route. */
    private static Request originating(SipPeer from, String method, String target, String asserted,
                                       String... extra) {
        List<String> lines = new ArrayList<>(List.of(
                "Route: <sip:orig@" + scscf + ";transport=tcp;lr>",
                "Max-Forwards: 68",
                "To: <" + target + ">",
                "From: <" + asserted + ">;tag=" + UUID.randomUUID().toString().substring(0, 6),
                "Call-ID: " + UUID.randomUUID(),
                "CSeq: 1 " + method,
                "P-Asserted-Identity: <" + asserted + ">",
                "Contact: <sip:caller@" + from.hostPort() + ";transport=tcp>"));
        lines.addAll(List.of(extra));
        return from.build(method, target, lines, null);
    }

    private static String ownRecordRoute() {
        return "<sip:" + scscf + ";transport=tcp;lr>";
    }

    @Test
    void originatingMessageGoesToTheIcscfWithoutRecordRoute() {
        try (SipPeer edge = new SipPeer()) {
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            register(alice, edge);
            SipPeer.Exchange sent = edge.send(originating(edge, "MESSAGE", "sip:bob@ims.example.net", alice.impu(),
                    "Content-Type: text/plain"));
            SipPeer.Incoming at = icscf.next();
            assertThat(at.request().getMethod()).isEqualTo("MESSAGE");
            assertThat(SipPeer.values(at.request(), RouteHeader.NAME))
                    .containsExactly("<sip:" + icscf.hostPort() + ";transport=tcp;lr>");
            assertThat(at.request().getHeader(RecordRouteHeader.NAME)).isNull();
            assertThat(at.request().getRequestURI().toString()).isEqualTo("sip:bob@ims.example.net");
            assertThat(SipPeer.values(at.request(), "P-Asserted-Identity")).containsExactly("<" + alice.impu() + ">");
            assertThat(SipPeer.values(at.request(), "Via").get(0)).contains(scscf);
            assertThat(SipPeer.values(at.request(), "Max-Forwards")).containsExactly("67");
            icscf.answer(at, 200, "icscf");
            assertThat(sent.awaitFinal().getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void originatingSubscribeIsRecordRouted() {
        try (SipPeer edge = new SipPeer()) {
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            register(alice, edge);
            SipPeer.Exchange sent = edge.send(originating(edge, "SUBSCRIBE", "sip:bob@ims.example.net", alice.impu(),
                    "Event: presence", "Expires: 600"));
            SipPeer.Incoming at = icscf.next();
            assertThat(SipPeer.values(at.request(), RecordRouteHeader.NAME)).containsExactly(ownRecordRoute());
            icscf.answer(at, 200, "icscf", "Expires: 600");
            Response ok = sent.awaitFinal();
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(SipPeer.values(ok, RecordRouteHeader.NAME)).containsExactly(ownRecordRoute());
        }
    }

    @Test
    void originatingFromAnUnregisteredAssertedIdentityIs403() {
        try (SipPeer edge = new SipPeer()) {
            CoreUnderTest.WebUser nobody = core.provision("md5-only");
            Response refused = edge.send(originating(edge, "MESSAGE", "sip:bob@ims.example.net", nobody.impu()))
                    .awaitFinal();
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(refused.getReasonPhrase()).contains("not registered");
            assertThat(icscf.poll(300)).isNull();
        }
    }

    @Test
    void terminatingMessageGoesToTheContactAlongThePathWithPCalledPartyId() {
        try (SipPeer bobEdge = new SipPeer(); SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser bob = core.provision("md5-only");
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            Flow flow = register(bob, bobEdge);
            SipPeer.Exchange sent = caller.send(terminating(caller, "MESSAGE", bob.impu(), alice,
                    "Content-Type: text/plain"));
            SipPeer.Incoming at = bobEdge.next();
            assertThat(at.request().getRequestURI().toString()).isEqualTo(flow.contactUri());
            assertThat(SipPeer.values(at.request(), RouteHeader.NAME)).singleElement()
                    .satisfies(route -> assertThat(route).contains(flow.flowToken() + "@" + bobEdge.hostPort())
                            .contains(";ob"));
            assertThat(SipPeer.values(at.request(), "P-Called-Party-ID")).containsExactly("<" + bob.impu() + ">");
            assertThat(at.request().getHeader(RecordRouteHeader.NAME)).isNull();
            assertThat(new String(at.request().getRawContent())).isEqualTo("hello");
            bobEdge.answer(at, 200, "bob");
            assertThat(sent.awaitFinal().getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void telAliasReachesTheSameBinding() {
        try (SipPeer bobEdge = new SipPeer(); SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser bob = core.provision("md5-only");
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            Flow flow = register(bob, bobEdge);
            SipPeer.Exchange sent = caller.send(terminating(caller, "MESSAGE", bob.telImpu(), alice));
            SipPeer.Incoming at = bobEdge.next();
            assertThat(at.request().getRequestURI().toString()).isEqualTo(flow.contactUri());
            assertThat(SipPeer.values(at.request(), "P-Called-Party-ID")).containsExactly("<" + bob.telImpu() + ">");
            bobEdge.answer(at, 202, "bob");
            assertThat(sent.awaitFinal().getStatusCode()).isEqualTo(202);
        }
    }

    @Test
    void terminatingToAnImpuWithoutBindingsIs480() {
        try (SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            CoreUnderTest.WebUser offline = core.provision("md5-only");
            Response answer = caller.send(terminating(caller, "MESSAGE", offline.impu(), alice)).awaitFinal();
            assertThat(answer.getStatusCode()).isEqualTo(480);
        }
    }

    @Test
    void aRequestHandlerBeanTakesItsRequestsBeforeTheRouter() {
        try (SipPeer edge = new SipPeer()) {
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            register(alice, edge);
            Response answer = edge.send(originating(edge, "SUBSCRIBE", alice.impu(), alice.impu(),
                    "Event: test-hook", "Expires: 60")).awaitFinal();
            assertThat(answer.getStatusCode()).isEqualTo(202);
            assertThat(icscf.poll(300)).isNull();
        }
    }

    @Test
    void timerCCancelsAnUnansweredInviteBranchWith408() {
        try (SipPeer bobEdge = new SipPeer(); SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser bob = core.provision("md5-only");
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            register(bob, bobEdge);
            SipPeer.Exchange sent = caller.send(terminating(caller, "INVITE", bob.impu(), alice));
            bobEdge.answer(bobEdge.next(), 180, "b1");
            assertThat(sent.awaitProvisional().getStatusCode()).isEqualTo(180);
            // timer-c is 3 s here: the branch is cancelled and the caller gets 408, not the 487
            assertThat(bobEdge.next().request().getMethod()).isEqualTo(Request.CANCEL);
            assertThat(sent.awaitFinal().getStatusCode()).isEqualTo(408);
        }
    }

    @Test
    void aRequestBackInTheStateItWasForwardedInIs482() {
        try (SipPeer caller = new SipPeer()) {
            String route = "sip:" + scscf + ";transport=tcp;lr";
            String key = LoopKey.of("sip:loop@ims.example.net", route, "loop-1", "f1", null, "1 MESSAGE");
            Request looped = caller.build("MESSAGE", "sip:loop@ims.example.net", List.of(
                    "Via: SIP/2.0/TCP " + scscf + ";branch=" + LoopKey.branch(key),
                    "Route: <" + route + ">", "Max-Forwards: 60", "To: <sip:loop@ims.example.net>",
                    "From: <sip:someone@ims.example.net>;tag=f1", "Call-ID: loop-1", "CSeq: 1 MESSAGE"), null);
            assertThat(caller.send(looped).awaitFinal().getStatusCode()).isEqualTo(482);
        }
    }

    @Test
    void maxForwardsZeroIs483() {
        try (SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            Request request = terminating(caller, "MESSAGE", "sip:x@ims.example.net", alice);
            request.removeHeader("Max-Forwards");
            try {
                request.addHeader(new gov.nist.javax.sip.header.MaxForwards(0));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            assertThat(caller.send(request).awaitFinal().getStatusCode()).isEqualTo(483);
        }
    }

    @Test
    void flowFailedRemovesTheBindingSoTheNextRequestIs480() {
        try (SipPeer bobEdge = new SipPeer(); SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser bob = core.provision("md5-only");
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            register(bob, bobEdge);
            SipPeer.Exchange sent = caller.send(terminating(caller, "MESSAGE", bob.impu(), alice));
            bobEdge.answer(bobEdge.next(), 430, "edge");
            // every branch's flow failed: the user is not reachable (never the 430 itself)
            assertThat(sent.awaitFinal().getStatusCode()).isEqualTo(480);
            BindingStore store = core.scscf.bean(BindingStore.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.current(bob.impu()).isEmpty());
            assertThat(caller.send(terminating(caller, "MESSAGE", bob.impu(), alice)).awaitFinal().getStatusCode())
                    .isEqualTo(480);
            assertThat(bobEdge.poll(200)).isNull();
            // the last binding went: SAR TIMEOUT_DEREGISTRATION, as for an expiry
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> core.locationStatus(bob.impu()) == 404);
        }
    }

    @Test
    void twoBindingsForkAndTheFirst200CancelsTheOther() {
        try (SipPeer phone = new SipPeer(); SipPeer laptop = new SipPeer(); SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser bob = core.provision("md5-only");
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            Flow onPhone = register(bob, phone);
            Flow onLaptop = register(bob, laptop);
            SipPeer.Exchange sent = caller.send(terminating(caller, "INVITE", bob.impu(), alice));
            SipPeer.Incoming atPhone = phone.next();
            SipPeer.Incoming atLaptop = laptop.next();
            assertThat(atPhone.request().getRequestURI().toString()).isEqualTo(onPhone.contactUri());
            assertThat(atLaptop.request().getRequestURI().toString()).isEqualTo(onLaptop.contactUri());
            assertThat(SipPeer.values(atPhone.request(), RecordRouteHeader.NAME)).containsExactly(ownRecordRoute());
            laptop.answer(atLaptop, 180, "laptop");
            assertThat(sent.awaitProvisional().getStatusCode()).isEqualTo(180);
            phone.answer(atPhone, 180, "phone");
            phone.answer(atPhone, 200, "phone", "Contact: <sip:bob@" + phone.hostPort() + ";transport=tcp>");
            Response ok = sent.awaitFinal();
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(SipPeer.values(ok, "To").get(0)).contains("tag=phone");
            // the laptop's branch is cancelled (RFC 3261 §16.7 step 10); its 487 is not relayed
            SipPeer.Incoming cancel = laptop.next();
            assertThat(cancel.request().getMethod()).isEqualTo(Request.CANCEL);
            assertThat(caller.strays.stream().filter(r -> r.getStatusCode() >= 300)).isEmpty();
        }
    }

    @Test
    void inviteRingingOkAckAndByeFollowTheRecordRoute() throws Exception {
        try (SipPeer bobEdge = new SipPeer(); SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser bob = core.provision("md5-only");
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            register(bob, bobEdge);
            Request invite = terminating(caller, "INVITE", bob.impu(), alice);
            SipPeer.Exchange sent = caller.send(invite);
            SipPeer.Incoming at = bobEdge.next();
            assertThat(SipPeer.values(at.request(), RecordRouteHeader.NAME)).containsExactly(ownRecordRoute());
            bobEdge.answer(at, 180, "b1");
            Response ringing = sent.awaitProvisional();
            assertThat(ringing.getStatusCode()).isEqualTo(180);
            assertThat(sent.trying()).isTrue();
            String bobContact = "sip:bob@" + bobEdge.hostPort() + ";transport=tcp";
            bobEdge.answer(at, 200, "b1", "Contact: <" + bobContact + ">");
            Response ok = sent.awaitFinal();
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(SipPeer.values(ok, RecordRouteHeader.NAME)).containsExactly(ownRecordRoute());

            // the caller's route set: the S-CSCF's Record-Route; remote target: Bob's Contact
            String from = SipPeer.values(invite, "From").get(0);
            String to = SipPeer.values(ok, "To").get(0);
            String callId = SipPeer.values(invite, "Call-ID").get(0);
            List<String> dialog = List.of("Route: " + ownRecordRoute(), "Max-Forwards: 70", "From: " + from,
                    "To: " + to, "Call-ID: " + callId);
            List<String> ack = new ArrayList<>(dialog);
            ack.add("CSeq: 1 ACK");
            caller.sendStateless(caller.build("ACK", bobContact, ack, null));
            SipPeer.Incoming ackAt = bobEdge.next();
            assertThat(ackAt.request().getMethod()).isEqualTo(Request.ACK);
            assertThat(ackAt.request().getHeader(RouteHeader.NAME)).isNull();
            assertThat(SipPeer.values(ackAt.request(), "Via").get(0)).contains(scscf);

            List<String> bye = new ArrayList<>(dialog);
            bye.add("CSeq: 2 BYE");
            SipPeer.Exchange byeSent = caller.send(caller.build("BYE", bobContact, bye, null));
            SipPeer.Incoming byeAt = bobEdge.next();
            assertThat(byeAt.request().getMethod()).isEqualTo(Request.BYE);
            assertThat(byeAt.request().getRequestURI().toString()).isEqualTo(bobContact);
            assertThat(byeAt.request().getHeader(RouteHeader.NAME)).isNull();
            bobEdge.answer(byeAt, 200, null);
            assertThat(byeSent.awaitFinal().getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void cancelFromUpstreamIsAnswered200AndThe487IsRelayed() {
        try (SipPeer bobEdge = new SipPeer(); SipPeer caller = new SipPeer()) {
            CoreUnderTest.WebUser bob = core.provision("md5-only");
            CoreUnderTest.WebUser alice = core.provision("md5-only");
            register(bob, bobEdge);
            SipPeer.Exchange sent = caller.send(terminating(caller, "INVITE", bob.impu(), alice));
            SipPeer.Incoming at = bobEdge.next();
            bobEdge.answer(at, 180, "b1");
            assertThat(sent.awaitProvisional().getStatusCode()).isEqualTo(180);
            SipPeer.Exchange cancel = caller.cancel(sent);
            assertThat(cancel.awaitFinal().getStatusCode()).isEqualTo(200);
            assertThat(bobEdge.next().request().getMethod()).isEqualTo(Request.CANCEL);
            assertThat(sent.awaitFinal().getStatusCode()).isEqualTo(487);
        }
    }
}
