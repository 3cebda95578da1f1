package org.webrtcims.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digest algorithms of the IANA "HTTP Digest Hash Algorithms" registry that this system supports
 * (RFC 7616 §3.2, brought to SIP by RFC 8760). The {@code -sess} variants are not offered (profile D8).
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256"),
    /** FIPS 180-4 SHA-512/256 with its own initial values, not a truncated SHA-512 (RFC 7616 §3.2). */
    SHA_512_256("SHA-512-256", "SHA-512/256");

    private static final HexFormat HEX = HexFormat.of();

    private final String token;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
        this.hexLength = newMessageDigest(jcaName).getDigestLength() * 2;
    }

    /** The value of the {@code algorithm} directive and of the REST {@code algorithm} fields. */
    public String token() {
        return token;
    }

    /** Number of lower-case hex characters of H(...) for this algorithm: 32 for MD5, 64 for the others. */
    public int hexLength() {
        return hexLength;
    }

    /** Algorithm tokens compare case-insensitively (RFC 7616 §3.3: "algorithm" is a token). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String wanted = token.trim().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equals(wanted)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** H(data): the lower-case hex digest of the UTF-8 bytes of {@code data}. */
    public String hash(String data) {
        return hash(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** H(data) over raw bytes (used for H(entity-body) with qop=auth-int). */
    public String hash(byte[] data) {
        return HEX.formatHex(newMessageDigest(jcaName).digest(data));
    }

    /** True when {@code value} is lower-case hex of exactly this algorithm's length (profile §4.6). */
    public boolean isWellFormedHash(String value) {
        if (value == null || value.length() != hexLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest newMessageDigest(String jcaName) {
        try {
            // A fresh instance per call: MessageDigest is not thread-safe.
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }
}
