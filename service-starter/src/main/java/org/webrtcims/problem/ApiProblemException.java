package org.webrtcims.problem;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An error answered as {@code application/problem+json} (RFC 9457) with a stable machine-readable
 * {@code cause} name; {@code detail} is for humans and must never carry secrets.
 */
public class ApiProblemException extends RuntimeException {

    private final transient HttpStatusCode status;
    private final String causeName;
    private final transient Map<String, Object> properties;

    public ApiProblemException(HttpStatusCode status, String causeName, String detail) {
        this(status, causeName, detail, Map.of());
    }

    public ApiProblemException(HttpStatusCode status, String causeName, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.causeName = causeName;
        this.properties = Map.copyOf(properties);
    }

    public static ApiProblemException badRequest(String causeName, String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, causeName, detail);
    }

    public static ApiProblemException notFound(String causeName, String detail) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, causeName, detail);
    }

    public static ApiProblemException conflict(String causeName, String detail) {
        return new ApiProblemException(HttpStatus.CONFLICT, causeName, detail);
    }

    public static ApiProblemException unprocessable(String causeName, String detail) {
        return new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, causeName, detail);
    }

    /** 400 MISSING_FIELD unless {@code value} is present. */
    public static void requireField(Object value, String field) {
        if (value == null) {
            throw badRequest("MISSING_FIELD", field + " is required.");
        }
    }

    public HttpStatusCode status() {
        return status;
    }

    public String causeName() {
        return causeName;
    }

    public String detail() {
        return getMessage();
    }

    /** Extension members added to the problem object next to {@code cause}. */
    public Map<String, Object> properties() {
        return properties;
    }
}
