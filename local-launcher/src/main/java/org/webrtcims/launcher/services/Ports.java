package org.webrtcims.launcher.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * The HTTP port of every service and the SIP port of the three CSCFs.
 *
 * @param proxyHttp  web-auth proxy REST API (default 8090)
 * @param hssHttp    HSS Cx and admin API (default 8091)
 * @param icscfHttp  I-CSCF actuator (default 8092)
 * @param icscfSip   I-CSCF SIP, TCP and UDP (default 5060)
 * @param scscfHttp  S-CSCF cx-notify API and actuator (default 8093)
 * @param scscfSip   S-CSCF SIP, TCP and UDP (default 5062)
 * @param epcscfHttp eP-CSCF WebSocket endpoint and actuator (default 8094)
 * @param epcscfSip  eP-CSCF SIP toward the I-CSCF (default 5064)
 */
public record Ports(int proxyHttp, int hssHttp, int icscfHttp, int icscfSip, int scscfHttp, int scscfSip,
                    int epcscfHttp, int epcscfSip) {

    /** The ports each service's own settings file names, so a local run matches the services' READMEs. */
    public static Ports defaults() {
        return new Ports(8090, 8091, 8092, 5060, 8093, 5062, 8094, 5064);
    }

    /**
     * Eight distinct ports that are free on {@code host} right now (for tests that run next to other services).
     * Another process may still take one before the service binds it; the start then fails with that port named.
     */
    public static Ports random(String host) {
        Set<Integer> taken = new HashSet<>();
        int[] ports = new int[8];
        for (int i = 0; i < ports.length; i++) {
            int port;
            do {
                port = freePort(host);
            } while (!taken.add(port));
            ports[i] = port;
        }
        return new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6], ports[7]);
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

    /** @throws IllegalArgumentException for the proxy and the HSS, which speak no SIP */
    public int sip(Service service) {
        return switch (service) {
            case SCSCF -> scscfSip;
            case ICSCF -> icscfSip;
            case EP_CSCF -> epcscfSip;
            case WEB_AUTH_PROXY, HSS -> throw new IllegalArgumentException(service + " has no SIP port");
        };
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }
}
