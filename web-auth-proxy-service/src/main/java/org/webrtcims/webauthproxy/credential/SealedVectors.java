package org.webrtcims.webauthproxy.credential;

import java.util.EnumMap;
import java.util.Map;

import org.webrtcims.digest.DigestAlgorithm;

/** The stored form of a credential's vectors: one AES-GCM ciphertext per algorithm column and the key id. */
public record SealedVectors(String keyId, byte[] md5, byte[] sha256, byte[] sha512_256) {

    public byte[] column(DigestAlgorithm algorithm) {
        return switch (algorithm) {
            case MD5 -> md5;
            case SHA_256 -> sha256;
            case SHA_512_256 -> sha512_256;
        };
    }

    static SealedVectors of(String keyId, Map<DigestAlgorithm, byte[]> byAlgorithm) {
        Map<DigestAlgorithm, byte[]> m = new EnumMap<>(byAlgorithm);
        return new SealedVectors(keyId, m.get(DigestAlgorithm.MD5), m.get(DigestAlgorithm.SHA_256),
                m.get(DigestAlgorithm.SHA_512_256));
    }

    @Override
    public String toString() {
        return "SealedVectors[keyId=" + keyId + "]";
    }
}
