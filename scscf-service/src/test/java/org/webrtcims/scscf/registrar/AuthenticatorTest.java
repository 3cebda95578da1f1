package org.webrtcims.scscf.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.digest.DigestInput;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.digest.AuthScheme;
import org.webrtcims.scscf.digest.NonceService;

/** Judging digest answers (profile §3 steps 7–8, §4.5, D7, D8, §6 rows 16–21), with an HSS in memory. */
class AuthenticatorTest {

    private static final String URI = "sip:ims.example.net";

    private final FakeHssCx hss = new FakeHssCx();
    private final NonceService nonces = new NonceService(List.of(new byte[32]), Duration.ofSeconds(240),
            ChallengerTest.CLOCK);
    private final AuthContextStore contexts = new AuthContextStore(ChallengerTest.CLOCK);
    private final Challenger challenger = new Challenger(hss, nonces, contexts, ChallengerTest.CLOCK,
            ChallengerTest.SERVER_NAME, List.of("MD5"), Duration.ofSeconds(240));
    private final RegisterReplies replies = new RegisterReplies("scscf.ims.example.net", ChallengerTest.CLOCK);
    private final Authenticator authenticator = new Authenticator(nonces, contexts, challenger, replies);

    private AuthContext challenge() {
        return challenger.challenge(ChallengerTest.firstRegister(ChallengerTest.synthesized()), FakeHssCx.IMPI,
                AuthScheme.SIP_DIGEST, List.of()).block();
    }

    private static DigestCredentials answer(String nonce, String opaque, String password, String qop) {
        String ha1 = DigestCalculator.ha1(DigestAlgorithm.MD5, FakeHssCx.IMPI, FakeHssCx.REALM, password);
        String response = DigestCalculator.response(DigestAlgorithm.MD5, ha1,
                DigestInput.auth(nonce, "00000001", "cn0a", "REGISTER", URI));
        return new DigestCredentials(FakeHssCx.IMPI, FakeHssCx.REALM, nonce, URI, response, "MD5", qop, "00000001",
                "cn0a", opaque, "tls-pending", FakeHssCx.REALM);
    }

    private static RegisterRequest register(DigestCredentials credentials, String callId) {
        return new RegisterRequest(FakeHssCx.IMPU, callId, 2,
                List.of(new ContactSpec("sip:c1@h;transport=ws", 600, null, null, "")), false, null, credentials,
                List.of("<sip:ft-1@edge.example.net;lr;ob>"), List.of(), null);
    }

    private Authenticator.Outcome judge(DigestCredentials credentials) {
        return judge(credentials, "call-1");
    }

    private Authenticator.Outcome judge(DigestCredentials credentials, String callId) {
        return authenticator.authenticate(register(credentials, callId), FakeHssCx.IMPI, AuthScheme.SIP_DIGEST)
                .block();
    }

    @Test
    void correctDigestForAFreshNonceIsAuthenticatedWithoutAnotherMar() {
        AuthContext context = challenge();
        Authenticator.Outcome outcome = judge(answer(context.nonce(), context.opaque(), FakeHssCx.PASSWORD, "auth"));
        assertThat(outcome).isInstanceOf(Authenticator.Authenticated.class);
        assertThat(((Authenticator.Authenticated) outcome).context().opaque()).isEqualTo(context.opaque());
        assertThat(hss.mars).hasSize(1);
    }

