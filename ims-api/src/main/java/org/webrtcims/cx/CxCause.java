package org.webrtcims.cx;

/**
 * Negative Cx outcomes as the REST API names them (profile §5.5): the {@code cause} of the problem+json
 * answer, its HTTP status and the Diameter result it stands for. Names, not numbers, identify them: 5003 is
 * AUTHORIZATION_REJECTED as a base result but IDENTITY_NOT_REGISTERED as a Cx experimental result.
 */
public enum CxCause {
    USER_UNKNOWN(404, 5001),
    IDENTITIES_DONT_MATCH(403, 5002),
    /** Base result 5003: barred identity, disabled mapping or subscription. */
    AUTHORIZATION_REJECTED(403, 5003),
    ROAMING_NOT_ALLOWED(403, 5004),
    /** Extension: the WWSF is unknown, disabled or not allowed for the subscription (33.203 X.3). */
    WWSF_NOT_ALLOWED(403, 5003),
    /** Cx experimental 5003. */
    IDENTITY_NOT_REGISTERED(404, 5003),
    IDENTITY_ALREADY_REGISTERED(409, 5005),
    AUTH_SCHEME_NOT_SUPPORTED(403, 5006),
    ERROR_IN_ASSIGNMENT_TYPE(409, 5007),
    /** The AV source has no usable vector: HTTP status mirrors the proxy's (404, 410 or 422). */
    AUTH_DATA_UNAVAILABLE(404, 4181),
    /** The AV source (web-auth proxy) did not answer in time or could not be reached. */
    AV_SOURCE_UNAVAILABLE(504, 3002),
    /** The AV source answered with an error of its own. */
    AV_SOURCE_ERROR(502, 5012);

    private final int httpStatus;
    private final int diameterResult;

    CxCause(int httpStatus, int diameterResult) {
        this.httpStatus = httpStatus;
        this.diameterResult = diameterResult;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int diameterResult() {
        return diameterResult;
    }
}
