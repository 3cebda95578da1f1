package org.webrtcims.scscf.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import org.webrtcims.sip.ProxyRules;

/**
 * Loop detection (RFC 3261 §16.3 step 4, §16.6 step 8) as plain code: the branch of every request this S-CSCF
 * forwards starts with a hash of the values that change when a request spirals (Request-URI, top Route, Call-ID,
 * From and To tags, CSeq). A request that arrives carrying a Via of this S-CSCF whose branch starts with the hash
 * of the request as it arrives has been here in the same state: a loop (482). A spiral (originating → I-CSCF →
 * terminating at the same S-CSCF) differs in the top Route ({@code orig}) and is no loop.
 */
public final class LoopKey {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String MARK = "sc";

    private LoopKey() {
    }

    /** The hash of the values a spiral changes. */
    public static String of(String requestUri, String topRoute, String callId, String fromTag, String toTag,
                            String cseq) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(n(requestUri), n(topRoute), n(callId), n(fromTag), n(toTag), n(cseq))) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new branch for a request forwarded with this key: unique (64 random bits) and recognisable. */
    public static String branch(String key) {
        return ProxyRules.BRANCH_COOKIE + MARK + key + "." + Long.toHexString(RANDOM.nextLong());
    }

    /** Whether a branch of this node's Via was made for a request with this key. */
    public static boolean loops(String ownViaBranch, String key) {
        return ownViaBranch != null && ownViaBranch.startsWith(ProxyRules.BRANCH_COOKIE + MARK + key + ".");
    }

    private static String n(String value) {
        return value == null ? "" : value.trim();
    }
}
