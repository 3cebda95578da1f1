package org.webrtcims.scscf.digest;

/** The outcome of checking a digest response against its auth context (profile D8, §6 rows 16–21). */
public enum Verification {
    /** Correct response for a fresh, first-used context. */
    OK,
    /** qop/nc/cnonce missing, algorithm not challenged, realm/opaque/username not the challenge's: 400. */
    BAD_CREDENTIALS,
    /** Nonce reused or nc not increasing, with a correct digest: 401 stale=TRUE. */
    STALE,
    /** Nonce not the context's: 401 with a new challenge. */
    FORGED,
    /** Wrong response (password): 403. */
    WRONG
}
