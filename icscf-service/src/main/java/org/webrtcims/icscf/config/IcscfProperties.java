package org.webrtcims.icscf.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.webrtcims.cx.client.HssConnection;
import org.webrtcims.sip.SipListening;

/**
 * Settings of the I-CSCF ({@code icscf.*}). Every default is the {@link DefaultValue} of its component (the shared
 * {@link SipListening} and {@link HssConnection} records have their own); the configuration processor copies them and
 * the {@code @param} texts into the metadata the README's table is made from.
 *
 * @param sip          where it listens for SIP and how it retransmits: the shared {@link SipListening} settings,
 *                     port 5060
 * @param trustedPeers address blocks (CIDR) REGISTERs and terminating requests are accepted from (the eP-CSCFs, the
 *                     S-CSCFs); others get 403 (TS 24.229 §5.3.1.2)
 * @param visitedNetworkId Visited-Network-Identifier for UAR when the request has no P-Visited-Network-ID
 * @param hss          how it reaches the HSS
 * @param homeDomains  the home network's domains: a non-REGISTER initial request whose Request-URI is a {@code sip:}
 *                     URI in one of them (or a {@code tel:} URI) is a terminating request for a home IMPU and routed
 *                     with LIR (TS 24.229 §5.3.2.1); other Request-URIs get 404. Compared ignoring case (empty:
 *                     the default)
 */
@ConfigurationProperties("icscf")
public record IcscfProperties(@NestedConfigurationProperty SipListening sip,
                              @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedPeers,
                              @DefaultValue(HOME_DOMAIN) String visitedNetworkId,
                              @DefaultValue @NestedConfigurationProperty HssConnection hss,
                              @DefaultValue(HOME_DOMAIN) List<String> homeDomains) {

    static final String HOME_DOMAIN = "ims.example.net";

    public IcscfProperties {
        sip = (sip == null ? SipListening.unset() : sip).resolve(5060);
        trustedPeers = List.copyOf(trustedPeers);
        homeDomains = homeDomains == null || homeDomains.isEmpty() ? List.of(HOME_DOMAIN)
                : homeDomains.stream().map(String::trim).filter(d -> !d.isEmpty()).toList();
    }
}
