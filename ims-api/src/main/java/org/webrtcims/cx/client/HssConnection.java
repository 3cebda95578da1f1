package org.webrtcims.cx.client;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a CSCF reaches the HSS ({@code <cscf>.hss.*}); the defaults are the {@link DefaultValue}s, bound when the
 * CSCF's settings record marks its {@code hss} component {@code @DefaultValue}.
 *
 * @param baseUrl         the HSS
 * @param token           the CSCF's bearer token at the HSS (role EP_CSCF, I_CSCF or S_CSCF: one per CSCF)
 * @param connectTimeout  TCP connect timeout
 * @param responseTimeout time for a whole answer (longer than the HSS's own proxy timeout)
 */
public record HssConnection(@DefaultValue("http://localhost:8091") URI baseUrl, @DefaultValue("") String token,
                            @DefaultValue("1s") Duration connectTimeout, @DefaultValue("3s") Duration responseTimeout) {

    @Override
    public String toString() {
        return "HssConnection[" + baseUrl + ", token=<redacted>]";
    }
}
