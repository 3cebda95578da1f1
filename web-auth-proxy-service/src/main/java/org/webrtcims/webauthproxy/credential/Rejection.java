package org.webrtcims.webauthproxy.credential;

import org.springframework.http.HttpStatus;
import org.webrtcims.problem.ApiProblemException;

/** Why one credential was not accepted: an HTTP status, a stable cause and a human detail. */
public record Rejection(HttpStatus status, String cause, String detail) {

    public ApiProblemException toException() {
        return new ApiProblemException(status, cause, detail);
    }
}
