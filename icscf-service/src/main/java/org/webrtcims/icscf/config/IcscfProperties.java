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
 */
@ConfigurationProperties("icscf")
public record IcscfProperties(SipListening sip, List<String> trustedPeers, String visitedNetworkId, HssConnection hss) {

    public IcscfProperties {
        sip = (sip == null ? SipListening.unset() : sip).resolve(5060);
        trustedPeers = trustedPeers == null ? List.of("127.0.0.0/8", "::1/128") : List.copyOf(trustedPeers);
        visitedNetworkId = visitedNetworkId == null ? "ims.example.net" : visitedNetworkId;
        hss = hss == null ? new HssConnection(null, null, null, null) : hss;
    }
}
