package org.webrtcims.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * One RFC 9457 problem object: {@code type}, {@code title}, {@code status}, {@code detail}, {@code cause} and
 * any extension members, plus the HTTP headers that go with it (e.g. {@code Retry-After}).
 */
public record Problem(HttpStatusCode status, String cause, String detail, Map<String, Object> extensions,
                      HttpHeaders headers) {

    public Problem {
        extensions = Map.copyOf(extensions);
        HttpHeaders copy = new HttpHeaders();
        copy.addAll(headers);
        headers = copy;
    }

    public static Problem of(HttpStatusCode status, String cause, String detail) {
        return new Problem(status, cause, detail, Map.of(), new HttpHeaders());
    }

    public static Problem from(ApiProblemException e) {
        return new Problem(e.status(), e.causeName(), e.detail(), e.properties(), new HttpHeaders());
    }

    public Problem withHeader(String name, String value) {
        HttpHeaders copy = new HttpHeaders();
        copy.addAll(headers);
        copy.set(name, value);
        return new Problem(status, cause, detail, extensions, copy);
    }

    /** A URN naming the cause; stable, so clients may switch on it as well as on {@code cause}. */
    public URI type() {
        return URI.create("urn:webrtc-ims:problem:" + cause.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The JSON members, in the order RFC 9457 §3 lists them, then {@code cause} and the extensions. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type().toString());
        HttpStatus known = HttpStatus.resolve(status.value());
        body.put("title", known != null ? known.getReasonPhrase() : "HTTP " + status.value());
        body.put("status", status.value());
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("cause", cause);
        extensions.forEach(body::putIfAbsent);
        return body;
    }
}
