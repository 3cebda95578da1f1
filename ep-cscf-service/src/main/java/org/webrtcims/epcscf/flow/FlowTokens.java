package org.webrtcims.epcscf.flow;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Flow tokens for the Path user part (RFC 5626 §5.2: an edge proxy's flow token should be MAC-protected so that
 * only it can mint one): {@code ft-} + base64url(flow id ‖ HMAC-SHA256(key, flow id)[0..12]).
 */
public final class FlowTokens {

    private static final String PREFIX = "ft-";
    private static final int MAC_BYTES = 12;

    private final SecretKeySpec key;

    public FlowTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the flow-token key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    public String token(long flowId) {
        byte[] id = ByteBuffer.allocate(Long.BYTES).putLong(flowId).array();
        byte[] token = ByteBuffer.allocate(Long.BYTES + MAC_BYTES).put(id).put(mac(id), 0, MAC_BYTES).array();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The flow id, when the token was minted with this key (constant-time MAC comparison). */
    public OptionalLong flowId(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        if (raw.length != Long.BYTES + MAC_BYTES) {
            return OptionalLong.empty();
        }
        byte[] id = Arrays.copyOf(raw, Long.BYTES);
        byte[] expected = Arrays.copyOf(mac(id), MAC_BYTES);
        byte[] given = Arrays.copyOfRange(raw, Long.BYTES, raw.length);
        return MessageDigest.isEqual(expected, given) ? OptionalLong.of(ByteBuffer.wrap(id).getLong())
                : OptionalLong.empty();
    }

    private byte[] mac(byte[] id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
