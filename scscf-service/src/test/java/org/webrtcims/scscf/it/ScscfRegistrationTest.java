package org.webrtcims.scscf.it;

import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipTestClient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.webrtcims.digest.AuthorizationParser;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.digest.DigestInput;
import org.webrtcims.digest.DigestCredentials;

/**
 * SIP Digest registration at the S-CSCF over real TCP and UDP sockets, with the real HSS, web-auth proxy and
 * PostgreSQL behind it (profile §3 steps 3–9, §4, §6).
 */
class ScscfRegistrationTest {

    private static CoreUnderTest core;
    private static SipTestClient tcp;
    private static SipTestClient udp;

    @BeforeAll
    static void start() {
        // UDP is off by default (issue 11); this class registers over both
        core = new CoreUnderTest(
                Map.of("scscf.sip.transports", "tcp,udp"));
        tcp = new SipTestClient("tcp");
        udp = new SipTestClient("udp");
    }

    @AfterAll
    static void stop() {
        tcp.close();
        udp.close();
        core.close();
    }

    private static EpCscfStandIn over(String transport) {
        return new EpCscfStandIn("udp".equals(transport) ? udp : tcp, "127.0.0.1:" + core.scscfSipPort);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void fullRegistrationAnswers401ThenStep9Headers(String transport) {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = over(transport);
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();

        Response challenge = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        assertThat(challenge.getStatusCode()).isEqualTo(401);
        List<String> challenges = SipTestClient.values(challenge, "WWW-Authenticate");
        assertThat(challenges).hasSize(1);
        DigestCredentials offered = EpCscfStandIn.challengeOf(challenge);
        assertThat(offered.realm()).isEqualTo(user.wwsf());
        assertThat(offered.algorithm()).isEqualTo("MD5");
        assertThat(offered.qop()).isEqualTo("auth");
        assertThat(offered.opaque()).isNotBlank();
        assertThat(offered.nonce()).hasSizeGreaterThanOrEqualTo(48);

        String authorization = EpCscfStandIn.answer(user, challenge, "wonderland", EpCscfStandIn.REGISTRAR,
                "00000001");
        Response ok = epcscf.send(user, flow, authorization, 600);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(SipTestClient.values(ok, "Contact").get(0)).contains(flow.contactUri()).contains("expires=600")
                .contains("reg-id=1").contains(flow.instance);
        assertThat(SipTestClient.values(ok, "Path").get(0)).contains("ft-").contains(";ob");
        assertThat(SipTestClient.values(ok, "Service-Route").get(0))
                .isEqualTo("<sip:orig@127.0.0.1:" + core.scscfSipPort + ";transport=tcp;lr>");
        assertThat(String.join(",", SipTestClient.values(ok, "P-Associated-URI")))
                .startsWith("<" + user.impu() + ">").contains("<" + user.telImpu() + ">");
        assertThat(SipTestClient.values(ok, "Require")).anyMatch(v -> v.contains("outbound"));
        String info = SipTestClient.values(ok, "Authentication-Info").get(0);
        DigestCredentials sent = org.webrtcims.digest.AuthorizationParser.parse("Digest " + authorization
                .substring("Digest ".length())).orElseThrow();
        String rspauth = DigestCalculator.rspauth(DigestAlgorithm.MD5, user.ha1(DigestAlgorithm.MD5),
                DigestInput.auth(sent.nonce(), "00000001", sent.cnonce(), "", EpCscfStandIn.REGISTRAR));
        assertThat(info).contains("qop=auth").contains("rspauth=\"" + rspauth + "\"").contains("nc=00000001");
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);
    }

