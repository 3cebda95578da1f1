package org.webrtcims.launcher.services;

import org.webrtcims.ports.FreePorts;

/**
 * The HTTP port of every service, its management port (health, info, prometheus: never on the API port) and the SIP
 * port of the three CSCFs.
 *
 * @param proxyHttp  web-auth proxy REST API (default 8090)
 * @param hssHttp    HSS Cx and admin API (default 8091)
 * @param icscfHttp  I-CSCF actuator (default 8092)
 * @param icscfSip   I-CSCF SIP, TCP and UDP (default 5060)
 * @param scscfHttp  S-CSCF cx-notify API and actuator (default 8093)
 * @param scscfSip   S-CSCF SIP, TCP and UDP (default 5062)
 * @param epcscfHttp eP-CSCF WebSocket endpoint and actuator (default 8094)
 * @param epcscfSip  eP-CSCF SIP toward the I-CSCF (default 5064)
 * @param proxyManagement  web-auth proxy actuator (default 8190)
 * @param hssManagement    HSS actuator (default 8191)
 * @param icscfManagement  I-CSCF actuator (default 8192)
 * @param scscfManagement  S-CSCF actuator (default 8193)
 * @param epcscfManagement eP-CSCF actuator (default 8194)
 */
public record Ports(int proxyHttp, int hssHttp, int icscfHttp, int icscfSip, int scscfHttp, int scscfSip,
                    int epcscfHttp, int epcscfSip, int proxyManagement, int hssManagement, int icscfManagement,
                    int scscfManagement, int epcscfManagement) {

    /** The ports each service's own settings file names, so a local run matches the services' READMEs. */
    public static Ports defaults() {
        return new Ports(8090, 8091, 8092, 5060, 8093, 5062, 8094, 5064, 8190, 8191, 8192, 8193, 8194);
    }

    /**
     * Thirteen distinct ports, free on {@code host} for TCP and UDP right now and outside the kernel's ephemeral range
     * ({@link FreePorts}), so no connection the starting services open can take one (for tests that run next to
     * other services). Another program binding one explicitly still could; the start then fails with that port named.
     */
    public static Ports random(String host) {
        return new Ports(FreePorts.next(host), FreePorts.next(host), FreePorts.next(host), FreePorts.next(host),
                FreePorts.next(host), FreePorts.next(host), FreePorts.next(host), FreePorts.next(host),
                FreePorts.next(host), FreePorts.next(host), FreePorts.next(host), FreePorts.next(host),
                FreePorts.next(host));
    }

    public int http(Service service) {
        return switch (service) {
            case WEB_AUTH_PROXY -> proxyHttp;
            case HSS -> hssHttp;
            case SCSCF -> scscfHttp;
            case ICSCF -> icscfHttp;
            case EP_CSCF -> epcscfHttp;
        };
    }

    /** The management (actuator) port: probes and metrics. */
    public int management(Service service) {
        return switch (service) {
            case WEB_AUTH_PROXY -> proxyManagement;
            case HSS -> hssManagement;
            case SCSCF -> scscfManagement;
            case ICSCF -> icscfManagement;
            case EP_CSCF -> epcscfManagement;
        };
    }

    /** @throws IllegalArgumentException for the proxy and the HSS, which speak no SIP */
    public int sip(Service service) {
        return switch (service) {
            case SCSCF -> scscfSip;
            case ICSCF -> icscfSip;
            case EP_CSCF -> epcscfSip;
            case WEB_AUTH_PROXY, HSS -> throw new IllegalArgumentException(service + " has no SIP port");
        };
    }

}
