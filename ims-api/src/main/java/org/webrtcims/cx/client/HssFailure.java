package org.webrtcims.cx.client;

import org.webrtcims.cx.CxCause;

/**
 * A Cx request that did not succeed. {@link Kind#NEGATIVE}: the HSS answered with a Cx cause (user unknown,
 * …). {@link Kind#TIMEOUT}: the HSS (or its AV source) did not answer in time. {@link Kind#ERROR}: the HSS
 * could not be reached or failed. CSCFs map these to SIP statuses (profile §5.5, §6).
 */
public class HssFailure extends RuntimeException {

    public enum Kind {
        NEGATIVE,
        TIMEOUT,
        ERROR
    }

    private final Kind kind;
    private final CxCause cause;
    private final int httpStatus;

    public HssFailure(Kind kind, CxCause cause, int httpStatus, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.cause = cause;
        this.httpStatus = httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    /** The Cx cause of a NEGATIVE answer (or of an AV-source failure the HSS reported); null otherwise. */
    public CxCause cxCause() {
        return cause;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
