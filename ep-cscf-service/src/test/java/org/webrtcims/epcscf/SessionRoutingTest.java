package org.webrtcims.epcscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.sip.EdgeProxy;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.ports.FreePorts;
import org.webrtcims.sip.SipHeaders;

/**
 * Sessions through the eP-CSCF (profile §8, §7.4, §7.6; issue 13) over real sockets: WICs on real WebSockets, the
 * core as a jain-sip stand-in over TCP ({@link CoreStandIn}: I-CSCF and S-CSCF in one).
 */
class SessionRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String WWSF = "wwsf.example.com";
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
            + "c=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n";

    private static CoreStandIn core;
    private static RunningApp edge;
    private static int httpPort;
    private static int sipPort;

    @BeforeAll
    static void start() {
        core = new CoreStandIn();
        httpPort = FreePorts.next();
        sipPort = FreePorts.next();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("server.port", httpPort);
        settings.put("epcscf.websocket.allow-plain", true);
        settings.put("epcscf.flows.recovery-grace", "60s");
        settings.put("epcscf.sip.host", "127.0.0.1");
        settings.put("epcscf.sip.port", sipPort);
        settings.put("epcscf.icscf-uri", "sip:127.0.0.1:" + core.port + ";transport=tcp");
        settings.put("epcscf.wwsfs.source", "static");
        settings.put("epcscf.wwsfs.statics[0].identity", WWSF);
        settings.put("epcscf.wwsfs.statics[0].origins[0]", "https://" + WWSF);
        settings.put("epcscf.sessions.invite-timeout", "3s");
        settings.put("epcscf.sessions.trusted-peers[0]", "127.0.0.1/32");
        settings.put("logging.level.org.webrtcims.epcscf", "DEBUG");
        edge = new RunningApp(Service.EP_CSCF, settings).start();
    }

    @org.junit.jupiter.api.BeforeEach
    void clearTheCore() {
        core.requests.clear();
        core.responses.clear();
        core.acks.clear();
        core.subscribes.clear();
        core.cancels.clear();
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.stop();
        }
        if (core != null) {
            core.close();
        }
    }

    /** A registered WIC: its socket, IMPU, contact and the Path (flow token) the core stored. */
    private record Registered(WsClient socket, String impu, String contact, String path) implements AutoCloseable {
        String pathUri() {
            return path.substring(1, path.indexOf('>'));
        }

        String next() {
            String message = socket.next(WAIT);
            assertThat(message).as("a message on the WebSocket").isNotNull();
            return message;
        }

        void send(String text) {
            socket.send(text);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static Registered register(String name) {
        String impu = "sip:" + name + "." + UUID.randomUUID().toString().substring(0, 6) + "@ims.example.net";
        CoreUnderTest.WebUser user = new CoreUnderTest.WebUser(WWSF, name + "@idp.example.com", "pw", impu, CoreStandIn.TEL);
        WsClient socket = WsClient.connect("ws://127.0.0.1:" + httpPort + "/sip", "https://" + WWSF);
        Wic wic = new Wic(socket, user);
        Wic.Message ok = wic.exchange(wic.register(600, null, wic.identityHeader(), "Supported: path,gruu,outbound"));
        assertThat(ok.status()).isEqualTo(200);
        return new Registered(socket, impu, "sip:" + wic.contactUser + "@k3v9q2x7m1p4.invalid;transport=ws",
                ok.header("Path"));
    }

    // --- text helpers for the WIC side -------------------------------------------------------------------------

    private static List<String> headers(String text, String name) {
        List<String> values = new ArrayList<>();
        for (String line : text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                String value = line.substring(colon + 1).trim();
                if (List.of("via", "route", "record-route").contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.addAll(org.webrtcims.sip.SipHeaders.splitTopLevel(value)); // jain-sip writes list headers on one line
                } else {
                    values.add(value);
                }
            }
        }
        return values;
    }


    private static String header(String text, String name) {
        List<String> values = headers(text, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static String uriOf(String nameAddr) {
        return nameAddr.substring(nameAddr.indexOf('<') + 1, nameAddr.indexOf('>'));
    }

    private static String request(String method, String requestUri, String callId, int cseq, String toTag,
                                  List<String> routes, String body, String... extra) {
        StringBuilder text = new StringBuilder(method + " " + requestUri + " SIP/2.0\r\n");
        text.append("Via: SIP/2.0/WSS k3v9q2x7m1p4.invalid;branch=z9hG4bK")
                .append(UUID.randomUUID().toString().substring(0, 10)).append("\r\n");
        for (String route : routes) {
            text.append("Route: ").append(route).append("\r\n");
        }
        text.append("Max-Forwards: 69\r\n");
        text.append("To: <sip:bob.web@ims.example.net>").append(toTag == null ? "" : ";tag=" + toTag).append("\r\n");
        text.append("From: \"Alice\" <sip:alice.web@ims.example.net>;tag=wic1\r\n");
        text.append("Call-ID: ").append(callId).append("\r\n");
        text.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        for (String line : extra) {
            text.append(line).append("\r\n");
        }
        text.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        return text.toString();
    }

    /** The WIC's response to a request it received: Vias, From, To (+ tag), Call-ID, CSeq copied. */
    private static String response(String received, int status, String reason, String toTag, String... extra) {
        StringBuilder text = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
        for (String via : headers(received, "Via")) {
            text.append("Via: ").append(via).append("\r\n");
        }
        text.append("From: ").append(header(received, "From")).append("\r\n");
        String to = header(received, "To");
        text.append("To: ").append(to).append(toTag != null && !to.contains("tag=") ? ";tag=" + toTag : "")
                .append("\r\n");
        text.append("Call-ID: ").append(header(received, "Call-ID")).append("\r\n");
        text.append("CSeq: ").append(header(received, "CSeq")).append("\r\n");
        for (String line : extra) {
            text.append(line).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        return text.toString();
    }

    private static String callId() {
        return "call-" + UUID.randomUUID();
    }

    private static List<String> coreLines(String to, String from, String callId, int cseq, String method,
                                          List<String> routes, String... extra) {
        List<String> lines = new ArrayList<>();
        routes.forEach(r -> lines.add("Route: " + r));
        lines.add("Max-Forwards: 68");
        lines.add("To: " + to);
        lines.add("From: " + from);
        lines.add("Call-ID: " + callId);
        lines.add("CSeq: " + cseq + " " + method);
        lines.addAll(List.of(extra));
        return lines;
    }

    private static EdgeProxy proxy() {
        return edge.bean(EdgeProxy.class);
    }

    // --- originating ---------------------------------------------------------------------------------------------

    @Test
    void originatingMessageGetsAssertedIdentityServiceRouteAndChargingVectorAndItsAnswerIsRelayed() {
        try (Registered alice = register("alice")) {
            alice.send(request("MESSAGE", "sip:bob.web@ims.example.net", callId(), 1, null,
                    List.of("<sip:somewhere.example.org;lr>"), "hello", "Content-Type: text/plain",
                    "P-Asserted-Identity: <sip:ceo@ims.example.net>", "P-Charging-Vector: icid-value=forged"));
            CoreStandIn.Incoming message = core.nextRequest();
            assertThat(message.request().getMethod()).isEqualTo("MESSAGE");
            // profile §8.2 (2)
            assertThat(message.headers("Route")).containsExactly(core.serviceRoute());
            assertThat(message.headers("P-Asserted-Identity")).containsExactly("<" + alice.impu() + ">");
            assertThat(message.header("P-Charging-Vector")).startsWith("icid-value=\"epcscf1.").doesNotContain("forged");
            assertThat(message.headers("Record-Route")).isEmpty();
            List<String> vias = message.headers("Via");
            assertThat(vias).hasSize(2);
            assertThat(vias.get(0)).startsWith("SIP/2.0/TCP 127.0.0.1:" + sipPort);
            assertThat(vias.get(1)).startsWith("SIP/2.0/WSS k3v9q2x7m1p4.invalid").contains("received=127.0.0.1");
            assertThat(new String(message.request().getRawContent())).isEqualTo("hello");

            core.respond(message, 200, "P-Charging-Vector: icid-value=\"x\"");
            String ok = alice.next();
            assertThat(ok).startsWith("SIP/2.0 200");
            assertThat(headers(ok, "Via")).hasSize(1);
            assertThat(header(ok, "P-Charging-Vector")).isNull();
        }
    }

    @Test
    void preferredIdentityIsAssertedOnlyWhenItIsAnAssociatedUri() {
        try (Registered alice = register("alice")) {
            alice.send(request("MESSAGE", "sip:bob.web@ims.example.net", callId(), 1, null, List.of(), "",
                    "P-Preferred-Identity: <" + CoreStandIn.TEL + ">"));
            CoreStandIn.Incoming associated = core.nextRequest();
            assertThat(associated.headers("P-Asserted-Identity")).containsExactly("<" + CoreStandIn.TEL + ">");
            assertThat(associated.header("P-Preferred-Identity")).isNull();
            core.respond(associated, 200);
            assertThat(alice.next()).startsWith("SIP/2.0 200");

            alice.send(request("MESSAGE", "sip:bob.web@ims.example.net", callId(), 1, null, List.of(), "",
                    "P-Preferred-Identity: <sip:ceo@ims.example.net>"));
            CoreStandIn.Incoming foreign = core.nextRequest();
            assertThat(foreign.headers("P-Asserted-Identity")).containsExactly("<" + alice.impu() + ">");
            assertThat(foreign.header("P-Preferred-Identity")).isNull();
            core.respond(foreign, 200);
            assertThat(alice.next()).startsWith("SIP/2.0 200");
        }
    }

    @Test
    void requestFromAConnectionWithoutRegistrationIs403() {
        try (WsClient socket = WsClient.connect("ws://127.0.0.1:" + httpPort + "/sip", "https://" + WWSF)) {
            socket.send(request("MESSAGE", "sip:bob.web@ims.example.net", callId(), 1, null, List.of(), "hi"));
            String answer = socket.next(WAIT);
            assertThat(answer).startsWith("SIP/2.0 403");
        }
    }

    // --- terminating ---------------------------------------------------------------------------------------------

    @Test
    void terminatingMessageIsDeliveredOverTheFlowAndItsAnswerRelayedBack() {
        try (Registered bob = register("bob")) {
            String callId = callId();
            core.send("MESSAGE " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu() + ">",
                    "<sip:alice.web@ims.example.net>;tag=a1", callId, 1, "MESSAGE", List.of(bob.path()),
                    "P-Asserted-Identity: <sip:alice.web@ims.example.net>", "P-Called-Party-ID: <" + bob.impu() + ">",
                    "P-Charging-Vector: icid-value=\"c1\"", "Content-Type: text/plain"), "hello");
            String message = bob.next();
            assertThat(message).startsWith("MESSAGE " + bob.contact() + " SIP/2.0");
            assertThat(header(message, "Route")).isNull();
            assertThat(header(message, "P-Charging-Vector")).isNull();
            assertThat(header(message, "Record-Route")).isNull();
            assertThat(header(message, "P-Asserted-Identity")).isEqualTo("<sip:alice.web@ims.example.net>");
            assertThat(headers(message, "Via").get(0)).startsWith("SIP/2.0/WS 127.0.0.1:" + sipPort + ";branch=z9hG4bK");
            assertThat(message).endsWith("\r\n\r\nhello");

            bob.send(response(message, 200, "OK", "b1"));
            Response ok = core.nextResponse(200);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(SipHeaders.all(ok, "Via")).hasSize(1);
            await().atMost(WAIT).until(() -> proxy().pendingTransactions() == 0);
        }
    }

    /** TS 24.229 §5.2.6.4: requests toward WICs come from the core; a stranger is no S-CSCF (and gets no relay). */
    @Test
    void aRequestTowardAWicFromOutsideTheTrustedPeersIs403AndNeverReachesTheWic() {
        try (Registered bob = register("bob"); CoreStandIn stranger = new CoreStandIn("127.0.0.2")) {
            stranger.send("MESSAGE " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu() + ">",
                    "<sip:alice.web@ims.example.net>;tag=a1", callId(), 1, "MESSAGE", List.of(bob.path())), "spam");
            Response refused = stranger.nextResponse(200);
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(refused.getReasonPhrase()).contains("Untrusted peer");
            assertThat(bob.socket().next(java.time.Duration.ofMillis(500))).as("nothing on the WIC's WebSocket").isNull();
        }
    }

    @Test
    void requestToADroppedFlowIs430() {
        Registered bob = register("bob");
        FlowRegistry flows = edge.bean(FlowRegistry.class);
        int open = flows.openFlows();
        bob.socket().abort();
        await().atMost(WAIT).until(() -> flows.openFlows() < open);
        core.send("MESSAGE " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu() + ">",
                "<sip:alice.web@ims.example.net>;tag=a1", callId(), 1, "MESSAGE", List.of(bob.path())), "hello");
        assertThat(core.nextResponse(200).getStatusCode()).isEqualTo(430);
        // a forged token too
        String forged = bob.path().replaceFirst("ft-[A-Za-z0-9_-]{4}", "ft-AAAA");
        core.send("MESSAGE " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu() + ">",
                "<sip:alice.web@ims.example.net>;tag=a1", callId(), 1, "MESSAGE", List.of(forged)), "hello");
        assertThat(core.nextResponse(200).getStatusCode()).isEqualTo(430);
    }

    @Test
    void inviteToAWicThatNeverAnswersEndsWith408AfterTimerC() {
        try (Registered bob = register("bob")) {
            core.send("INVITE " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu() + ">",
                    "<sip:alice.web@ims.example.net>;tag=a1", callId(), 1, "INVITE", List.of(bob.path()),
                    "Contact: " + core.contact(), "Content-Type: application/sdp"), SDP);
            assertThat(core.nextResponse().getStatusCode()).isEqualTo(100);
            assertThat(bob.next()).startsWith("INVITE ");
            assertThat(core.nextResponse(101).getStatusCode()).isEqualTo(408);
            await().atMost(WAIT).until(() -> proxy().pendingTransactions() == 0);
        }
    }

    // --- dialogs -------------------------------------------------------------------------------------------------

    @Test
    void originatingInviteDialogRingsAnswersAcksAndHangsUpThroughTheDoubleRecordRoute() {
        try (Registered alice = register("alice")) {
            String callId = callId();
            alice.send(request("INVITE", "sip:bob.web@ims.example.net", callId, 1, null, List.of(), SDP,
                    "Contact: <" + alice.contact() + ";ob>", "Content-Type: application/sdp"));
            CoreStandIn.Incoming invite = core.nextRequest();
            List<String> recordRoutes = invite.headers("Record-Route");
            // RFC 5658: the core side faces the next hop, the WS side with the flow token below it
            assertThat(recordRoutes).hasSize(2);
            assertThat(recordRoutes.get(0)).isEqualTo("<sip:127.0.0.1:" + sipPort + ";transport=tcp;lr>");
            assertThat(recordRoutes.get(1)).matches("<sip:ft-[A-Za-z0-9_-]+@127\\.0\\.0\\.1:" + sipPort
                    + ";transport=ws;lr;ob>");
            assertThat(alice.path()).contains(uriOf(recordRoutes.get(1)).substring(4, uriOf(recordRoutes.get(1))
                    .indexOf('@')));
            assertThat(new String(invite.request().getRawContent())).isEqualTo(SDP);

            core.respond(invite, 180);
            String ringing = alice.next();
            assertThat(ringing).startsWith("SIP/2.0 180");
            core.respond(invite, 200, "Content-Type: application/sdp");
            String ok = alice.next();
            assertThat(ok).startsWith("SIP/2.0 200");
            assertThat(headers(ok, "Record-Route")).isEqualTo(recordRoutes);
            String toTag = header(ok, "To").replaceFirst(".*;tag=", "");

            // the WIC's route set: the Record-Route reversed
            List<String> routeSet = new ArrayList<>(recordRoutes);
            Collections.reverse(routeSet);
            String target = uriOf(header(ok, "Contact"));
            alice.send(request("ACK", target, callId, 1, toTag, routeSet, ""));
            Request ack = CoreStandIn.poll(core.acks, "the ACK at the core");
            assertThat(SipHeaders.all(ack, "Route")).isEmpty();
            assertThat(ack.getRequestURI().toString()).isEqualTo(target);

            // the callee hangs up: the core's route set is the Record-Route as received
            core.send("BYE " + alice.contact() + " SIP/2.0", coreLines("<sip:alice.web@ims.example.net>;tag=wic1",
                    "<sip:bob.web@ims.example.net>;tag=" + toTag, callId, 1, "BYE", recordRoutes), "");
            String bye = alice.next();
            assertThat(bye).startsWith("BYE " + alice.contact());
            assertThat(header(bye, "Route")).isNull();
            alice.send(response(bye, 200, "OK", null));
            assertThat(core.nextResponse(200).getStatusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> proxy().pendingTransactions() == 0);
            assertThat(proxy().anchoredDialogs()).isZero();
        }
    }

    @Test
    void d15DroppedFlowReleasesItsConfirmedCallWithAByeTowardTheCore() {
        Registered alice = register("alice");
        String callId = callId();
        alice.send(request("INVITE", "sip:bob.web@ims.example.net", callId, 7, null, List.of(), SDP,
                "Contact: <" + alice.contact() + ";ob>", "Content-Type: application/sdp"));
        CoreStandIn.Incoming invite = core.nextRequest();
        Response ok = core.respond(invite, 200, "Content-Type: application/sdp");
        assertThat(alice.next()).startsWith("SIP/2.0 200");
        await().atMost(WAIT).until(() -> proxy().anchoredDialogs() == 1);

        alice.socket().abort();
        CoreStandIn.Incoming bye = core.nextRequest();
        assertThat(bye.request().getMethod()).isEqualTo("BYE");
        assertThat(bye.request().getRequestURI().toString()).isEqualTo(uriOf(core.contact()));
        assertThat(bye.header("From")).contains("tag=wic1");
        assertThat(bye.header("To")).contains("tag=" + ((javax.sip.header.ToHeader) ok.getHeader("To")).getTag());
        assertThat(bye.header("Call-ID")).isEqualTo(callId);
        assertThat(bye.header("CSeq")).isEqualTo("8 BYE");
        assertThat(bye.header("Reason")).contains("cause=480");
        core.respond(bye, 200);
        await().atMost(WAIT).until(() -> proxy().anchoredDialogs() == 0);
    }

    @Test
    void terminatingInviteDialogRingsAnswersAcksAndTheCalleeHangsUp() {
        try (Registered bob = register("bob")) {
            String callId = callId();
            String from = "<sip:alice.web@ims.example.net>;tag=a1";
            ClientTransaction invite = core.send("INVITE " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu()
                    + ">", from, callId, 1, "INVITE", List.of(bob.path()), "Contact: " + core.contact(),
                    "Record-Route: <sip:127.0.0.1:" + core.port + ";transport=tcp;lr>",
                    "Content-Type: application/sdp"), SDP);
            assertThat(core.nextResponse().getStatusCode()).isEqualTo(100);
            String received = bob.next();
            assertThat(received).startsWith("INVITE " + bob.contact());
            List<String> recordRoutes = headers(received, "Record-Route");
            // WS side on top toward the WIC, then the core side, then the core's own
            assertThat(recordRoutes).hasSize(3);
            assertThat(recordRoutes.get(0)).matches("<sip:ft-[A-Za-z0-9_-]+@127\\.0\\.0\\.1:" + sipPort
                    + ";transport=ws;lr;ob>");
            assertThat(recordRoutes.get(1)).isEqualTo("<sip:127.0.0.1:" + sipPort + ";transport=tcp;lr>");
            assertThat(received).endsWith(SDP);

            bob.send(response(received, 180, "Ringing", "b1"));
            assertThat(core.nextResponse().getStatusCode()).isEqualTo(180);
            String answer = response(received, 200, "OK", "b1", "Contact: <" + bob.contact() + ";ob>")
                    .replace("Content-Length: 0\r\n", String.join("", recordRoutes.stream()
                            .map(r -> "Record-Route: " + r + "\r\n").toList()) + "Content-Length: 0\r\n");
            bob.send(answer);
            Response ok = core.nextResponse(200);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(SipHeaders.all(ok, "Record-Route")).isEqualTo(recordRoutes);
            assertThat(invite.getState()).isNotNull();

            // the core (UAC) acknowledges along the reversed Record-Route
            List<String> routeSet = new ArrayList<>(recordRoutes);
            Collections.reverse(routeSet);
            routeSet.remove(0); // its own entry
            core.sendStateless("ACK " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu() + ">;tag=b1", from,
                    callId, 1, "ACK", routeSet));
            String ack = bob.next();
            assertThat(ack).startsWith("ACK " + bob.contact());
            assertThat(header(ack, "Route")).isNull();

            // the callee (UAS) hangs up along the Record-Route as received
            bob.send(request("BYE", uriOf(core.contact()), callId, 1, "a1", recordRoutes, "")
                    .replace("To: <sip:bob.web@ims.example.net>;tag=a1", "To: " + from)
                    .replace("From: \"Alice\" <sip:alice.web@ims.example.net>;tag=wic1",
                            "From: <" + bob.impu() + ">;tag=b1"));
            CoreStandIn.Incoming bye = core.nextRequest();
            assertThat(bye.request().getMethod()).isEqualTo("BYE");
            assertThat(bye.headers("Route")).containsExactly("<sip:127.0.0.1:" + core.port + ";transport=tcp;lr>");
            assertThat(bye.header("P-Asserted-Identity")).isNull();
            core.respond(bye, 200);
            assertThat(bob.next()).startsWith("SIP/2.0 200");
            await().atMost(WAIT).until(() -> proxy().pendingTransactions() == 0);
            assertThat(proxy().anchoredDialogs()).isZero();
        }
    }

    @Test
    void cancelFromTheWicIsAnswered200AndTheCores487Relayed() {
        try (Registered alice = register("alice")) {
            String callId = callId();
            String inviteText = request("INVITE", "sip:bob.web@ims.example.net", callId, 1, null, List.of(), SDP,
                    "Contact: <" + alice.contact() + ";ob>", "Content-Type: application/sdp");
            alice.send(inviteText);
            CoreStandIn.Incoming invite = core.nextRequest();
            core.respond(invite, 180);
            assertThat(alice.next()).startsWith("SIP/2.0 180");

            String cancel = "CANCEL sip:bob.web@ims.example.net SIP/2.0\r\nVia: " + header(inviteText, "Via")
                    + "\r\nMax-Forwards: 69\r\nTo: <sip:bob.web@ims.example.net>\r\nFrom: " + header(inviteText, "From")
                    + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n";
            alice.send(cancel);
            String first = alice.next();
            String second = alice.next();
            List<String> answers = List.of(first.substring(0, 12), second.substring(0, 12));
            assertThat(answers).containsExactlyInAnyOrder("SIP/2.0 200 ", "SIP/2.0 487 ");
            String terminated = first.startsWith("SIP/2.0 487") ? first : second;
            assertThat(header(terminated, "CSeq")).isEqualTo("1 INVITE");
            assertThat(CoreStandIn.poll(core.cancels, "the CANCEL at the core").getMethod()).isEqualTo("CANCEL");

            // the ACK of the 487 stays at the eP-CSCF (its client transaction acknowledged hop by hop)
            alice.send(request("ACK", "sip:bob.web@ims.example.net", callId, 1,
                    header(terminated, "To").replaceFirst(".*;tag=", ""), List.of(), ""));
            await().atMost(WAIT).until(() -> proxy().pendingTransactions() == 0);
        }
    }

    @Test
    void cancelFromTheCoreReachesTheWicWithTheInvitesBranchAndIts487IsRelayed() {
        try (Registered bob = register("bob")) {
            String callId = callId();
            ClientTransaction invite = core.send("INVITE " + bob.contact() + " SIP/2.0", coreLines("<" + bob.impu()
                    + ">", "<sip:alice.web@ims.example.net>;tag=a1", callId, 1, "INVITE", List.of(bob.path()),
                    "Contact: " + core.contact(), "Content-Type: application/sdp"), SDP);
            assertThat(core.nextResponse().getStatusCode()).isEqualTo(100);
            String received = bob.next();
            bob.send(response(received, 180, "Ringing", "b1"));
            assertThat(core.nextResponse().getStatusCode()).isEqualTo(180);

            core.cancel(invite);
            String cancel = bob.next();
            assertThat(cancel).startsWith("CANCEL " + bob.contact());
            assertThat(headers(cancel, "Via")).containsExactly(headers(received, "Via").get(0));
            assertThat(header(cancel, "CSeq")).isEqualTo("1 CANCEL");
            bob.send(response(cancel, 200, "OK", null));
            bob.send(response(received, 487, "Request Terminated", "b1"));
            List<Integer> statuses = new ArrayList<>();
            statuses.add(core.nextResponse(200).getStatusCode());
            statuses.add(core.nextResponse(200).getStatusCode());
            assertThat(statuses).containsExactlyInAnyOrder(200, 487);
            String ack = bob.next();
            assertThat(ack).startsWith("ACK " + bob.contact());
            assertThat(headers(ack, "Via")).containsExactly(headers(received, "Via").get(0));
            await().atMost(WAIT).until(() -> proxy().pendingTransactions() == 0);
        }
    }

    // --- reg event (D13) -----------------------------------------------------------------------------------------

    @Test
    void eachRegistrationIsSubscribedAndATerminatedNotifyUnbindsTheImpu() {
        core.subscribes.clear();
        try (Registered alice = register("alice")) {
            Request subscribe = CoreStandIn.poll(core.subscribes, "the eP-CSCF's SUBSCRIBE");
            // profile §7.4
            assertThat(subscribe.getRequestURI().toString()).isEqualTo(alice.impu());
            assertThat(SipHeaders.first(subscribe, "Event")).contains("reg");
            assertThat(SipHeaders.first(subscribe, "Accept")).contains("application/reginfo+xml");
            assertThat(SipHeaders.first(subscribe, "Expires")).contains("600000");
            assertThat(SipHeaders.first(subscribe, "From").orElseThrow()).startsWith("<sip:127.0.0.1>;tag=");
            assertThat(SipHeaders.first(subscribe, "Route")).contains("<sip:127.0.0.1:" + core.port
                    + ";transport=tcp;lr>");
            assertThat(SipHeaders.first(subscribe, "Contact")).contains("<sip:127.0.0.1:" + sipPort
                    + ";transport=tcp>");

            // still registered: a MESSAGE goes out
            alice.send(request("MESSAGE", "sip:bob.web@ims.example.net", callId(), 1, null, List.of(), "x"));
            CoreStandIn.Incoming message = core.nextRequest();
            core.respond(message, 200);
            assertThat(alice.next()).startsWith("SIP/2.0 200");

            String subscriber = SipHeaders.first(subscribe, "From").orElseThrow();
            String reginfo = "<?xml version=\"1.0\"?>\n<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"1\""
                    + " state=\"partial\"><registration aor=\"" + alice.impu() + "\" id=\"a7\" state=\"terminated\">"
                    + "<contact id=\"c1\" state=\"terminated\" event=\"deactivated\"><uri>" + alice.contact()
                    + "</uri></contact></registration></reginfo>";
            String subscriberContact = uriOf(SipHeaders.first(subscribe, "Contact").orElseThrow());
            core.send("NOTIFY " + subscriberContact + " SIP/2.0", coreLines(subscriber,
                    "<" + alice.impu() + ">;tag=notifier", SipHeaders.first(subscribe, "Call-ID").orElseThrow(), 1,
                    "NOTIFY", List.of(), "Event: reg", "Subscription-State: terminated;reason=deactivated",
                    "Content-Type: application/reginfo+xml"), reginfo);
            assertThat(core.nextResponse(200).getStatusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> proxy().regEventSubscriptions() == 0);

            alice.send(request("MESSAGE", "sip:bob.web@ims.example.net", callId(), 2, null, List.of(), "x"));
            assertThat(alice.next()).startsWith("SIP/2.0 403");
        }
    }

    @Test
    void aRefusedSubscriptionLeavesTheRegistrationWorking() {
        core.subscribeStatus = 489;
        try (Registered alice = register("alice")) {
            CoreStandIn.poll(core.subscribes, "the eP-CSCF's SUBSCRIBE");
            alice.send(request("MESSAGE", "sip:bob.web@ims.example.net", callId(), 1, null, List.of(), "x"));
            CoreStandIn.Incoming message = core.nextRequest();
            core.respond(message, 200);
            assertThat(alice.next()).startsWith("SIP/2.0 200");
        } finally {
            core.subscribeStatus = 200;
        }
    }
}
