package org.webrtcims.hss.wwsf;

import java.util.List;
import java.util.Optional;

import org.webrtcims.digest.DigestAlgorithm;

/**
 * Which digest algorithms a WWSF's users are challenged with (profile D9). {@code md5-only} suits JsSIP and
 * SIP.js, which know only MD5 and read only the first challenge; {@code sha256-first} adds SHA-256 for
 * capable clients (RFC 8760: most preferred first).
 */
public enum AlgorithmPolicy {
    MD5_ONLY("md5-only", List.of(DigestAlgorithm.MD5)),
    SHA256_FIRST("sha256-first", List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));

    private final String token;
    private final List<DigestAlgorithm> algorithms;

    AlgorithmPolicy(String token, List<DigestAlgorithm> algorithms) {
        this.token = token;
        this.algorithms = algorithms;
    }

    /** The value used in the admin API. */
    public String token() {
        return token;
    }

    /** Algorithms in the order of preference of this policy. */
    public List<DigestAlgorithm> algorithms() {
        return algorithms;
    }

    public static Optional<AlgorithmPolicy> fromToken(String token) {
        for (AlgorithmPolicy policy : values()) {
            if (policy.token.equals(token)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
