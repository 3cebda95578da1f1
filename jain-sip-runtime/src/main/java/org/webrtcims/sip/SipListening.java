package org.webrtcims.sip;

import java.time.Duration;
import java.util.List;

/**
 * The {@code <service>.sip.*} settings every CSCF has in common (eP-CSCF {@code epcscf.sip}, I-CSCF
 * {@code icscf.sip}; the S-CSCF's {@code scscf.sip} record builds one): one record, so the three nodes cannot drift.
 * Spring binds what is configured; absent values stay {@code null} until the service calls
 * {@link #resolve(int, int)} with its own port (eP-CSCF 5064, I-CSCF 5060, S-CSCF 5062).
 *
 * @param host           address to bind (default {@code 0.0.0.0})
 * @param port           SIP port for every transport (default: the node's own)
 * @param transports     {@code tcp} and/or {@code udp} (default {@code tcp}: UDP off where TCP serves)
 * @param advertisedHost host put into Via (and Path, Service-Route); default: the bind address, or {@code 127.0.0.1}
 *                       for {@code 0.0.0.0}
 * @param threads        SIP stack threads handing messages to the listener (default 8)
 * @param maxMessageSize largest SIP message accepted over TCP, bytes (default 65536)
 * @param t1             RFC 3261 T1 of the client transactions this node starts (default 500 ms; Timer F = 64·T1)
 * @param aliases        other host names or addresses peers reach this node by (e.g. its Kubernetes Service name), so
 *                       that a Route naming one of them is recognised as this node's own (RFC 3261 §16.4); the
 *                       advertised host, the bind address and the addresses of the machine's interfaces count
 *                       anyway (default none)
 */
public record SipListening(String host, Integer port, List<String> transports, String advertisedHost, Integer threads,
                           Integer maxMessageSize, Duration t1, List<String> aliases) {

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65_536;

    public SipListening {
        transports = transports == null ? null : List.copyOf(transports);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        advertisedHost = advertisedHost == null || advertisedHost.isBlank() ? null : advertisedHost.trim();
    }

    /** Nothing configured: every value from {@link #resolve(int, int)}. */
    public static SipListening unset() {
        return new SipListening(null, null, null, null, null, null, null, null);
    }

    /** These settings with the defaults filled in; {@code defaultPort} is the node's own SIP port. */
    public SipListening resolve(int defaultPort, int defaultMaxMessageSize) {
        String bind = host == null || host.isBlank() ? "0.0.0.0" : host.trim();
        return new SipListening(bind, port == null ? defaultPort : port,
                transports == null ? List.of("tcp") : transports,
                advertisedHost != null ? advertisedHost : "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1"
                        : bind,
                threads == null ? 8 : threads,
                maxMessageSize == null ? defaultMaxMessageSize : maxMessageSize,
                t1 == null ? Duration.ofMillis(500) : t1, aliases);
    }

    /** The same with the default message size. */
    public SipListening resolve(int defaultPort) {
        return resolve(defaultPort, DEFAULT_MAX_MESSAGE_SIZE);
    }

    /** What {@link SipStackRunner} starts from; {@code name} prefixes the stack name (logs), e.g. {@code icscf}. */
    public SipStackSettings stackSettings(String name) {
        if (host == null || port == null || transports == null || threads == null || maxMessageSize == null) {
            throw new IllegalStateException("SIP listening settings are not resolved: " + this);
        }
        return new SipStackSettings(name + "-" + port, host, port, transports, threads, maxMessageSize);
    }
}
