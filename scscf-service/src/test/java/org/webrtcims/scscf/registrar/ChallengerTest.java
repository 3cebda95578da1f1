package org.webrtcims.scscf.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.digest.AuthScheme;
import org.webrtcims.scscf.digest.NonceService;

/** Challenges (profile §3 steps 3–5, §4.5, D7, D9; Annex P.6), with an HSS in memory. */
class ChallengerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    static final String SERVER_NAME = "sip:scscf.ims.example.net:5062;transport=tcp";

    private final FakeHssCx hss = new FakeHssCx();
    private final NonceService nonces = new NonceService(List.of(new byte[32]), Duration.ofSeconds(240), CLOCK);
    private final AuthContextStore contexts = new AuthContextStore(CLOCK);
    private final Challenger challenger = new Challenger(hss, nonces, contexts, CLOCK, SERVER_NAME,
            List.of("MD5", "SHA-256"), Duration.ofSeconds(240));

    static RegisterRequest firstRegister(DigestCredentials credentials) {
        return new RegisterRequest(FakeHssCx.IMPU, "call-1", 1,
                List.of(new ContactSpec("sip:c1@h;transport=ws", 600, null, null, "")), false, null, credentials,
                List.of("<sip:ft-1@edge.example.net;lr;ob>"), List.of(), null);
    }

    static DigestCredentials synthesized() {
        // the eP-CSCF's initial credentials (D2 a): empty response
        return new DigestCredentials(FakeHssCx.IMPI, FakeHssCx.REALM, "", "sip:ims.example.net", "", null, null,
                null, null, null, "tls-pending", FakeHssCx.REALM);
    }

    @Test
    void marAsksForSipDigestWithTheWwsfServerNameAndAcceptedAlgorithms() {
        challenger.challenge(firstRegister(synthesized()), FakeHssCx.IMPI, AuthScheme.SIP_DIGEST, List.of()).block();
        MultimediaAuthRequest mar = hss.mars.get(0);
        assertThat(mar.authScheme()).isEqualTo(MultimediaAuthRequest.SIP_DIGEST);
        assertThat(mar.wwsfIdentity()).isEqualTo(FakeHssCx.REALM);
        assertThat(mar.serverName()).isEqualTo(SERVER_NAME);
        assertThat(mar.acceptAlgorithms()).containsExactly("MD5", "SHA-256");
    }

    @Test
    void withoutAuthorizationMarLetsTheHssNameTheScheme() {
        // Annex P.6: no Authorization → scheme Unknown
        challenger.challenge(firstRegister(null), "alice.web@ims.example.net", AuthScheme.UNKNOWN_ASK_HSS, List.of())
                .block();
        assertThat(hss.mars.get(0).authScheme()).isEqualTo(MultimediaAuthRequest.UNKNOWN);
        assertThat(hss.mars.get(0).wwsfIdentity()).isNull();
    }

    @Test
    void challengeStoresAContextWithAVerifiableNonceAndTheBindingsReadWithIt() {
        Binding existing = new Binding(FakeHssCx.IMPU, FakeHssCx.IMPI, "sip:old@h", "", null, null, List.of(),
                "call-0", 1, FakeHssCx.REALM, List.of(FakeHssCx.IMPU), CLOCK.instant().plusSeconds(60), "me");
        AuthContext context = challenger.challenge(firstRegister(synthesized()), FakeHssCx.IMPI,
                AuthScheme.SIP_DIGEST, List.of(existing)).block();
        assertThat(nonces.check(context.nonce(), FakeHssCx.REALM, FakeHssCx.IMPI, FakeHssCx.IMPU, "call-1"))
                .isEqualTo(NonceService.Check.VALID);
        assertThat(context.offered()).containsExactly(DigestAlgorithm.MD5);
        // issue 12: the answering REGISTER does not read the bindings again
        assertThat(context.bindingsAtChallenge()).containsExactly(existing);
        assertThat(contexts.consume(context.opaque())).isPresent();
    }

    @Test
    void sha256FirstVectorOffersSha256BeforeMd5() {
        // profile D9, RFC 8760 order
        hss.sha256First = true;
        AuthContext context = challenger.challenge(firstRegister(synthesized()), FakeHssCx.IMPI,
                AuthScheme.SIP_DIGEST, List.of()).block();
        assertThat(context.offered()).containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
    }

    @Test
    void rechallengeInPlaceReplacesTheContextItNamedSoRepeatsCannotGrowTheStore() {
        AuthContext first = challenger.challenge(firstRegister(synthesized()), FakeHssCx.IMPI, AuthScheme.SIP_DIGEST,
                List.of()).block();
        AuthContext second = challenger.rechallengeInPlace(firstRegister(synthesized()), first);
        AuthContext third = challenger.rechallengeInPlace(firstRegister(synthesized()), second);
        assertThat(contexts.size()).isEqualTo(1);
        assertThat(third.ha1ByAlgorithm()).isEqualTo(first.ha1ByAlgorithm());
        assertThat(hss.mars).hasSize(1);
    }
}
