package org.webrtcims.scscf.digest;

import java.util.Locale;
import java.util.Optional;

import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.digest.DigestInput;
import org.webrtcims.digest.Qop;

/**
 * Strict digest verification of profile D8: qop required and one of the challenged tokens (exact, RFC 2617
 * §3.2.2: {@code auth} does not answer a challenge of {@code auth-int}), no RFC 2069 mode; username,
 * realm, opaque and algorithm must be the challenge's; nc is 8 hex digits and must exceed the last one; the
 * expected response is computed over the Authorization {@code uri} (D6) and compared in constant time.
 */
public final class DigestVerifier {

    private DigestVerifier() {
    }

    /**
     * @param firstUse false when the context was consumed before (a replay or a second attempt)
     * @param lastNonceCount highest nc accepted before for this nonce (0 when none)
     */
    public static Verification verify(DigestCredentials credentials, AuthContext context, boolean firstUse,
                                      long lastNonceCount, String method, byte[] body) {
        if (credentials.qop() == null || credentials.nonceCount() == null || credentials.cnonce() == null
                || credentials.uri() == null || credentials.response() == null) {
            return Verification.BAD_CREDENTIALS;
        }
        Optional<Qop> qop = Qop.fromToken(credentials.qop());
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(
                credentials.algorithm() == null ? "MD5" : credentials.algorithm());
        if (qop.isEmpty() || !Qop.challenged(context.qop()).contains(qop.get()) || algorithm.isEmpty()
                || !context.offered().contains(algorithm.get())
                || !context.impi().equals(credentials.username()) || !context.realm().equals(credentials.realm())
                || !context.opaque().equals(credentials.opaque())) {
            return Verification.BAD_CREDENTIALS;
        }
        if (!context.nonce().equals(credentials.nonce())) {
            return Verification.FORGED;
        }
        long nc;
        try {
            nc = credentials.nonceCount().length() == 8 ? Long.parseLong(credentials.nonceCount(), 16) : -1;
        } catch (NumberFormatException e) {
            nc = -1;
        }
        if (nc < 0) {
            return Verification.BAD_CREDENTIALS;
        }
        String ha1 = context.ha1ByAlgorithm().get(algorithm.get());
        DigestInput input = new DigestInput(credentials.nonce(), credentials.nonceCount(), credentials.cnonce(),
                qop.get(), method, credentials.uri(), body);
        String expected = DigestCalculator.response(algorithm.get(), ha1, input);
        boolean correct = DigestCalculator.digestsMatch(expected,
                credentials.response().toLowerCase(Locale.ROOT));
        if (!correct) {
            return Verification.WRONG;
        }
        if (!firstUse || nc <= lastNonceCount) {
            return Verification.STALE;
        }
        return Verification.OK;
    }

    /** rspauth for Authentication-Info (RFC 2617 §3.2.3) with the parameters the client used. */
    public static String rspauth(DigestCredentials credentials, AuthContext context, byte[] body) {
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(
                credentials.algorithm() == null ? "MD5" : credentials.algorithm()).orElseThrow();
        return DigestCalculator.rspauth(algorithm, context.ha1ByAlgorithm().get(algorithm), new DigestInput(
                credentials.nonce(), credentials.nonceCount(), credentials.cnonce(),
                Qop.fromToken(credentials.qop()).orElseThrow(), "", credentials.uri(), body));
    }
}
