package org.webrtcims.hss.cx;

import java.util.Map;

import org.webrtcims.cx.CxCause;

/**
 * A negative Cx outcome: answered as problem+json with {@code cause}, {@code diameterResult} and the HTTP
 * status of profile §5.5 ({@code httpStatus} overrides it where the cause's status varies).
 */
public class CxException extends RuntimeException {

    private final CxCause cause;
    private final int httpStatus;
    private final transient Map<String, Object> extensions;

    public CxException(CxCause cause, String detail) {
        this(cause, cause.httpStatus(), detail, Map.of());
    }

    public CxException(CxCause cause, int httpStatus, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.cause = cause;
        this.httpStatus = httpStatus;
        this.extensions = Map.copyOf(extensions);
    }

    public CxCause cxCause() {
        return cause;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
