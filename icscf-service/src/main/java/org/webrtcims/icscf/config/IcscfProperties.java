package org.webrtcims.icscf.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.webrtcims.cx.client.HssConnection;

/**
 * Settings of the I-CSCF ({@code icscf.*}).
 *
 * @param sip          where it listens for SIP and how it retransmits
 * @param trustedPeers address blocks (CIDR) REGISTERs are accepted from; others get 403 (TS 24.229 §5.3.1.2).
 *                     Default: loopback only
 * @param visitedNetworkId Visited-Network-Identifier for UAR when the request has no P-Visited-Network-ID
 * @param hss          how it reaches the HSS
 */
@ConfigurationProperties("icscf")
public record IcscfProperties(Sip sip, List<String> trustedPeers, String visitedNetworkId, HssConnection hss) {

    public IcscfProperties {
        sip = sip == null ? new Sip(null, null, null, null, null, null) : sip;
        trustedPeers = trustedPeers == null ? List.of("127.0.0.0/8", "::1/128") : List.copyOf(trustedPeers);
        visitedNetworkId = visitedNetworkId == null ? "ims.example.net" : visitedNetworkId;
        hss = hss == null ? new HssConnection(null, null, null, null) : hss;
    }

    /**
     * @param host          address to bind (default {@code 0.0.0.0})
     * @param port          SIP port (default 5060)
     * @param transports    default {@code tcp}: UDP off where TCP serves (add {@code udp} explicitly)
     * @param advertisedHost host put into Via (default: the bind address, or 127.0.0.1 for 0.0.0.0)
     * @param threads       SIP stack threads (default 8)
     * @param t1            RFC 3261 T1 toward the S-CSCFs (default 500 ms; Timer F = 64·T1)
     */
    public record Sip(String host, Integer port, List<String> transports, String advertisedHost, Integer threads,
                      Duration t1) {
        public Sip {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 5060 : port;
            transports = transports == null ? List.of("tcp") : List.copyOf(transports);
            advertisedHost = advertisedHost != null ? advertisedHost : "0.0.0.0".equals(host) ? "127.0.0.1" : host;
            threads = threads == null ? 8 : threads;
            t1 = t1 == null ? Duration.ofMillis(500) : t1;
        }
    }
}
