package org.webrtcims.digest;

import java.util.Objects;

/**
 * What a digest response covers besides H(A1): the challenge's nonce, the client's cnonce and nonce-count,
 * the qop, the request method and the {@code uri} directive (RFC 2617 §3.2.2, profile §4.2; for SIP the
 * digest-uri is the Authorization {@code uri}, not the Request-URI, profile D6).
 *
 * @param body entity body for qop=auth-int; ignored for qop=auth (an absent body hashes as empty)
 */
public record DigestInput(String nonce, String nonceCount, String cnonce, Qop qop, String method, String digestUri,
                          byte[] body) {

    public DigestInput {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(nonceCount, "nonceCount");
        Objects.requireNonNull(cnonce, "cnonce");
        Objects.requireNonNull(qop, "qop");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(digestUri, "digestUri");
        body = body == null ? new byte[0] : body.clone();
    }

    public static DigestInput auth(String nonce, String nonceCount, String cnonce, String method, String digestUri) {
        return new DigestInput(nonce, nonceCount, cnonce, Qop.AUTH, method, digestUri, null);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
