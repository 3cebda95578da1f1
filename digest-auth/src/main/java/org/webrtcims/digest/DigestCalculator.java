package org.webrtcims.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Digest computations of RFC 2617 §3.2.2 / RFC 7616 §3.4 with qop present (profile §4.2). RFC 2069 mode
 * (no qop) is deliberately absent: the profile rejects it (D8). Stateless and thread-safe.
 */
public final class DigestCalculator {

    private DigestCalculator() {
    }

    /** H(A1) with A1 = username ":" realm ":" password. Only provisioning tools and tests hold the password. */
    public static String ha1(DigestAlgorithm algorithm, String username, String realm, String password) {
        return algorithm.hash(username + ":" + realm + ":" + password);
    }

    /** request-digest = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" H(A2)), A2 = Method ":" digest-uri [":" H(body)]. */
    public static String response(DigestAlgorithm algorithm, String ha1, DigestInput input) {
        return keyedDigest(algorithm, ha1, input, input.method());
    }

    /**
     * rspauth of Authentication-Info (RFC 2617 §3.2.3): as the response, but A2 has an empty method,
     * A2 = ":" digest-uri [":" H(body)].
     */
    public static String rspauth(DigestAlgorithm algorithm, String ha1, DigestInput input) {
        return keyedDigest(algorithm, ha1, input, "");
    }

    /** Compares two digests without leaking, through timing, where they first differ. */
    public static boolean digestsMatch(String expected, String received) {
        if (expected == null || received == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                received.getBytes(StandardCharsets.US_ASCII));
    }

    private static String keyedDigest(DigestAlgorithm algorithm, String ha1, DigestInput input, String method) {
        String a2 = method + ":" + input.digestUri();
        if (input.qop() == Qop.AUTH_INT) {
            a2 = a2 + ":" + algorithm.hash(input.body());
        }
        String data = ha1 + ":" + input.nonce() + ":" + input.nonceCount() + ":" + input.cnonce() + ":"
                + input.qop().token() + ":" + algorithm.hash(a2);
        return algorithm.hash(data);
    }
}
