package org.webrtcims.webauthproxy.credential;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.webauthproxy.crypto.Ha1Cipher;
import org.webrtcims.webauthproxy.crypto.Ha1Cipher.CipherContext;

/** Seals a credential's H(A1)s for storage and opens stored ones; the only place that sees both forms. */
@Component
public class VectorVault {

    private final Ha1Cipher cipher;

    public VectorVault(Ha1Cipher cipher) {
        this.cipher = cipher;
    }

    public SealedVectors seal(CredentialKey key, Map<DigestAlgorithm, String> ha1ByAlgorithm) {
        Map<DigestAlgorithm, byte[]> sealed = new EnumMap<>(DigestAlgorithm.class);
        ha1ByAlgorithm.forEach((algorithm, ha1) -> sealed.put(algorithm, cipher.seal(ha1, context(key, algorithm))));
        return SealedVectors.of(cipher.activeKeyId(), sealed);
    }

    public Map<DigestAlgorithm, String> open(CredentialKey key, SealedVectors sealed) {
        Map<DigestAlgorithm, String> ha1s = new EnumMap<>(DigestAlgorithm.class);
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            byte[] column = sealed.column(algorithm);
            if (column != null) {
                ha1s.put(algorithm, cipher.open(sealed.keyId(), column, context(key, algorithm)));
            }
        }
        return ha1s;
    }

    public String activeKeyId() {
        return cipher.activeKeyId();
    }

    public java.util.Set<String> keyIds() {
        return cipher.keyIds();
    }

    private static CipherContext context(CredentialKey key, DigestAlgorithm algorithm) {
        return new CipherContext(key.wwsfIdentity(), key.webIdentity(), algorithm);
    }
}
