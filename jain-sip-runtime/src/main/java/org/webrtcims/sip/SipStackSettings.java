package org.webrtcims.sip;

import java.util.List;

/**
 * Where and how a CSCF listens for SIP.
 *
 * @param name           stack name (logs)
 * @param host           address to bind (e.g. {@code 0.0.0.0} or {@code 127.0.0.1})
 * @param port           SIP port for every transport
 * @param transports     {@code tcp} and/or {@code udp}
 * @param threads        threads handing messages to the listener (the listener never blocks)
 * @param maxMessageSize largest SIP message accepted over TCP, bytes
 */
public record SipStackSettings(String name, String host, int port, List<String> transports, int threads,
                               int maxMessageSize) {

    public SipStackSettings {
        transports = List.copyOf(transports);
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("at least one SIP transport is needed");
        }
        for (String transport : transports) {
            if (!transport.equalsIgnoreCase("tcp") && !transport.equalsIgnoreCase("udp")) {
                throw new IllegalArgumentException("SIP transport must be tcp or udp, not " + transport);
            }
        }
        if (port <= 0) {
            throw new IllegalArgumentException("jain-sip needs an explicit SIP port, not " + port);
        }
    }
}
