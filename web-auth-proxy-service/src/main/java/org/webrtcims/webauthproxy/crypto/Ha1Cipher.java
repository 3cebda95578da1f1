package org.webrtcims.webauthproxy.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.webrtcims.digest.DigestAlgorithm;

/**
 * Seals H(A1) values with AES-256-GCM. The stored form is {@code iv(12) || ciphertext || tag(16)}; the
 * associated data binds it to its (WWSF, Web identity, algorithm), so a value copied to another row or
 * column does not decrypt. Keys are named; each row stores the id of the key that sealed it.
 */
public final class Ha1Cipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();
    /** Cipher objects are not thread-safe but costly to look up: one per thread, re-initialised per use. */
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES/GCM", e);
        }
    });

    public Ha1Cipher(String activeKeyId, Map<String, String> base64Keys) {
        if (activeKeyId == null || activeKeyId.isBlank()) {
            throw new IllegalArgumentException("web-auth-proxy.encryption.active-key-id is required");
        }
        Map<String, SecretKey> parsed = new HashMap<>();
        base64Keys.forEach((id, encoded) -> {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(encoded.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("encryption key '" + id + "' is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("encryption key '" + id + "' must be 32 bytes (AES-256), not "
                        + raw.length);
            }
            parsed.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!parsed.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("web-auth-proxy.encryption.keys has no key '" + activeKeyId
                    + "' (the active key id)");
        }
        this.activeKeyId = activeKeyId;
        this.keys = Map.copyOf(parsed);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** Every configured key id, the active one included. */
    public java.util.Set<String> keyIds() {
        return keys.keySet();
    }

    public byte[] seal(String ha1, CipherContext context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.associatedData());
            byte[] sealed = cipher.doFinal(ha1.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String open(String keyId, byte[] stored, CipherContext context) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new UnreadableCredentialException("no configured encryption key '" + keyId + "'", null);
        }
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(context.associatedData());
            byte[] plain = cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
            return new String(plain, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new UnreadableCredentialException("stored H(A1) does not decrypt with key '" + keyId + "'", e);
        }
    }

    /** What a sealed value is bound to. */
    public record CipherContext(String wwsfIdentity, String webIdentity, DigestAlgorithm algorithm) {
        byte[] associatedData() {
            return (wwsfIdentity + "\n" + webIdentity + "\n" + algorithm.token()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * A stored value cannot be opened: its key is no longer configured, or the value or its key was altered.
     * An operator problem (500), never a client's.
     */
    public static final class UnreadableCredentialException extends RuntimeException {
        public UnreadableCredentialException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
