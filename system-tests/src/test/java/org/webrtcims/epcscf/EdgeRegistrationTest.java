package org.webrtcims.epcscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.SipTestClient;

/**
 * REGISTER from a WIC over a real WebSocket through the eP-CSCF, the real I-CSCF, S-CSCF, HSS, web-auth proxy and
 * PostgreSQL (profile §3 steps 1–10, §6 rows 1–5 and 29, §7.5–7.6, RFC 7118).
 */
class EdgeRegistrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static EdgeChain chain;
    private static EdgeChain.Edge edge;
    /** wss through a Spring SSL bundle, UDP toward the I-CSCF, tight rate limits. */
    private static EdgeChain.Edge secureEdge;

    @BeforeAll
    static void start() throws Exception {
        chain = new EdgeChain();
        edge = chain.edge(Map.of());
        java.nio.file.Path keystore = SelfSignedKeystore.create();
        secureEdge = chain.edge(Map.of(
                "epcscf.websocket.allow-plain", false,
                "server.ssl.bundle", "edge",
                "spring.ssl.bundle.jks.edge.keystore.location", keystore.toUri().toString(),
                "spring.ssl.bundle.jks.edge.keystore.password", SelfSignedKeystore.PASSWORD,
                "spring.ssl.bundle.jks.edge.keystore.type", "PKCS12",
                "epcscf.icscf-uri", "sip:127.0.0.1:" + chain.icscfSipPort + ";transport=udp",
                "epcscf.limits.messages-per-connection-per-second", 1,
                "epcscf.limits.handshakes-per-ip-per-second", 3));
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    private static CoreUnderTest.WebUser newUser() {
        // the fixture gives each admin call 5 s; on a loaded machine the first calls after a cold start can take longer
        CoreUnderTest.WebUser[] user = new CoreUnderTest.WebUser[1];
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
                .until(() -> (user[0] = chain.core.provision("md5-only")) != null);
        return user[0];
    }

    private static WsClient connect(CoreUnderTest.WebUser user) {
        return WsClient.connect(edge.url("ws"), EdgeChain.origin(user));
    }

    @Test
    void webCredentialsRegisterThrough401Then200WithTheStep10Headers() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            Wic.Message challenge = wic.exchange(wic.register(600, null, wic.identityHeader(),
                    "Supported: path,gruu,outbound"));
            assertThat(challenge.status()).isEqualTo(401);
            assertThat(challenge.header("WWW-Authenticate")).contains("realm=\"" + user.wwsf() + "\"")
                    .contains("algorithm=MD5").contains("qop=\"auth\"");
            // profile step 6: the eP-CSCF's and I-CSCF's Vias are gone, the WIC's carries received (RFC 3261 §18.2.1)
            assertThat(challenge.headers("Via")).hasSize(1);
            assertThat(challenge.header("Via")).startsWith("SIP/2.0/WSS k3v9q2x7m1p4.invalid").contains("received=127.0.0.1");

            Wic.Message ok = wic.exchange(wic.register(600, wic.answer(challenge, user.password()),
                    wic.identityHeader(), "Supported: path,gruu,outbound"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(String.join(",", ok.headers("P-Associated-URI"))).contains("<" + user.impu() + ">")
                    .contains("<" + user.telImpu() + ">");
            assertThat(ok.header("Service-Route")).contains(";lr");
            assertThat(ok.header("Contact")).contains(wic.contactUser);
            assertThat(ok.header("Path")).matches("<sip:ft-[A-Za-z0-9_-]+@127\\.0\\.0\\.1:" + edge.sipPort()
                    + ";transport=tcp;lr;ob>");
            assertThat(ok.header("Flow-Timer")).isEqualTo("1");
            // profile step 10: core-only headers stripped, the D1 header never goes back to the WIC
            assertThat(ok.has("P-Charging-Vector")).isFalse();
            assertThat(ok.has("WebRTC-Web-Identity")).isFalse();
            assertThat(chain.core.locationStatus(user.impu())).isEqualTo(200);
        }
    }

    @Test
    void rfc7118HandshakeWithoutTheSipSubprotocolIs400() {
        CoreUnderTest.WebUser user = newUser();
        assertThatThrownBy(() -> WsClient.connect(edge.url("ws"), EdgeChain.origin(user), true))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status).isEqualTo(400));
        assertThatThrownBy(() -> WsClient.connect(edge.url("ws"), EdgeChain.origin(user), true, "xmpp"))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status).isEqualTo(400));
    }

    @Test
    void d3HandshakeFromAnOriginNoWwsfListsIs403() {
        assertThatThrownBy(() -> WsClient.connect(edge.url("ws"), "https://evil.example.org"))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status).isEqualTo(403));
        assertThatThrownBy(() -> WsClient.connect(edge.url("ws"), null))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status).isEqualTo(403));
    }

    @Test
    void d1MissingWebIdentityHeaderIs400() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            Wic.Message answer = wic.exchange(wic.register(600, null, "Supported: path,gruu,outbound"));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.reason()).contains("WebRTC-Web-Identity");
        }
    }

    @Test
    void d3WwsfClaimOtherThanTheOriginsWwsfIs403() {
        CoreUnderTest.WebUser user = newUser();
        CoreUnderTest.WebUser other = newUser();
        try (WsClient socket = connect(other)) {
            Wic wic = new Wic(socket, user);
            Wic.Message answer = wic.exchange(wic.register(600, null, wic.identityHeader(),
                    "Supported: path,gruu,outbound"));
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.reason()).contains("WWSF");
        }
    }

    @Test
    void d2DigestUsernameOtherThanTheHeadersWebIdentityIs403() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            Wic.Message challenge = wic.exchange(wic.register(600, null, wic.identityHeader(),
                    "Supported: path,gruu,outbound"));
            String forged = wic.answer(challenge, user.password()).replace("username=\"" + user.webIdentity(),
                    "username=\"mallory@idp.example.com");
            Wic.Message answer = wic.exchange(wic.register(600, forged, wic.identityHeader(),
                    "Supported: path,gruu,outbound"));
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.reason()).contains("username");
        }
    }

    @Test
    void rfc3327WithoutSupportedPathIs421RequiringPath() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            Wic.Message answer = wic.exchange(wic.register(600, null, wic.identityHeader(), "Supported: gruu"));
            assertThat(answer.status()).isEqualTo(421);
            assertThat(answer.header("Require")).isEqualTo("path");
        }
    }

    @Test
    void thirdPartyRegistrationIs403() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            String request = wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .replaceFirst("From: \"Alice\" <" + java.util.regex.Pattern.quote(user.impu()) + ">",
                            "From: <sip:bob@ims.example.net>");
            assertThat(wic.exchange(request).status()).isEqualTo(403);
        }
    }

    @Test
    void ts24229NonRegisterFromAnUnregisteredConnectionIs403() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            Wic.Message answer = wic.exchange(message(user));
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.reason()).contains("Not registered");
        }
    }

    @Test
    void malformedHeaderGets400AndTheSameConnectionStillRegisters() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            String broken = wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .replace("Contact: <sip:", "Contact: <<<sip:");
            Wic.Message answer = wic.exchange(broken);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.reason()).contains("Contact");
            String noCallId = wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .replaceFirst("Call-ID: [^\r]+\r\n", "");
            assertThat(wic.exchange(noCallId).status()).isEqualTo(400);
            String noTo = wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .replaceFirst("To: [^\r]+\r\n", "");
            Wic.Message answerWithoutTo = wic.exchange(noTo);
            assertThat(answerWithoutTo.status()).isEqualTo(400);
            assertThat(answerWithoutTo.reason()).contains("To");
            assertThat(wic.register(user.password(), 600).status()).isEqualTo(200);
        }
    }

    @Test
    void rfc6455InvalidUtf8TextClosesWith1007AndTheOtherConnectionsCarryOn() {
        CoreUnderTest.WebUser user = newUser();
        CoreUnderTest.WebUser neighbour = newUser();
        try (WsClient bystander = connect(neighbour); WsClient socket = connect(user)) {
            byte[] request = new Wic(socket, user).register(600, null).getBytes(StandardCharsets.UTF_8);
            request[20] = (byte) 0xC3;
            request[21] = (byte) 0x28; // an invalid two-byte sequence
            socket.sendTextBytes(request);
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1007);
            assertThat(new Wic(bystander, neighbour).register(neighbour.password(), 600).status()).isEqualTo(200);
        }
        assertAGoodUserStillRegisters();
    }

    @Test
    void rfc6455OversizedMessageClosesWith1009AndTheServiceCarriesOn() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            socket.send(new Wic(socket, user).register(600, null, "X-Padding: " + "a".repeat(9000)));
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1009);
        }
        assertAGoodUserStillRegisters();
    }

    @Test
    void rfc7118FrameThatIsNoSipMessageClosesWith1008() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            socket.send("hello, is this SIP?");
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1008);
        }
        assertAGoodUserStillRegisters();
    }

    @Test
    void rfc7118BinaryMessagesCarrySipToo() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            socket.sendBinary(wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(new Wic.Message(socket.next(WAIT)).status()).isEqualTo(401);
        }
    }

    @Test
    void rfc5626CrlfKeepAliveIsAnsweredWithCrlf() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            socket.send("\r\n\r\n");
            assertThat(socket.next(WAIT)).isEqualTo("\r\n");
        }
    }

    @Test
    void d14ServerPingsAndClosesAConnectionThatNeverAnswers() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient silent = WsClient.connect(edge.url("ws"), EdgeChain.origin(user), false, "sip")) {
            assertThat(silent.receivedPing(WAIT)).isTrue();
            assertThat(silent.awaitClose(WAIT)).isEqualTo(1001);
        }
        try (WsClient answering = connect(user)) {
            // a peer that answers the Pings keeps its connection past two ping intervals
            await().during(Duration.ofSeconds(3)).atMost(WAIT).until(answering::isOpen);
        }
    }

    @Test
    void d15DroppedConnectionIsCleanedUpAndItsFlowTokenAnswers430() {
        CoreUnderTest.WebUser user = newUser();
        FlowRegistry flows = edge.app().bean(FlowRegistry.class);
        WsClient socket = connect(user);
        Wic.Message ok = new Wic(socket, user).register(user.password(), 600);
        assertThat(ok.status()).isEqualTo(200);
        String path = ok.header("Path");
        String pathUri = path.substring(1, path.indexOf('>'));
        try (SipTestClient core = new SipTestClient("tcp")) {
            // while the flow is open, a request for its token reaches the WIC, whose answer goes back (issue 13)
            java.util.concurrent.CompletableFuture<Response> delivered = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> core.send("OPTIONS", user.impu(), coreRequestLines(pathUri)));
            String options = socket.next(WAIT);
            assertThat(options).startsWith("OPTIONS " + user.impu());
            socket.send(optionsAnswer(options));
            assertThat(delivered.join().getStatusCode()).isEqualTo(200);
            int open = flows.openFlows();
            socket.abort();
            await().atMost(WAIT).until(() -> flows.openFlows() < open);
            Response answer = core.send("OPTIONS", user.impu(), coreRequestLines(pathUri));
            assertThat(answer.getStatusCode()).isEqualTo(430);
            String forged = pathUri.replaceFirst("ft-[A-Za-z0-9_-]{4}", "ft-AAAA");
            assertThat(core.send("OPTIONS", user.impu(), coreRequestLines(forged)).getStatusCode()).isEqualTo(430);
        }
    }

    @Test
    void d2DeregistrationOnTheBoundConnectionIsTlsYesAndNeedsNoChallenge() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            assertThat(wic.register(user.password(), 600).status()).isEqualTo(200);
            // §7.1: a JsSIP refresh carries no credentials and is challenged again (D11)
            assertThat(wic.register(user.password(), 600).status()).isEqualTo(200);
            Wic.Message bye = wic.exchange(wic.register(0, null, wic.identityHeader(), "Supported: path"));
            assertThat(bye.status()).isEqualTo(200);
        }
        await().atMost(WAIT).until(() -> chain.core.locationStatus(user.impu()) == 404);
    }

    @Test
    void d2ANewConnectionIsTlsPendingAndAWicCannotClaimTlsYes() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient first = connect(user)) {
            assertThat(new Wic(first, user).register(user.password(), 600).status()).isEqualTo(200);
        }
        try (WsClient second = connect(user)) {
            Wic wic = new Wic(second, user);
            String spoofed = "Digest username=\"" + user.webIdentity() + "\", realm=\"" + user.wwsf()
                    + "\", uri=\"sip:ims.example.net\", nonce=\"\", response=\"\", integrity-protected=\"tls-yes\"";
            Wic.Message answer = wic.exchange(wic.register(0, spoofed, wic.identityHeader(), "Supported: path"));
            assertThat(answer.status()).isEqualTo(401);
        }
    }

    @Test
    void wrongPasswordIs403AndUnknownWebIdentityIs403() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            assertThat(new Wic(socket, user).register("not-the-password", 600).status()).isEqualTo(403);
        }
        CoreUnderTest.WebUser stranger = new CoreUnderTest.WebUser(user.wwsf(), "nobody@idp.example.com",
                "wonderland", user.impu(), user.telImpu());
        try (WsClient socket = connect(user)) {
            assertThat(new Wic(socket, stranger).register("wonderland", 600).status()).isEqualTo(403);
        }
    }

    @Test
    void wssThroughAnSslBundleAndUdpTowardTheIcscfRegister() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = WsClient.connect(secureEdge.url("wss"), EdgeChain.origin(user))) {
            assertThat(new Wic(socket, user).register(user.password(), 600).status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> WsClient.connect(secureEdge.url("ws"), EdgeChain.origin(user)))
                .isNotInstanceOf(WsClient.Refused.class);
    }

    @Test
    void perConnectionRequestFloodGets503WithRetryAfterAndHandshakeFloodGets429() throws Exception {
        CoreUnderTest.WebUser user = newUser();
        await().pollDelay(Duration.ofMillis(1100)).until(() -> true); // a fresh second for the handshake bucket
        try (WsClient socket = WsClient.connect(secureEdge.url("wss"), EdgeChain.origin(user))) {
            Wic wic = new Wic(socket, user);
            Wic.Message last = null;
            for (int i = 0; i < 4 && (last == null || last.status() != 503); i++) {
                last = wic.exchange(message(user));
            }
            assertThat(last.status()).isEqualTo(503);
            assertThat(last.header("Retry-After")).isNotBlank();
        }
        // ten handshakes at once: one after the other, a slow (loaded) machine lets the 3/s bucket refill in between
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            List<java.util.concurrent.Future<Integer>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                attempts.add(pool.submit(() -> {
                    try (WsClient extra = WsClient.connect(secureEdge.url("wss"), EdgeChain.origin(user))) {
                        return extra.isOpen() ? 101 : 0;
                    } catch (WsClient.Refused r) {
                        return r.status;
                    }
                }));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> attempt : attempts) {
                statuses.add(attempt.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).allMatch(s -> s == 101 || s == 429).contains(429);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void plainWebSocketWithoutTlsIsRefusedAtStartUnlessAllowed() {
        assertThatThrownBy(() -> chain.edge(Map.of("epcscf.websocket.allow-plain", false)))
                .hasStackTraceContaining("server.ssl.bundle");
    }

    @Test
    void sipJsStyleDeregistrationWithoutTheIdentityHeaderIsAcceptedOnTheBoundFlow() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            assertThat(wic.register(user.password(), 600).status()).isEqualTo(200);
            Wic.Message bye = wic.exchange(wic.register(0, null, "Supported: path,gruu,outbound"));
            assertThat(bye.status()).isEqualTo(200);
        }
        try (WsClient other = connect(user)) {
            Wic wic = new Wic(other, user);
            assertThat(wic.exchange(wic.register(0, null, "Supported: path")).status()).isEqualTo(400);
        }
    }

    /**
     * A WWSF provisioned a moment ago makes the handshake wait for the HSS; the WIC's first REGISTER, sent right
     * after the 101, must still be answered (the upgrade has to happen on the connection's event loop; before that
     * fix about one handshake in 60 lost its first frame).
     */
    @Test
    void firstRequestRightAfterAnHssCheckedHandshakeIsAlwaysAnswered() {
        int lost = 0;
        for (int i = 0; i < 40; i++) {
            CoreUnderTest.WebUser user = newUser();
            try (WsClient socket = connect(user)) {
                socket.send(new Wic(socket, user).register(600, null, "Supported: path"));
                if (socket.next(Duration.ofSeconds(5)) == null) {
                    lost++;
                }
            }
        }
        assertThat(lost).isZero();
    }

    /**
     * Issue 11 finding 5: a frame whose first line is a header (no start line) made jain-sip return a request whose
     * getMethod() was null; the NullPointerException left the frame unanswered and logged a WARN line. No response
     * can be addressed to what is no request (RFC 3261 §7.1): close 1008, counted in the metric.
     */
    @Test
    void frameWithoutAStartLineClosesWith1008AndIsCounted() {
        CoreUnderTest.WebUser user = newUser();
        double before = rejected("not-sip");
        try (WsClient socket = connect(user)) {
            String register = new Wic(socket, user).register(600, null, "Supported: path");
            socket.send(register.substring(register.indexOf("\r\n") + 2));
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1008);
        }
        assertThat(rejected("not-sip")).isEqualTo(before + 1);
        assertAGoodUserStillRegisters();
    }

    /** Profile §6 row 2 ("400 with reason phrase / Warning"): the Warning names the header field (RFC 3261 §20.43). */
    @Test
    void malformedHeaderGets400WithAWarningNamingIt() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            Wic.Message answer = wic.exchange(wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .replace("Contact: <sip:", "Contact: <<<sip:"));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Warning")).isEqualTo("399 epcscf1 \"Malformed Contact header field\"");
        }
    }

    /**
     * Issue 11: the message rate limit runs on the raw frame, before parsing; before the fix malformed frames were
     * answered (and parsed) without ever reaching the limit.
     */
    @Test
    void rateLimitCountsRawFramesBeforeParsingSoMalformedFloodsGet503() {
        CoreUnderTest.WebUser user = newUser();
        await().pollDelay(Duration.ofMillis(1100)).until(() -> true); // a fresh second for the handshake bucket
        try (WsClient socket = WsClient.connect(secureEdge.url("wss"), EdgeChain.origin(user))) {
            Wic wic = new Wic(socket, user);
            String broken = wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .replace("Contact: <sip:", "Contact: <<<sip:");
            Wic.Message last = null;
            for (int i = 0; i < 4 && (last == null || last.status() != 503); i++) {
                last = wic.exchange(broken);
            }
            assertThat(last.status()).isEqualTo(503);
            assertThat(last.header("Retry-After")).isEqualTo("5");
            // over the limit, a frame no 503 can be addressed to closes the connection (1008)
            socket.send("garbage");
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1008);
        }
    }

    /**
     * RFC 3261 §18.1.2: a response that matches no client transaction is dropped silently; the edge sends no requests
     * toward WICs yet, so any response from a WIC is stray. The connection carries on (the next request is answered).
     */
    @Test
    void strayResponseFromTheWicIsDroppedSilentlyAndCounted() {
        CoreUnderTest.WebUser user = newUser();
        double before = rejected("stray-response");
        try (WsClient socket = connect(user)) {
            socket.send("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5064;branch=z9hG4bKx\r\nTo: <sip:a@b>;tag=1\r\n"
                    + "From: <sip:c@d>;tag=2\r\nCall-ID: stray\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n");
            socket.send("SIP/2.0 2x0 broken\r\n\r\n");
            Wic wic = new Wic(socket, user);
            Wic.Message answer = wic.exchange(wic.register(600, null, wic.identityHeader(), "Supported: path"));
            assertThat(answer.status()).isEqualTo(401);
        }
        assertThat(rejected("stray-response")).isEqualTo(before + 2);
    }

    /**
     * Issue 11 finding 5 (the 500s): a REGISTER with a blank Call-ID passes admission (jain-sip parsed the header),
     * but jain-sip refuses to build a client transaction from its Mw copy ("Missing a required header: Call-ID").
     * That is bad client input, not an unreachable I-CSCF: 400, not 500 (RFC 3261 §21.4.1 vs §16.9).
     */
    @Test
    void registerThatPassesAdmissionButCannotBeTurnedIntoAnMwRequestGets400Not500() {
        CoreUnderTest.WebUser user = newUser();
        double before = rejected("unforwardable");
        try (WsClient socket = connect(user)) {
            Wic wic = new Wic(socket, user);
            String blankCallId = wic.register(600, null, wic.identityHeader(), "Supported: path")
                    .replaceFirst("Call-ID: [^\r]+\r\n", "Call-ID: \t\r\n");
            Wic.Message answer = wic.exchange(blankCallId);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.reason()).isEqualTo("Bad Request - Cannot be forwarded");
            assertThat(wic.register(user.password(), 600).status()).isEqualTo(200);
        }
        assertThat(rejected("unforwardable")).isEqualTo(before + 1);
    }

    /** Issue 11: malformed input is counted by reason (and logged at DEBUG only). */
    @Test
    void invalidUtf8IsCountedInTheRejectedInputMetric() {
        CoreUnderTest.WebUser user = newUser();
        double before = rejected("invalid-utf8");
        try (WsClient socket = connect(user)) {
            socket.sendBinary(new byte[] {'R', 'E', (byte) 0xC3, 0x28});
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1007);
        }
        assertThat(rejected("invalid-utf8")).isEqualTo(before + 1);
    }

    private static double rejected(String reason) {
        io.micrometer.core.instrument.Counter counter = edge.app().bean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("epcscf.input.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertAGoodUserStillRegisters() {
        CoreUnderTest.WebUser user = newUser();
        try (WsClient socket = connect(user)) {
            assertThat(new Wic(socket, user).register(user.password(), 600).status()).isEqualTo(200);
        }
    }

    private static String message(CoreUnderTest.WebUser user) {
        return "MESSAGE sip:bob@ims.example.net SIP/2.0\r\n"
                + "Via: SIP/2.0/WSS k3v9q2x7m1p4.invalid;branch=z9hG4bKmsg1\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:bob@ims.example.net>\r\n"
                + "From: <" + user.impu() + ">;tag=m1\r\n"
                + "Call-ID: msg-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: 2\r\n\r\nhi";
    }

    /** A WIC's 200 to a request it received: the Via line(s), From, To with a tag, Call-ID, CSeq copied. */
    private static String optionsAnswer(String request) {
        StringBuilder text = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.substring(0, request.indexOf("\r\n\r\n")).split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
            if (List.of("Via", "From", "Call-ID", "CSeq").contains(name)) {
                text.append(line).append("\r\n");
            } else if (name.equals("To")) {
                text.append(line).append(";tag=wic\r\n");
            }
        }
        return text.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static List<String> coreRequestLines(String pathUri) {
        return List.of("Route: <" + pathUri + ">", "Max-Forwards: 70", "To: <sip:x@ims.example.net>",
                "From: <sip:scscf@ims.example.net>;tag=c1", "Call-ID: core-" + System.nanoTime(), "CSeq: 1 OPTIONS");
    }
}
