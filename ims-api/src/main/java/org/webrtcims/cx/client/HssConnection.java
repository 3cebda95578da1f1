package org.webrtcims.cx.client;

import java.net.URI;
import java.time.Duration;

/**
 * How a CSCF reaches the HSS.
 *
 * @param baseUrl         the HSS (default {@code http://localhost:8091})
 * @param token           the CSCF's bearer token at the HSS (role EP_CSCF, I_CSCF or S_CSCF: one per CSCF)
 * @param connectTimeout  TCP connect timeout (default 1s)
 * @param responseTimeout time for a whole answer (default 3s; longer than the HSS's own proxy timeout)
 */
public record HssConnection(URI baseUrl, String token, Duration connectTimeout, Duration responseTimeout) {

    public HssConnection {
        baseUrl = baseUrl == null ? URI.create("http://localhost:8091") : baseUrl;
        token = token == null ? "" : token;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(3) : responseTimeout;
    }

    @Override
    public String toString() {
        return "HssConnection[" + baseUrl + ", token=<redacted>]";
    }
}
