package org.webrtcims.scscf.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.scscf.digest.AuthContext;

/** The registrar's answers (profile step 9, §5.5, §6; RFC 2617 §3.2.3; RFC 5626 §6; RFC 8760 order). */
class RegisterRepliesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String OB_PATH = "<sip:ft-1@edge.example.net;lr;ob>";
    private final RegisterReplies replies = new RegisterReplies("scscf.ims.example.net:5062",
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static AuthContext context(List<DigestAlgorithm> offered) {
        return new AuthContext("op", "nonce-1", FakeHssCx.IMPI, FakeHssCx.IMPU, FakeHssCx.REALM, FakeHssCx.REALM,
                "auth", offered, Map.of(DigestAlgorithm.MD5, FakeHssCx.ha1(DigestAlgorithm.MD5),
                        DigestAlgorithm.SHA_256, FakeHssCx.ha1(DigestAlgorithm.SHA_256)), "call-1", NOW,
                NOW.plusSeconds(240));
    }

    private static RegisterRequest outboundRegister() {
        return new RegisterRequest(FakeHssCx.IMPU, "call-1", 2,
                List.of(new ContactSpec("sip:c1@h;transport=ws", 600, "<urn:uuid:1>", 1, "reg-id=1")), false, null,
                null, List.of(OB_PATH), List.of(), null);
    }

    @Test
    void sha256FirstChallengeListsTheStrongerAlgorithmFirst() {
        RegisterReply reply = replies.challenge(context(List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5)), false);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.values("WWW-Authenticate")).hasSize(2);
        assertThat(reply.values("WWW-Authenticate").get(0)).contains("algorithm=SHA-256").contains("opaque=\"op\"")
                .contains("qop=\"auth\"").doesNotContain("stale");
        assertThat(reply.values("WWW-Authenticate").get(1)).contains("algorithm=MD5");
    }

    @Test
    void staleChallengeSaysStaleTrue() {
        // RFC 2617 §3.2.1, profile §6 row 18
        assertThat(replies.challenge(context(List.of(DigestAlgorithm.MD5)), true).values("WWW-Authenticate").get(0))
                .endsWith(", stale=TRUE");
    }

    @Test
    void registeredAnswerCarriesTheStep9Headers() {
        Binding binding = new Binding(FakeHssCx.IMPU, FakeHssCx.IMPI, "sip:c1@h;transport=ws", "reg-id=1",
                "<urn:uuid:1>", 1, List.of(OB_PATH), "call-1", 2, FakeHssCx.REALM, List.of(FakeHssCx.IMPU),
                NOW.plusMillis(599_500), "owner");
        RegisterReply reply = replies.registered(outboundRegister(), List.of(binding),
                List.of(FakeHssCx.IMPU, "tel:+15551234"));
        assertThat(reply.status()).isEqualTo(200);
        // the remaining time is rounded up
        assertThat(reply.values("Contact")).containsExactly("<sip:c1@h;transport=ws>;expires=600;reg-id=1");
        assertThat(reply.values("Path")).containsExactly(OB_PATH);
        assertThat(reply.values("Service-Route")).containsExactly("<sip:orig@scscf.ims.example.net:5062;transport=tcp;lr>");
        assertThat(reply.values("P-Associated-URI")).containsExactly("<" + FakeHssCx.IMPU + ">", "<tel:+15551234>");
        assertThat(reply.values("Require")).containsExactly("outbound");
        assertThat(reply.values("Supported")).containsExactly("path,outbound");
    }

    @Test
    void authenticationInfoCarriesTheProfileRspauth() {
        // profile §4.3 vector: step 7 response bf06…, rspauth 2f32… (RFC 2617 §3.2.3)
        AuthContext context = new AuthContext("YWN0eC0wMDAx", "AAABk2cF3QD6oQh1X0s7ZlQJm9rY4v2LqQy7kN3P0Zc",
                FakeHssCx.IMPI, FakeHssCx.IMPU, FakeHssCx.REALM, FakeHssCx.REALM, "auth",
                List.of(DigestAlgorithm.MD5), Map.of(DigestAlgorithm.MD5, "2774221d5d92ce890250a1af4d3b3903"),
                "8lq2v0c4k9x1m7d3t5b6ne", NOW, NOW.plusSeconds(240));
        DigestCredentials step7 = new DigestCredentials(FakeHssCx.IMPI, FakeHssCx.REALM, context.nonce(),
                "sip:ims.example.net", "bf06b1b21453901c4434c2644de037fd", "MD5", "auth", "00000001",
                "b7c1a9f2d3e4", context.opaque(), "tls-pending", FakeHssCx.REALM);
        RegisterRequest request = new RegisterRequest(FakeHssCx.IMPU, "8lq2v0c4k9x1m7d3t5b6ne", 2, List.of(), false,
                null, step7, List.of(), List.of(), null);
        RegisterReply reply = replies.withAuthenticationInfo(RegisterReply.of(200, "OK"), request, context);
        assertThat(reply.values("Authentication-Info")).containsExactly(
                "qop=auth, rspauth=\"2f325429c13811da1bc55eca5e433253\", cnonce=\"b7c1a9f2d3e4\", nc=00000001");
        assertThat(replies.withAuthenticationInfo(RegisterReply.of(403, "Forbidden"), request, context).headers())
                .isEmpty();
    }

    @Test
    void lockedAnswerIs403WithWarning399() {
        // profile §6 row 17
        RegisterReply reply = replies.locked();
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.values("Warning"))
                .containsExactly("399 scscf.ims.example.net:5062 \"authentication temporarily locked\"");
    }

    @Test
    void hssTimeoutIs504ErrorIs500WithRetryAfterAndNegativeIs403() {
        // profile §5.5, §6 rows 14–15: never 503
        assertThat(RegisterReplies.hssFailure(new HssFailure(HssFailure.Kind.TIMEOUT, null, 0, "t"), "MAR").status())
                .isEqualTo(504);
        RegisterReply error = RegisterReplies.hssFailure(new HssFailure(HssFailure.Kind.ERROR, null, 503, "e"), "SAR");
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.values("Retry-After")).containsExactly("30");
        assertThat(RegisterReplies.hssFailure(new HssFailure(HssFailure.Kind.NEGATIVE, CxCause.USER_UNKNOWN, 404, "n"),
                "MAR").status()).isEqualTo(403);
        assertThat(RegisterReplies.hssFailure(new HssFailure(HssFailure.Kind.NEGATIVE,
                CxCause.IDENTITY_ALREADY_REGISTERED, 409, "n"), "SAR").status()).isEqualTo(500);
    }
}
