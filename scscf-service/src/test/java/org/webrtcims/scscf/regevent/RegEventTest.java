package org.webrtcims.scscf.regevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipPeer;
import org.webrtcims.fixture.SipTestClient;

/**
 * The reg event package at the S-CSCF (RFC 3680, profile §7.4, issue 13) over real TCP, with the real HSS, web-auth
 * proxy and PostgreSQL: users register through the S-CSCF like the eP-CSCF registers them, a subscriber on its own
 * jain-sip stack subscribes and receives the NOTIFYs.
 */
class RegEventTest {

    private static CoreUnderTest core;
    private static SipTestClient tcp;
    private static EpCscfStandIn epcscf;
    /** The subscriber: answers NOTIFY with {@link #notifyAnswer} (200 unless a test says otherwise), all else 405. */
    private static SipPeer subscriber;
    private static final AtomicInteger notifyAnswer = new AtomicInteger(200);

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(
                Map.of("scscf.reg-event.sweep-interval", "200ms"));
        tcp = new SipTestClient("tcp");
        epcscf = new EpCscfStandIn(tcp, "127.0.0.1:" + core.scscfSipPort);
        subscriber = new SipPeer(request -> Request.NOTIFY.equals(request.getMethod()) ? notifyAnswer.get() : 405);
    }

    @AfterAll
    static void stop() {
        subscriber.close();
        tcp.close();
        core.close();
    }

    /** A registered user and the flow it registered on. */
    private record Registered(CoreUnderTest.WebUser user, EpCscfStandIn.Flow flow) {
    }

    private static Registered register(int expires) {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(user, flow, "wonderland", expires).getStatusCode()).isEqualTo(200);
        return new Registered(user, flow);
    }

    /** SUBSCRIBE as the eP-CSCF sends it (profile §7.4), its identity {@code sip:127.0.0.1} (the Path's host). */
    private static Response subscribe(String impu, String assertedIdentity, int expires, String... extra) {
        List<String> lines = new ArrayList<>(List.of(
                "Route: <sip:127.0.0.1:" + core.scscfSipPort + ";transport=tcp;lr>",
                // as the eP-CSCF record-routes a WIC's SUBSCRIBE (RFC 5658): core side on top, then the WS side
                "Record-Route: <sip:127.0.0.1:" + subscriber.port() + ";transport=tcp;lr>, <sip:ft-"
                        + "tok1@127.0.0.1:" + subscriber.port() + ";transport=ws;lr;ob>",
                "Max-Forwards: 69",
                "From: <sip:127.0.0.1>;tag=" + UUID.randomUUID().toString().substring(0, 8),
                "To: <" + impu + ">",
                "Call-ID: sub-" + UUID.randomUUID(),
                "CSeq: 1 SUBSCRIBE",
                "Contact: <" + subscriber.address() + ">",
                "Event: reg",
                "Expires: " + expires));
        if (assertedIdentity != null) {
            lines.add("P-Asserted-Identity: " + assertedIdentity);
        }
        boolean accept = true;
        for (String line : extra) {
            accept &= !line.startsWith("Accept:");
        }
        if (accept) {
            lines.add("Accept: application/reginfo+xml");
        }
        lines.addAll(List.of(extra));
        return subscriber.send("SUBSCRIBE", impu, lines).awaitFinal();
    }

    private static Response subscribeAsEpCscf(String impu) {
        return subscribe(impu, "<sip:127.0.0.1>", 600000);
    }

    private static String header(javax.sip.message.Message message, String name) {
        Header header = message.getHeader(name);
        if (header == null) {
            return null;
        }
        String text = header.toString().trim();
        return text.substring(text.indexOf(':') + 1).trim();
    }

    private static Document reginfo(Request notify) throws Exception {
        assertThat(header(notify, "Content-Type")).isEqualTo("application/reginfo+xml");
        return RegInfoDocumentTest.parse(SipPeer.body(notify));
    }

    /** The next NOTIFY the subscriber received (other requests passed over), or fails after {@code seconds}. */
    private static Request nextNotify(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (;;) {
            SipPeer.Incoming in = subscriber.received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (in == null) {
                throw new AssertionError("no NOTIFY within " + seconds + " s");
            }
            if (Request.NOTIFY.equals(in.method())) {
                return in.request();
            }
        }
    }

    private static Element registration(Document doc, String aor) {
        NodeList registrations = doc.getElementsByTagNameNS(RegInfoDocument.NAMESPACE, "registration");
        for (int i = 0; i < registrations.getLength(); i++) {
            Element registration = (Element) registrations.item(i);
            if (registration.getAttribute("aor").equals(aor)) {
                return registration;
            }
        }
        throw new AssertionError("no registration " + aor + " in " + doc);
    }

    private static Element contact(Element registration, String uri) {
        NodeList contacts = registration.getElementsByTagNameNS(RegInfoDocument.NAMESPACE, "contact");
        for (int i = 0; i < contacts.getLength(); i++) {
            Element contact = (Element) contacts.item(i);
            if (contact.getTextContent().trim().equals(uri)) {
                return contact;
            }
        }
        throw new AssertionError("no contact " + uri);
    }

    private static int subscriptions(String impu) {
        return core.scscf.bean(JdbcTemplate.class).queryForObject(
                "SELECT count(*) FROM reg_subscription WHERE impu = ?", Integer.class, impu);
    }

    private static String subscribed(Registered r) throws Exception {
        subscriber.received.clear();
        Response ok = subscribeAsEpCscf(r.user().impu());
        assertThat(ok.getStatusCode()).isEqualTo(200);
        Request first = nextNotify(10);
        assertThat(reginfo(first).getDocumentElement().getAttribute("version")).isEqualTo("0");
        return header(ok, "To");
    }

    @Test
    void trustedEpCscfSubscribeGets200AndAFullStateNotifyWithTheContact() throws Exception {
        Registered r = register(600);
        subscriber.received.clear();
        Response ok = subscribeAsEpCscf(r.user().impu());

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(header(ok, "Expires")).isEqualTo("600000");
        assertThat(header(ok, "Contact")).contains("127.0.0.1:" + core.scscfSipPort);
        String localTag = ((javax.sip.header.ToHeader) ok.getHeader("To")).getTag();
        assertThat(localTag).startsWith("regev-");
        assertThat(header(ok, "Record-Route")).contains("127.0.0.1:" + subscriber.port());

        Request notify = nextNotify(10);
        // built from the SUBSCRIBE by hand: R-URI = Contact, Route = Record-Route, From = To + tag, To = From
        assertThat(notify.getRequestURI().toString()).isEqualTo(subscriber.address());
        List<String> routes = new ArrayList<>();
        notify.getHeaders("Route").forEachRemaining(h -> routes.add(h.toString().trim().substring(7).trim()));
        assertThat(routes).containsExactly("<sip:127.0.0.1:" + subscriber.port() + ";transport=tcp;lr>",
                "<sip:ft-tok1@127.0.0.1:" + subscriber.port() + ";transport=ws;lr;ob>");
        assertThat(((javax.sip.header.FromHeader) notify.getHeader("From")).getTag()).isEqualTo(localTag);
        assertThat(header(notify, "From")).contains(r.user().impu());
        assertThat(header(notify, "To")).contains("sip:127.0.0.1");
        assertThat(header(notify, "Call-ID")).isEqualTo(header(ok, "Call-ID"));
        assertThat(header(notify, "CSeq")).isEqualTo("1 NOTIFY");
        assertThat(header(notify, "Event")).isEqualTo("reg");
        assertThat(header(notify, "Subscription-State")).startsWith("active;expires=");
        Document doc = reginfo(notify);
        assertThat(doc.getDocumentElement().getAttribute("state")).isEqualTo("full");
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("0");
        for (String aor : List.of(r.user().impu(), r.user().telImpu())) {
            Element registration = registration(doc, aor);
            assertThat(registration.getAttribute("state")).isEqualTo("active");
            Element contact = contact(registration, r.flow().contactUri());
            assertThat(contact.getAttribute("state")).isEqualTo("active");
            assertThat(contact.getAttribute("event")).isEqualTo("registered");
            assertThat(Integer.parseInt(contact.getAttribute("expires"))).isBetween(590, 600);
        }
        assertThat(subscriptions(r.user().impu())).isEqualTo(1);
    }

    @Test
    void subscribeToTheTelAliasIsServedFromTheSameRegistration() throws Exception {
        Registered r = register(600);
        subscriber.received.clear();
        assertThat(subscribeAsEpCscf(r.user().telImpu()).getStatusCode()).isEqualTo(200);
        Document doc = reginfo(nextNotify(10));
        contact(registration(doc, r.user().impu()), r.flow().contactUri());
    }

    @Test
    void subscribeFromAnUntrustedIdentityIs403AndTheUserMaySubscribeToItsOwn() throws Exception {
        Registered r = register(600);
        Registered other = register(600);
        assertThat(subscribe(r.user().impu(), "<sip:mallory@evil.example.net>", 600000).getStatusCode())
                .isEqualTo(403);
        // another user's asserted identity
        assertThat(subscribe(r.user().impu(), "<" + other.user().impu() + ">", 600000).getStatusCode())
                .isEqualTo(403);
        // a host that is not the Path's, or the Path's host with a user part, is not the eP-CSCF
        assertThat(subscribe(r.user().impu(), "<sip:127.0.0.9>", 600000).getStatusCode()).isEqualTo(403);
        assertThat(subscribe(r.user().impu(), "<sip:someone@127.0.0.1>", 600000).getStatusCode()).isEqualTo(403);
        assertThat(subscriptions(r.user().impu())).isZero();

        // 24.229 §5.4.2.1.1: the user itself (its asserted tel alias is in the implicit set)
        subscriber.received.clear();
        assertThat(subscribe(r.user().impu(), "<" + r.user().telImpu() + ">", 600000).getStatusCode())
                .isEqualTo(200);
        assertThat(nextNotify(10)).isNotNull();
    }

    @Test
    void subscribeToAnUnregisteredImpuIs480AndWithoutReginfoInAcceptIs406() {
        CoreUnderTest.WebUser nobody = core.provision("md5-only");
        assertThat(subscribeAsEpCscf(nobody.impu()).getStatusCode()).isEqualTo(480);
        Registered r = register(600);
        Response refused = subscribe(r.user().impu(), "<sip:127.0.0.1>", 600000, "Accept: application/pidf+xml");
        assertThat(refused.getStatusCode()).isEqualTo(406);
        assertThat(header(refused, "Accept")).isEqualTo("application/reginfo+xml");
    }

    @Test
    void reRegistrationSendsNotifyRefreshed() throws Exception {
        Registered r = register(600);
        subscribed(r);
        assertThat(epcscf.register(r.user(), r.flow(), "wonderland", 600).getStatusCode()).isEqualTo(200);
        Request notify = nextNotify(10);
        assertThat(header(notify, "CSeq")).isEqualTo("2 NOTIFY");
        Document doc = reginfo(notify);
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("1");
        Element contact = contact(registration(doc, r.user().impu()), r.flow().contactUri());
        assertThat(contact.getAttribute("state")).isEqualTo("active");
        assertThat(contact.getAttribute("event")).isEqualTo("refreshed");
        assertThat(header(notify, "Subscription-State")).startsWith("active");

        // a second flow of the user: registered
        EpCscfStandIn.Flow second = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(r.user(), second, "wonderland", 600).getStatusCode()).isEqualTo(200);
        Document both = reginfo(nextNotify(10));
        assertThat(contact(registration(both, r.user().impu()), second.contactUri()).getAttribute("event"))
                .isEqualTo("registered");
        assertThat(contact(registration(both, r.user().impu()), r.flow().contactUri()).getAttribute("state"))
                .isEqualTo("active");
    }

    @Test
    void rtrSendsNotifyWithRegistrationTerminated() throws Exception {
        Registered r = register(600);
        subscribed(r);
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + core.scscfHttpPort).build()
                .post().uri(URI.create("http://127.0.0.1:" + core.scscfHttpPort + "/cx-notify/v1/deregistrations"))
                .headers(h -> h.setBearerAuth(CoreUnderTest.SCSCF_NOTIFY_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impi", r.user().webIdentity(), "impus", List.of(r.user().impu()),
                        "reason", Map.of("code", "PERMANENT_TERMINATION")))
                .exchange().expectStatus().isNoContent();

        Request notify = nextNotify(10);
        assertThat(header(notify, "Subscription-State")).isEqualTo("terminated;reason=rejected");
        Document doc = reginfo(notify);
        Element registration = registration(doc, r.user().impu());
        assertThat(registration.getAttribute("state")).isEqualTo("terminated");
        Element contact = contact(registration, r.flow().contactUri());
        assertThat(contact.getAttribute("state")).isEqualTo("terminated");
        assertThat(contact.getAttribute("event")).isEqualTo("rejected");
        assertThat(subscriptions(r.user().impu())).isZero();
    }

    @Test
    void rtrForAServerChangeEndsTheSubscriptionAsDeactivated() throws Exception {
        Registered r = register(600);
        subscribed(r);
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + core.scscfHttpPort).build()
                .post().uri(URI.create("http://127.0.0.1:" + core.scscfHttpPort + "/cx-notify/v1/deregistrations"))
                .headers(h -> h.setBearerAuth(CoreUnderTest.SCSCF_NOTIFY_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impi", r.user().webIdentity(), "impus", List.of(r.user().impu()),
                        "reason", Map.of("code", "SERVER_CHANGE")))
                .exchange().expectStatus().isNoContent();
        Request notify = nextNotify(10);
        assertThat(header(notify, "Subscription-State")).isEqualTo("terminated;reason=deactivated");
        Element registration = registration(reginfo(notify), r.user().telImpu());
        assertThat(registration.getAttribute("state")).isEqualTo("terminated");
        assertThat(contact(registration, r.flow().contactUri()).getAttribute("event")).isEqualTo("deactivated");
    }

    @Test
    void bindingRemovedByTheRouterOnFlowFailureIsNotifiedDeactivated() throws Exception {
        Registered r = register(600);
        EpCscfStandIn.Flow second = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(r.user(), second, "wonderland", 600).getStatusCode()).isEqualTo(200);
        subscribed(r);
        // what the router does on a 430 Flow Failed (RFC 5626 §7): remove the binding, tell the notifier
        org.webrtcims.scscf.registrar.BindingStore bindings =
                core.scscf.bean(org.webrtcims.scscf.registrar.BindingStore.class);
        org.webrtcims.scscf.registrar.Binding dead = bindings.current(r.user().impu()).stream()
                .filter(b -> b.contactUri().equals(second.contactUri())).findFirst().orElseThrow();
        bindings.remove(r.user().impu(), List.of(dead.contactUri()));
        core.scscf.bean(RegEventNotifier.class).bindingsChanged(r.user().impu(),
                RegEventNotifier.Cause.FLOW_FAILED, List.of(dead));

        Request notify = nextNotify(10);
        assertThat(header(notify, "Subscription-State")).startsWith("active");
        Element registration = registration(reginfo(notify), r.user().impu());
        assertThat(registration.getAttribute("state")).isEqualTo("active");
        assertThat(contact(registration, second.contactUri()).getAttribute("state")).isEqualTo("terminated");
        assertThat(contact(registration, second.contactUri()).getAttribute("event")).isEqualTo("deactivated");
        assertThat(contact(registration, r.flow().contactUri()).getAttribute("state")).isEqualTo("active");
    }

    @Test
    void credentialRevocationAtTheProxyReachesTheSubscriberAsRejected() throws Exception {
        Registered r = register(600);
        subscribed(r);
        core.revoke(r.user());
        Request notify = nextNotify(15);
        assertThat(header(notify, "Subscription-State")).isEqualTo("terminated;reason=rejected");
        assertThat(registration(reginfo(notify), r.user().impu()).getAttribute("state")).isEqualTo("terminated");
    }

    @Test
    void expirySendsNotifyExpired() throws Exception {
        Registered r = register(3);
        subscribed(r);
        Request notify = nextNotify(15);
        Document doc = reginfo(notify);
        Element registration = registration(doc, r.user().impu());
        assertThat(registration.getAttribute("state")).isEqualTo("terminated");
        assertThat(contact(registration, r.flow().contactUri()).getAttribute("event")).isEqualTo("expired");
        assertThat(header(notify, "Subscription-State")).startsWith("terminated");
        assertThat(subscriptions(r.user().impu())).isZero();
    }

    @Test
    void userDeregistrationSendsNotifyUnregistered() throws Exception {
        Registered r = register(600);
        subscribed(r);
        assertThat(epcscf.send(r.user(), r.flow(), EpCscfStandIn.initialAuthorization(r.user(), "tls-yes"), 0)
                .getStatusCode()).isEqualTo(200);
        Request notify = nextNotify(10);
        Element registration = registration(reginfo(notify), r.user().impu());
        assertThat(registration.getAttribute("state")).isEqualTo("terminated");
        assertThat(contact(registration, r.flow().contactUri()).getAttribute("event")).isEqualTo("unregistered");
        assertThat(header(notify, "Subscription-State")).startsWith("terminated");
    }

    @Test
    void notifyAnswered481RemovesTheSubscription() throws Exception {
        Registered r = register(600);
        subscriber.received.clear();
        notifyAnswer.set(481);
        try {
            assertThat(subscribeAsEpCscf(r.user().impu()).getStatusCode()).isEqualTo(200);
            assertThat(nextNotify(10)).isNotNull();
            Awaitility.await("the subscription removed").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> subscriptions(r.user().impu()) == 0);
        } finally {
            notifyAnswer.set(200);
        }
        // no NOTIFY any more for its changes
        assertThat(epcscf.register(r.user(), r.flow(), "wonderland", 600).getStatusCode()).isEqualTo(200);
        assertThat(subscriber.poll(1000)).isNull();
    }

    @Test
    void unsubscribeInTheDialogEndsItAndAnUnknownDialogIs481() throws Exception {
        Registered r = register(600);
        subscriber.received.clear();
        Response ok = subscribeAsEpCscf(r.user().impu());
        nextNotify(10);
        String remote = ((javax.sip.header.ContactHeader) ok.getHeader("Contact")).getAddress().getURI().toString();
        List<String> inDialog = List.of(
                "Route: <sip:127.0.0.1:" + core.scscfSipPort + ";transport=tcp;lr>",
                "Max-Forwards: 70",
                "From: " + header(ok, "From"),
                "To: " + header(ok, "To"),
                "Call-ID: " + header(ok, "Call-ID"),
                "CSeq: 2 SUBSCRIBE",
                "Contact: <" + subscriber.address() + ">",
                "Event: reg",
                "Expires: 0");
        Response bye = subscriber.send("SUBSCRIBE", remote, inDialog).awaitFinal();
        assertThat(bye.getStatusCode()).isEqualTo(200);
        Request last = nextNotify(10);
        assertThat(header(last, "Subscription-State")).isEqualTo("terminated;reason=timeout");
        assertThat(header(last, "CSeq")).isEqualTo("2 NOTIFY");
        assertThat(subscriptions(r.user().impu())).isZero();
        List<String> again = new ArrayList<>(inDialog);
        again.set(5, "CSeq: 3 SUBSCRIBE");
        assertThat(subscriber.send("SUBSCRIBE", remote, again).awaitFinal().getStatusCode()).isEqualTo(481);
    }

    @Test
    void fetchWithExpiresZeroGetsOneNotifyAndKeepsNothing() throws Exception {
        Registered r = register(600);
        subscriber.received.clear();
        Response ok = subscribe(r.user().impu(), "<sip:127.0.0.1>", 0);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(header(ok, "Expires")).isEqualTo("0");
        Request notify = nextNotify(10);
        assertThat(header(notify, "Subscription-State")).isEqualTo("terminated;reason=timeout");
        contact(registration(reginfo(notify), r.user().impu()), r.flow().contactUri());
        assertThat(subscriptions(r.user().impu())).isZero();
    }

    @Test
    void subscriptionExpiresWithAFinalNotify() throws Exception {
        Registered r = register(600);
        subscriber.received.clear();
        assertThat(subscribe(r.user().impu(), "<sip:127.0.0.1>", 1).getStatusCode()).isEqualTo(200);
        nextNotify(10);
        Request last = nextNotify(10);
        assertThat(header(last, "Subscription-State")).isEqualTo("terminated;reason=timeout");
        assertThat(subscriptions(r.user().impu())).isZero();
    }
}
