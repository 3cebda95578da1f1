package org.webrtcims.scscf.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.digest.DigestAlgorithm;

/** Profile D8 and the §4.3 vectors (alice@idp.example.com / wwsf.example.com / wonderland). */
class DigestVerifierTest {

    private static final String NONCE = "AAABk2cF3QD6oQh1X0s7ZlQJm9rY4v2LqQy7kN3P0Zc";
    private static final String OPAQUE = "YWN0eC0wMDAx";
    private static final AuthContext CONTEXT = new AuthContext(OPAQUE, NONCE, "alice@idp.example.com",
            "sip:alice.web@ims.example.net", "wwsf.example.com", "wwsf.example.com", "auth",
            List.of(DigestAlgorithm.MD5), Map.of(DigestAlgorithm.MD5, "2774221d5d92ce890250a1af4d3b3903"),
            "8lq2v0c4k9x1m7d3t5b6ne", Instant.EPOCH, Instant.MAX);

    private static DigestCredentials step7(String response, String uri, String nc) {
        return new DigestCredentials("alice@idp.example.com", "wwsf.example.com", NONCE, uri, response, "MD5",
                "auth", nc, "b7c1a9f2d3e4", OPAQUE, "tls-pending", "wwsf.example.com");
    }

    @Test
    void profileStep7ResponseVerifiesAndYieldsTheProfileRspauth() {
        DigestCredentials credentials = step7("bf06b1b21453901c4434c2644de037fd", "sip:ims.example.net", "00000001");
        assertThat(DigestVerifier.verify(credentials, CONTEXT, true, 0, "REGISTER", null)).isEqualTo(Verification.OK);
        assertThat(DigestVerifier.rspauth(credentials, CONTEXT, null)).isEqualTo("2f325429c13811da1bc55eca5e433253");
    }

    @Test
    void wrongPasswordIsWrong() {
        assertThat(DigestVerifier.verify(step7("00000000000000000000000000000000", "sip:ims.example.net",
                "00000001"), CONTEXT, true, 0, "REGISTER", null)).isEqualTo(Verification.WRONG);
    }

    @Test
    void digestOverAnotherUriIsWrong() {
        // the response was computed for sip:ims.example.net; presenting it with another uri fails (D6)
        assertThat(DigestVerifier.verify(step7("bf06b1b21453901c4434c2644de037fd", "sip:other.example.net",
                "00000001"), CONTEXT, true, 0, "REGISTER", null)).isEqualTo(Verification.WRONG);
    }

    @Test
    void reusedContextWithCorrectDigestIsStale() {
        DigestCredentials credentials = step7("bf06b1b21453901c4434c2644de037fd", "sip:ims.example.net", "00000001");
        assertThat(DigestVerifier.verify(credentials, CONTEXT, false, 0, "REGISTER", null))
                .isEqualTo(Verification.STALE);
    }

    @Test
    void nonceCountNotAboveTheLastIsStale() {
        DigestCredentials credentials = step7("bf06b1b21453901c4434c2644de037fd", "sip:ims.example.net", "00000001");
        assertThat(DigestVerifier.verify(credentials, CONTEXT, true, 1, "REGISTER", null))
                .isEqualTo(Verification.STALE);
    }

    @Test
    void missingQopOrAlgorithmNotChallengedOrOtherRealmIsBadCredentials() {
        DigestCredentials noQop = new DigestCredentials("alice@idp.example.com", "wwsf.example.com", NONCE,
                "sip:ims.example.net", "bf06b1b21453901c4434c2644de037fd", "MD5", null, null, null, OPAQUE, null, null);
        assertThat(DigestVerifier.verify(noQop, CONTEXT, true, 0, "REGISTER", null))
                .isEqualTo(Verification.BAD_CREDENTIALS);
        DigestCredentials sha = new DigestCredentials("alice@idp.example.com", "wwsf.example.com", NONCE,
                "sip:ims.example.net", "bf06", "SHA-256", "auth", "00000001", "x", OPAQUE, null, null);
        assertThat(DigestVerifier.verify(sha, CONTEXT, true, 0, "REGISTER", null))
                .isEqualTo(Verification.BAD_CREDENTIALS);
        DigestCredentials realm = new DigestCredentials("alice@idp.example.com", "evil.example.com", NONCE,
                "sip:ims.example.net", "bf06", "MD5", "auth", "00000001", "x", OPAQUE, null, null);
        assertThat(DigestVerifier.verify(realm, CONTEXT, true, 0, "REGISTER", null))
                .isEqualTo(Verification.BAD_CREDENTIALS);
    }

