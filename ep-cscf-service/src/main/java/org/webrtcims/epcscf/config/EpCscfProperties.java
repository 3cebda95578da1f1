package org.webrtcims.epcscf.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.webrtcims.cx.client.HssConnection;
import org.webrtcims.sip.SipListening;

/**
 * Settings of the eP-CSCF ({@code epcscf.*}). Every default is the {@link DefaultValue} of its component (the shared
 * {@link SipListening} and {@link HssConnection} records have their own); the configuration processor copies them and
 * the {@code @param} texts into the metadata the README's table is made from.
 *
 * @param nodeName               this node's name in P-Charging-Vector icid values (blank: the default)
 * @param websocket              the WebSocket endpoint (RFC 7118)
 * @param flows                  flow tokens and flow lifetime (RFC 5626)
 * @param wwsfs                  where the Origin → WWSF allow-list comes from (D3)
 * @param limits                 per-IP and per-connection rate limits
 * @param sip                    the SIP side toward the I-CSCF (jain-sip): the shared {@link SipListening} settings,
 *                               port 5064 and, unless set, the WebSocket's message size limit
 * @param icscfUri               the I-CSCF, as a SIP URI; its {@code transport} decides TCP or UDP (blank: the
 *                               default)
 * @param visitedNetworkId       P-Visited-Network-ID added to REGISTER, and the charging {@code orig-ioi}
 * @param identityHeaderOptional D2 (b′) fallback: accept REGISTER without {@code WebRTC-Web-Identity}
 * @param hss                    how the HSS's WWSF records are read when {@code wwsfs.source=hss}
 * @param sessions               requests other than REGISTER (profile §8)
 * @param regEvent               the eP-CSCF's own reg-event subscriptions (profile §7.4, D13)
 */
@ConfigurationProperties("epcscf")
public record EpCscfProperties(@DefaultValue(DEFAULT_NODE_NAME) String nodeName, @DefaultValue WebSocket websocket,
                               @DefaultValue Flows flows, @DefaultValue Wwsfs wwsfs, @DefaultValue Limits limits,
                               @NestedConfigurationProperty SipListening sip,
                               @DefaultValue(DEFAULT_ICSCF_URI) String icscfUri,
                               @DefaultValue("ims.example.net") String visitedNetworkId,
                               @DefaultValue("false") Boolean identityHeaderOptional,
                               @DefaultValue @NestedConfigurationProperty HssConnection hss,
                               @DefaultValue Sessions sessions, @DefaultValue RegEvent regEvent) {

    static final String DEFAULT_NODE_NAME = "epcscf1";
    static final String DEFAULT_ICSCF_URI = "sip:127.0.0.1:5060;transport=tcp";

    public EpCscfProperties {
        nodeName = nodeName == null || nodeName.isBlank() ? DEFAULT_NODE_NAME : nodeName;
        sip = (sip == null ? SipListening.unset() : sip).resolve(5064, websocket.maxMessageSize());
        icscfUri = icscfUri == null || icscfUri.isBlank() ? DEFAULT_ICSCF_URI : icscfUri;
    }

    /**
     * @param inviteTimeout how long an INVITE sent to a WIC waits for a final response (RFC 3261 §16.8 Timer C,
     *                      restarted by each provisional response) before 408 goes to the core and a CANCEL to the
     *                      WIC (other requests wait 64·T1)
     * @param trustedPeers  the address blocks (IP literals with an optional prefix, no names) whose SIP requests the
     *                      eP-CSCF takes on its core side: the S-CSCFs and I-CSCFs; any other source gets 403, so the
     *                      eP-CSCF is no relay toward WICs for strangers (empty: the default)
     */
    public record Sessions(@DefaultValue("180s") Duration inviteTimeout,
                           @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedPeers) {
        public Sessions {
            // an empty list counts as unset: the same loopback blocks as the @DefaultValue above
            trustedPeers = trustedPeers == null || trustedPeers.isEmpty() ? List.of("127.0.0.0/8", "::1/128")
                    : List.copyOf(trustedPeers);
        }
    }

    /**
     * @param subscribe whether the eP-CSCF subscribes to the reg event of each IMPU a 200 OK binds (D13)
     * @param expires   the Expires of its SUBSCRIBE, seconds (longer than any registration, TS 24.229 §5.2.3)
     */
    public record RegEvent(@DefaultValue("true") Boolean subscribe, @DefaultValue("600000") Integer expires) {
    }

    /**
     * @param path           the WebSocket path
     * @param allowPlain     accept {@code ws://} when the server has no TLS (development only)
     * @param maxMessageSize largest SIP message (WebSocket message) in bytes; bigger → close 1009
     * @param pingInterval   WebSocket Ping period (D14)
     * @param missedPongs    the flow is dead after this many Ping periods without any frame
     * @param maxOutboundMessages messages queued toward one connection and not yet written; one more → close 1008
     *                       (issue 11: bounded outbound queues)
     */
    public record WebSocket(@DefaultValue("/sip") String path, @DefaultValue("false") Boolean allowPlain,
                            @DefaultValue("65536") Integer maxMessageSize, @DefaultValue("30s") Duration pingInterval,
                            @DefaultValue("2") Integer missedPongs, @DefaultValue("128") Integer maxOutboundMessages) {
    }

    /**
     * @param tokenKey      base64 HMAC key (32+ bytes) for the flow tokens in Path; empty → a random key per start (set
     *                      it when eP-CSCF instances share tokens)
     * @param recoveryGrace how long a closed flow's token still answers 430 and its binding is kept (D15)
     */
    public record Flows(@DefaultValue("") String tokenKey, @DefaultValue("32s") Duration recoveryGrace) {

        @Override
        public String toString() {
            return "Flows[tokenKey=<redacted>, recoveryGrace=" + recoveryGrace + "]";
        }
    }

    /**
     * @param source          {@code hss} (the HSS's WWSF records, cached) or {@code static} (the list below)
     * @param refreshInterval how long the HSS's list is cached
     * @param statics         WWSFs and their origins when {@code source=static} ({@code epcscf.wwsfs.statics[i]})
     */
    public record Wwsfs(@DefaultValue("hss") String source, @DefaultValue("60s") Duration refreshInterval,
                        List<StaticWwsf> statics) {
        public Wwsfs {
            statics = statics == null ? List.of() : List.copyOf(statics);
        }
    }

    /** A WWSF and the web origins its pages are served from. */
    public record StaticWwsf(String identity, List<String> origins) {
        public StaticWwsf {
            origins = origins == null ? List.of() : List.copyOf(origins);
        }
    }

    /**
     * @param handshakesPerIpPerSecond     WebSocket opening handshakes per source IP and second; more → HTTP 429
     * @param maxConnectionsPerIp          open WebSocket connections per source IP; more → HTTP 429
     * @param messagesPerConnectionPerSecond WebSocket messages (SIP messages and CRLF keep-alives) per connection
     *                                     and second, counted on the raw frame before parsing; more → 503 +
     *                                     Retry-After when addressable, else close 1008 (burst twice that)
     */
    public record Limits(@DefaultValue("200") Integer handshakesPerIpPerSecond,
                         @DefaultValue("20000") Integer maxConnectionsPerIp,
                         @DefaultValue("50") Integer messagesPerConnectionPerSecond) {
    }
}