    @Test
    void staleNonceWithCorrectDigestGets401Stale() {
        // RFC 2617 §3.2.1, profile §6 rows 18 and 20: the same answer again (replay of a used context)
        AuthContext context = challenge();
        DigestCredentials correct = answer(context.nonce(), context.opaque(), FakeHssCx.PASSWORD, "auth");
        judge(correct);
        Authenticator.Outcome replay = judge(correct);
        assertThat(replay).isInstanceOf(Authenticator.Answer.class);
        RegisterReply reply = ((Authenticator.Answer) replay).reply();
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.values("WWW-Authenticate").get(0)).contains("stale=TRUE").doesNotContain(context.nonce());
        assertThat(hss.mars).hasSize(1);
    }

    @Test
    void wrongDigestIsAWrongDigestCarryingTheBindingsReadAtChallenge() {
        // profile §6 row 16: 403 after the caller counted it toward the lockout
        AuthContext context = challenge();
        Authenticator.Outcome outcome = judge(answer(context.nonce(), context.opaque(), "not-the-password", "auth"));
        assertThat(outcome).isEqualTo(new Authenticator.WrongDigest(FakeHssCx.IMPI, List.of()));
    }

    @Test
    void nonceNotIssuedByUsIsChallengedAgainWithoutLookup() {
        // profile §6 row 19, D7: the MAC fails before any lookup
        AuthContext context = challenge();
        Authenticator.Outcome outcome = judge(answer("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", context.opaque(),
                FakeHssCx.PASSWORD, "auth"));
        assertThat(outcome).isInstanceOf(Authenticator.ChallengeAgain.class);
        assertThat(contexts.consume(context.opaque()).orElseThrow().firstUse()).isTrue();
    }

    @Test
    void nonceIssuedForAnotherCallIdIsChallengedAgain() {
        // D7: the nonce's MAC covers the Call-ID
        AuthContext context = challenge();
        Authenticator.Outcome outcome = judge(answer(context.nonce(), context.opaque(), FakeHssCx.PASSWORD, "auth"),
                "another-call");
        assertThat(outcome).isInstanceOf(Authenticator.ChallengeAgain.class);
    }

    @Test
    void answerWithoutQopGets400() {
        // profile D8: qop required, no RFC 2069 mode
        AuthContext context = challenge();
        Authenticator.Outcome outcome = judge(answer(context.nonce(), context.opaque(), FakeHssCx.PASSWORD, null));
        assertThat(((Authenticator.Answer) outcome).reply().status()).isEqualTo(400);
    }

    @Test
    void lostContextWithCorrectDigestGets401StaleFromAFreshVector() {
        // §4.5: the context is gone (restart, other instance): one more MAR tells right from wrong
        AuthContext context = challenge();
        AuthContextStore empty = new AuthContextStore(ChallengerTest.CLOCK);
        Authenticator other = new Authenticator(nonces, empty, new Challenger(hss, nonces, empty,
                ChallengerTest.CLOCK, ChallengerTest.SERVER_NAME, List.of("MD5"), Duration.ofSeconds(240)), replies);
        Authenticator.Outcome outcome = other.authenticate(register(answer(context.nonce(), context.opaque(),
                FakeHssCx.PASSWORD, "auth"), "call-1"), FakeHssCx.IMPI, AuthScheme.SIP_DIGEST).block();
        RegisterReply reply = ((Authenticator.Answer) outcome).reply();
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.values("WWW-Authenticate").get(0)).contains("stale=TRUE");
        assertThat(hss.mars).hasSize(2);
        // the new challenge is answerable here; its bindings were not read
        assertThat(empty.size()).isEqualTo(1);
    }

    @Test
    void lostContextWithWrongDigestIsAWrongDigestOfUnknownBindings() {
        AuthContext context = challenge();
        AuthContextStore empty = new AuthContextStore(ChallengerTest.CLOCK);
        Authenticator other = new Authenticator(nonces, empty, new Challenger(hss, nonces, empty,
                ChallengerTest.CLOCK, ChallengerTest.SERVER_NAME, List.of("MD5"), Duration.ofSeconds(240)), replies);
        Authenticator.Outcome outcome = other.authenticate(register(answer(context.nonce(), context.opaque(),
                "not-the-password", "auth"), "call-1"), FakeHssCx.IMPI, AuthScheme.SIP_DIGEST).block();
        assertThat(outcome).isEqualTo(new Authenticator.WrongDigest(FakeHssCx.IMPI, null));
    }

    @Test
    void lostContextWhileTheHssTimesOutGets504() {
        // profile §6 row 15
        AuthContext context = challenge();
        AuthContextStore empty = new AuthContextStore(ChallengerTest.CLOCK);
        Authenticator other = new Authenticator(nonces, empty, new Challenger(hss, nonces, empty,
                ChallengerTest.CLOCK, ChallengerTest.SERVER_NAME, List.of("MD5"), Duration.ofSeconds(240)), replies);
        hss.failure = new HssFailure(HssFailure.Kind.TIMEOUT, null, 0, "timeout");
        Authenticator.Outcome outcome = other.authenticate(register(answer(context.nonce(), context.opaque(),
                FakeHssCx.PASSWORD, "auth"), "call-1"), FakeHssCx.IMPI, AuthScheme.SIP_DIGEST).block();
        assertThat(((Authenticator.Answer) outcome).reply().status()).isEqualTo(504);
    }
}