    @Test
    void anotherNonceThanTheContextsIsForged() {
        DigestCredentials other = new DigestCredentials("alice@idp.example.com", "wwsf.example.com", "AAAA",
                "sip:ims.example.net", "bf06b1b21453901c4434c2644de037fd", "MD5", "auth", "00000001", "b7c1a9f2d3e4",
                OPAQUE, null, null);
        assertThat(DigestVerifier.verify(other, CONTEXT, true, 0, "REGISTER", null)).isEqualTo(Verification.FORGED);
    }

    /** RFC 2617 §3.2.2 / RFC 7616 §3.4: the answer's qop must be one of the challenged tokens, matched whole. */
    @Test
    void qopAuthDoesNotAnswerAChallengeOfAuthIntOnly() {
        AuthContext authInt = new AuthContext(OPAQUE, NONCE, CONTEXT.impi(), CONTEXT.impu(), CONTEXT.wwsfIdentity(),
                CONTEXT.realm(), "auth-int", CONTEXT.offered(), CONTEXT.ha1ByAlgorithm(), CONTEXT.callId(),
                Instant.EPOCH, Instant.MAX);
        // the profile §4.3 vector for qop=auth: correct, but auth was not offered
        DigestCredentials auth = step7("bf06b1b21453901c4434c2644de037fd", "sip:ims.example.net", "00000001");
        assertThat(DigestVerifier.verify(auth, authInt, true, 0, "REGISTER", null))
                .isEqualTo(Verification.BAD_CREDENTIALS);
        // the profile §4.3 vector for qop=auth-int (empty body) answers it
        DigestCredentials integrity = new DigestCredentials("alice@idp.example.com", "wwsf.example.com", NONCE,
                "sip:ims.example.net", "ec086fed56fa80f33f43b900e984a82c", "MD5", "auth-int", "00000001",
                "b7c1a9f2d3e4", OPAQUE, "tls-pending", "wwsf.example.com");
        assertThat(DigestVerifier.verify(integrity, authInt, true, 0, "REGISTER", null)).isEqualTo(Verification.OK);
        AuthContext both = new AuthContext(OPAQUE, NONCE, CONTEXT.impi(), CONTEXT.impu(), CONTEXT.wwsfIdentity(),
                CONTEXT.realm(), "auth,auth-int", CONTEXT.offered(), CONTEXT.ha1ByAlgorithm(), CONTEXT.callId(),
                Instant.EPOCH, Instant.MAX);
        assertThat(DigestVerifier.verify(auth, both, true, 0, "REGISTER", null)).isEqualTo(Verification.OK);
    }

    /** RFC 2617 §3.2.2.5: the digest uri must be the Request-URI (SIP URI equality, RFC 3261 §19.1.4). */
    @Test
    void digestUriMustBeTheRequestUri() {
        assertThat(DigestUri.matches("sip:ims.example.net", "sip:ims.example.net")).isTrue();
        assertThat(DigestUri.matches("sip:IMS.example.net", "sip:ims.example.net")).isTrue();
        assertThat(DigestUri.matches("sip:ims.example.net;transport=tcp;lr", "sip:ims.example.net;lr;transport=tcp"))
                .isTrue();
        assertThat(DigestUri.matches("sip:other.example.net", "sip:ims.example.net")).isFalse();
        assertThat(DigestUri.matches("sip:ims.example.net:5060", "sip:ims.example.net")).isFalse();
        assertThat(DigestUri.matches("not a uri", "sip:ims.example.net")).isFalse();
        assertThat(DigestUri.matches(null, "sip:ims.example.net")).isFalse();
    }
}
