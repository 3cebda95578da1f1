package org.webrtcims.scscf.digest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces of profile D7 (§4.5): {@code base64url(ts_ms(8) || rand(12) || trunc16(HMAC-SHA256(K, ts || rand ||
 * realm || impi || impu || Call-ID)))}. The stateless check (MAC and age) rejects forged or expired nonces
 * before any lookup; a nonce is only valid for the Call-ID and identities it was issued for. Keys rotate with
 * one key of overlap: new nonces use the first key, checks accept any.
 */
public final class NonceService {

    /** What a nonce turned out to be. */
    public enum Check {
        VALID,
        /** MAC wrong: not ours, altered, or issued for another Call-ID / identity. */
        FORGED,
        /** Ours, but older than the lifetime. */
        EXPIRED
    }

    private static final int TS = 8;
    private static final int RAND = 12;
    private static final int MAC = 16;

    private final List<SecretKeySpec> keys;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** @param keys HMAC keys, newest first, at least 32 bytes each */
    public NonceService(List<byte[]> keys, Duration lifetime, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one nonce key is needed");
        }
        List<SecretKeySpec> specs = new ArrayList<>();
        for (byte[] key : keys) {
            if (key.length < 32) {
                throw new IllegalArgumentException("nonce keys must be at least 32 bytes");
            }
            specs.add(new SecretKeySpec(key, "HmacSHA256"));
        }
        this.keys = List.copyOf(specs);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String create(String realm, String impi, String impu, String callId) {
        byte[] head = new byte[TS + RAND];
        ByteBuffer.wrap(head).putLong(clock.millis());
        byte[] rand = new byte[RAND];
        random.nextBytes(rand);
        System.arraycopy(rand, 0, head, TS, RAND);
        byte[] mac = mac(keys.get(0), head, realm, impi, impu, callId);
        byte[] nonce = ByteBuffer.allocate(TS + RAND + MAC).put(head).put(mac, 0, MAC).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    public Check check(String nonce, String realm, String impi, String impu, String callId) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.FORGED;
        }
        if (raw.length != TS + RAND + MAC) {
            return Check.FORGED;
        }
        byte[] head = Arrays.copyOf(raw, TS + RAND);
        byte[] presented = Arrays.copyOfRange(raw, TS + RAND, raw.length);
        boolean ours = false;
        for (SecretKeySpec key : keys) {
            ours |= MessageDigest.isEqual(Arrays.copyOf(mac(key, head, realm, impi, impu, callId), MAC), presented);
        }
        if (!ours) {
            return Check.FORGED;
        }
        long issued = ByteBuffer.wrap(head).getLong();
        return clock.millis() - issued > lifetime.toMillis() ? Check.EXPIRED : Check.VALID;
    }

    private static byte[] mac(SecretKeySpec key, byte[] head, String realm, String impi, String impu, String callId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(head);
            for (String part : new String[] {realm, impi, impu, callId}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
