package org.webrtcims.epcscf.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.webrtcims.cx.client.HssConnection;
import org.webrtcims.sip.SipListening;

/**
 * Settings of the eP-CSCF ({@code epcscf.*}); every default is the one in {@code ep-cscf.yml}.
 *
 * @param nodeName               this node's name in P-Charging-Vector icid values (default {@code epcscf1})
 * @param websocket              the WebSocket endpoint (RFC 7118)
 * @param flows                  flow tokens and flow lifetime (RFC 5626)
 * @param wwsfs                  where the Origin → WWSF allow-list comes from (D3)
 * @param limits                 per-IP and per-connection rate limits
 * @param sip                    the SIP side toward the I-CSCF (jain-sip): the shared {@link SipListening} settings,
 *                               port 5064 and, unless set, the WebSocket's message size limit
 * @param icscfUri               the I-CSCF, as a SIP URI; its {@code transport} decides TCP or UDP (default
 *                               {@code sip:127.0.0.1:5060;transport=tcp})
 * @param visitedNetworkId       P-Visited-Network-ID added to REGISTER (default {@code ims.example.net})
 * @param identityHeaderOptional D2 (b′) fallback: accept REGISTER without {@code WebRTC-Web-Identity} (default
 *                               false)
 * @param hss                    how the HSS's WWSF records are read when {@code wwsfs.source=hss}
 * @param sessions               requests other than REGISTER (profile §8)
 * @param regEvent               the eP-CSCF's own reg-event subscriptions (profile §7.4, D13)
 */
@ConfigurationProperties("epcscf")
public record EpCscfProperties(String nodeName, WebSocket websocket, Flows flows, Wwsfs wwsfs, Limits limits,
                               SipListening sip, String icscfUri, String visitedNetworkId,
                               Boolean identityHeaderOptional, HssConnection hss, Sessions sessions,
                               RegEvent regEvent) {

    public EpCscfProperties {
        nodeName = nodeName == null || nodeName.isBlank() ? "epcscf1" : nodeName;
        websocket = websocket == null ? new WebSocket(null, null, null, null, null, null) : websocket;
        flows = flows == null ? new Flows(null, null) : flows;
        wwsfs = wwsfs == null ? new Wwsfs(null, null, null) : wwsfs;
        limits = limits == null ? new Limits(null, null, null) : limits;
        sip = (sip == null ? SipListening.unset() : sip).resolve(5064, websocket.maxMessageSize());
        icscfUri = icscfUri == null || icscfUri.isBlank() ? "sip:127.0.0.1:5060;transport=tcp" : icscfUri;
        visitedNetworkId = visitedNetworkId == null ? "ims.example.net" : visitedNetworkId;
        identityHeaderOptional = identityHeaderOptional != null && identityHeaderOptional;
        hss = hss == null ? new HssConnection(null, null, null, null) : hss;
        sessions = sessions == null ? new Sessions(null) : sessions;
        regEvent = regEvent == null ? new RegEvent(null, null) : regEvent;
    }

    /**
     * @param inviteTimeout how long an INVITE sent to a WIC waits for a final response (RFC 3261 §16.8 Timer C,
     *                      restarted by each provisional response) before 408 goes to the core and a CANCEL to the
     *                      WIC (default 180s; other requests wait 64·T1)
     */
    public record Sessions(Duration inviteTimeout) {
        public Sessions {
            inviteTimeout = inviteTimeout == null ? Duration.ofSeconds(180) : inviteTimeout;
        }
    }

    /**
     * @param subscribe whether the eP-CSCF subscribes to the reg event of each IMPU a 200 OK binds (D13, default true)
     * @param expires   the Expires of its SUBSCRIBE, seconds (default 600000: longer than any registration, TS 24.229
     *                  §5.2.3)
     */
    public record RegEvent(Boolean subscribe, Integer expires) {
        public RegEvent {
            subscribe = subscribe == null || subscribe;
            expires = expires == null ? 600_000 : expires;
        }
    }

    /**
     * @param path           the WebSocket path (default {@code /sip})
     * @param allowPlain     accept {@code ws://} when the server has no TLS (development only; default false)
     * @param maxMessageSize largest SIP message (WebSocket message) in bytes; bigger → close 1009 (default 65536)
     * @param pingInterval   WebSocket Ping period (D14, default 30s)
     * @param missedPongs    the flow is dead after this many Ping periods without any frame (default 2)
     * @param maxOutboundMessages messages queued toward one connection and not yet written; one more → close 1008
     *                       (issue 11: bounded outbound queues; default 128)
     */
    public record WebSocket(String path, Boolean allowPlain, Integer maxMessageSize, Duration pingInterval,
                            Integer missedPongs, Integer maxOutboundMessages) {
        public WebSocket {
            path = path == null ? "/sip" : path;
            allowPlain = allowPlain != null && allowPlain;
            maxMessageSize = maxMessageSize == null ? 65_536 : maxMessageSize;
            pingInterval = pingInterval == null ? Duration.ofSeconds(30) : pingInterval;
            missedPongs = missedPongs == null ? 2 : missedPongs;
            maxOutboundMessages = maxOutboundMessages == null ? 128 : maxOutboundMessages;
        }
    }

    /**
     * @param tokenKey      base64 HMAC key (32+ bytes) for the flow tokens in Path; empty → a random key per start
     * @param recoveryGrace how long a closed flow's token still answers 430 and its binding is kept (D15, 32s)
     */
    public record Flows(String tokenKey, Duration recoveryGrace) {
        public Flows {
            tokenKey = tokenKey == null ? "" : tokenKey;
            recoveryGrace = recoveryGrace == null ? Duration.ofSeconds(32) : recoveryGrace;
        }

        @Override
        public String toString() {
            return "Flows[tokenKey=<redacted>, recoveryGrace=" + recoveryGrace + "]";
        }
    }

    /**
     * @param source          {@code hss} (the HSS's WWSF records, cached) or {@code static} (the list below)
     * @param refreshInterval how long the HSS's list is cached (default 60s)
     * @param statics         WWSFs and their origins when {@code source=static} ({@code epcscf.wwsfs.statics[i]})
     */
    public record Wwsfs(String source, Duration refreshInterval, List<StaticWwsf> statics) {
        public Wwsfs {
            source = source == null ? "hss" : source;
            refreshInterval = refreshInterval == null ? Duration.ofSeconds(60) : refreshInterval;
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
     *                                     (default 200)
     * @param maxConnectionsPerIp          open WebSocket connections per source IP; more → HTTP 429 (default 20000)
     * @param messagesPerConnectionPerSecond WebSocket messages (SIP messages and CRLF keep-alives) per connection
     *                                     and second, counted on the raw frame before parsing; more → 503 +
     *                                     Retry-After when addressable, else close 1008 (default 50, burst twice
     *                                     that)
     */
    public record Limits(Integer handshakesPerIpPerSecond, Integer maxConnectionsPerIp,
                         Integer messagesPerConnectionPerSecond) {
        public Limits {
            handshakesPerIpPerSecond = handshakesPerIpPerSecond == null ? 200 : handshakesPerIpPerSecond;
            maxConnectionsPerIp = maxConnectionsPerIp == null ? 20_000 : maxConnectionsPerIp;
            messagesPerConnectionPerSecond = messagesPerConnectionPerSecond == null ? 50
                    : messagesPerConnectionPerSecond;
        }
    }
}