    @Test
    void refreshWithinTheSarIntervalSendsNoSarAndKeepsTheAssociatedUris() {
        // profile §7.1 D11: SAR RE_REGISTRATION at most once per reregistration-sar-interval (1 h)
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = over("tcp");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        org.webrtcims.scscf.registrar.BindingStore store = core.scscf.bean(org.webrtcims.scscf.registrar.BindingStore.class);
        java.time.Instant assigned = store.current(user.impu()).get(0).sarAt();
        assertThat(assigned).isNotNull();

        Response refreshed = epcscf.register(user, flow, "wonderland", 600);
        assertThat(refreshed.getStatusCode()).isEqualTo(200);
        assertThat(String.join(",", SipTestClient.values(refreshed, "P-Associated-URI")))
                .startsWith("<" + user.impu() + ">").contains("<" + user.telImpu() + ">");
        // the SAR time is the first registration's: no SAR was sent for the refresh
        assertThat(store.current(user.impu())).singleElement().satisfies(b -> assertThat(b.sarAt()).isEqualTo(assigned));
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);
    }

    @Test
    void wrongPasswordIs403() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        Response answer = over("tcp").register(user, new EpCscfStandIn.Flow(), "not-the-password", 600);
        assertThat(answer.getStatusCode()).isEqualTo(403);
        assertThat(core.locationStatus(user.impu())).isEqualTo(404);
    }

    @Test
    void replayOfAnAcceptedAuthorizationIsNot200AndReusedNcIs401Stale() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = over("tcp");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        Response challenge = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        String authorization = EpCscfStandIn.answer(user, challenge, "wonderland", EpCscfStandIn.REGISTRAR, "00000001");
        assertThat(epcscf.send(user, flow, authorization, 600).getStatusCode()).isEqualTo(200);

        Response replay = epcscf.send(user, flow, authorization, 600);
        assertThat(replay.getStatusCode()).isEqualTo(401);
        assertThat(SipTestClient.values(replay, "WWW-Authenticate").get(0)).contains("stale=TRUE");
        assertThat(EpCscfStandIn.challengeOf(replay).nonce()).isNotEqualTo(EpCscfStandIn.challengeOf(challenge).nonce());
    }

    @Test
    void forgedNonceIs401WithANewChallenge() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = over("tcp");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        Response challenge = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        String nonce = EpCscfStandIn.challengeOf(challenge).nonce();
        // one character of the MAC part changed: a nonce the S-CSCF never issued
        int at = nonce.length() - 5;
        String altered = nonce.substring(0, at) + (nonce.charAt(at) == 'B' ? 'C' : 'B') + nonce.substring(at + 1);
        String forged = EpCscfStandIn.answer(user, challenge, "wonderland", EpCscfStandIn.REGISTRAR, "00000001")
                .replace(nonce, altered);
        Response answer = epcscf.send(user, flow, forged, 600);
        assertThat(answer.getStatusCode()).isEqualTo(401);
        assertThat(SipTestClient.values(answer, "WWW-Authenticate").get(0)).doesNotContain("stale=TRUE");
    }

    @Test
    void digestOverAnotherUriIs403() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = over("tcp");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        Response challenge = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        String computedForOther = EpCscfStandIn.answer(user, challenge, "wonderland", "sip:other.example.net",
                "00000001");
        String presented = computedForOther.replace("uri=\"sip:other.example.net\"", "uri=\"sip:ims.example.net\"");
        assertThat(epcscf.send(user, flow, presented, 600).getStatusCode()).isEqualTo(403);
    }

    @Test
    void fiveFailuresLockTheIdentityAgainstEvenACorrectPassword() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = over("tcp");
        for (int i = 0; i < 5; i++) {
            assertThat(epcscf.register(user, new EpCscfStandIn.Flow(), "guess-" + i, 600).getStatusCode())
                    .isEqualTo(403);
        }
        Response locked = epcscf.send(user, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        assertThat(locked.getStatusCode()).isEqualTo(403);
        assertThat(SipTestClient.values(locked, "Warning").get(0)).contains("399")
                .contains("authentication temporarily locked");
        assertThat(SipTestClient.values(locked, "WWW-Authenticate")).isEmpty();
    }

    @Test
    void deregistrationOnABoundFlowNeedsNoChallengeAndTellsTheHss() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = over("tcp");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(epcscf.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        Response bye = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-yes"), 0);
        assertThat(bye.getStatusCode()).isEqualTo(200);
        assertThat(SipTestClient.values(bye, "Contact").get(0)).contains("expires=0");
        assertThat(core.locationStatus(user.impu())).isEqualTo(404);
    }

    @Test
    void tooShortExpiresIs423WithMinExpires() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        Response answer = over("tcp").send(user, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(user, "tls-pending"), 1);
        assertThat(answer.getStatusCode()).isEqualTo(423);
        assertThat(SipTestClient.values(answer, "Min-Expires")).containsExactly("2");
    }

    @Test
    void unsupportedRequireIs420AndImsAkaIs403() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        Response bad = over("tcp").send(user, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600, "Require: sec-agree");
        assertThat(bad.getStatusCode()).isEqualTo(420);
        assertThat(SipTestClient.values(bad, "Unsupported")).containsExactly("sec-agree");
        Response aka = over("tcp").send(user, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(user, "yes"), 600);
        assertThat(aka.getStatusCode()).isEqualTo(403);
    }

    @Test
    void unparsableMessageIsDroppedMalformedCredentialsGet400AndOthersStillRegister() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", core.scscfSipPort)) {
            // RFC 3261 §21.4.1 needs a parsable CSeq to answer at all: the stack drops it and closes the stream
            String garbage = "REGISTER sip:ims.example.net SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKbroken1\r\n"
                    + "To: <sip:a@ims.example.net>\r\nFrom: <sip:a@ims.example.net>;tag=1\r\n"
                    + "Call-ID: broken-1\r\nCSeq: not-a-number REGISTER\r\nMax-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n";
            socket.getOutputStream().write(garbage.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        CoreUnderTest.WebUser user = core.provision("md5-only");
        // RFC 5626 §5: reg-id without +sip.instance is a malformed REGISTER
        Response malformed = tcp.send("REGISTER", EpCscfStandIn.REGISTRAR, List.of(
                "Route: <sip:127.0.0.1:" + core.scscfSipPort + ";transport=tcp;lr>", "Max-Forwards: 68",
                "To: <" + user.impu() + ">", "From: <" + user.impu() + ">;tag=x1", "Call-ID: malformed-1",
                "CSeq: 1 REGISTER", "Contact: <sip:x@k3v9q2x7m1p4.invalid;transport=ws>;reg-id=1;expires=600",
                "Authorization: " + EpCscfStandIn.initialAuthorization(user, "tls-pending")));
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(malformed.getReasonPhrase()).contains("reg-id");
        assertThat(over("tcp").register(user, new EpCscfStandIn.Flow(), "wonderland", 600).getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownWebIdentityIs403() {
        CoreUnderTest.WebUser known = core.provision("md5-only");
        CoreUnderTest.WebUser stranger = new CoreUnderTest.WebUser(known.wwsf(), "nobody@idp.example.com", "x",
                known.impu(), known.telImpu());
        assertThat(over("tcp").send(stranger, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(stranger, "tls-pending"), 600).getStatusCode()).isEqualTo(403);
    }

    @Test
    void sha256FirstWwsfIsChallengedWithSha256AboveMd5() {
        CoreUnderTest.WebUser user = core.provision("sha256-first");
        EpCscfStandIn epcscf = over("tcp");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        Response challenge = epcscf.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        List<String> offered = SipTestClient.values(challenge, "WWW-Authenticate");
        assertThat(offered).hasSize(2);
        assertThat(offered.get(0)).contains("algorithm=SHA-256");
        assertThat(offered.get(1)).contains("algorithm=MD5");
        Response ok = epcscf.send(user, flow, EpCscfStandIn.answer(user, challenge, "wonderland",
                EpCscfStandIn.REGISTRAR, "00000001"), 600);
        assertThat(ok.getStatusCode()).isEqualTo(200);
    }
}
