package org.webrtcims.icscf.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.webrtcims.cx.client.HssConnection;
import org.webrtcims.sip.SipListening;

/**
 * Settings of the I-CSCF ({@code icscf.*}).
 *
 * @param sip          where it listens for SIP and how it retransmits: the shared {@link SipListening} settings,
 *                     port 5060
 * @param trustedPeers address blocks (CIDR) REGISTERs are accepted from; others get 403 (TS 24.229 §5.3.1.2).
 *                     Default: loopback only
 * @param visitedNetworkId Visited-Network-Identifier for UAR when the request has no P-Visited-Network-ID
 * @param hss          how it reaches the HSS
 * @param homeDomains  the home network's domains: a non-REGISTER initial request whose Request-URI is a {@code sip:}
 *                     URI in one of them (or a {@code tel:} URI) is a terminating request for a home IMPU and routed
 *                     with LIR (TS 24.229 §5.3.2.1); other Request-URIs get 404. Compared ignoring case. Default
 *                     {@code ims.example.net}
 */
@ConfigurationProperties("icscf")
public record IcscfProperties(SipListening sip, List<String> trustedPeers, String visitedNetworkId, HssConnection hss,
                              List<String> homeDomains) {

    public IcscfProperties {
        sip = (sip == null ? SipListening.unset() : sip).resolve(5060);
        trustedPeers = trustedPeers == null ? List.of("127.0.0.0/8", "::1/128") : List.copyOf(trustedPeers);
        visitedNetworkId = visitedNetworkId == null ? "ims.example.net" : visitedNetworkId;
        hss = hss == null ? new HssConnection(null, null, null, null) : hss;
        homeDomains = homeDomains == null || homeDomains.isEmpty() ? List.of("ims.example.net")
                : homeDomains.stream().map(String::trim).filter(d -> !d.isEmpty()).toList();
    }
}
