package org.webrtcims.scscf.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.webrtcims.cx.client.HssConnection;
import org.webrtcims.sip.SipListening;

/**
 * Settings of the S-CSCF ({@code scscf.*}). Every default is the {@link DefaultValue} of its component (the SIP
 * listening defaults are the shared {@link SipListening}'s, the HSS connection's those of {@link HssConnection}); the
 * configuration processor copies them and the {@code @param} texts into the metadata the README's table is made from.
 *
 * @param serverName  its Server-Name, the SIP URI the HSS stores and the I-CSCF routes to; must match one of the HSS's
 *                    {@code hss.scscfs[i].name}; owner of the bindings this instance writes (unique per S-CSCF;
 *                    replicas sharing one name share its bindings and outbox)
 * @param sip         where it listens for SIP
 * @param hss         how it reaches the HSS
 * @param registrar   expiry rules
 * @param digest      challenge rules
 * @param lockout     failed-authentication lockout (profile §6 row 17)
 * @param sarOutbox   retries of SARs that must reach the HSS (issue 11 finding 4)
 * @param routing     session routing (issue 13): the I-CSCF originating requests go to, Timer C
 */
@ConfigurationProperties("scscf")
public record ScscfProperties(@DefaultValue("sip:scscf1.ims.example.net:5062;transport=tcp") String serverName,
                              @DefaultValue Sip sip, @DefaultValue @NestedConfigurationProperty HssConnection hss,
                              @DefaultValue Registrar registrar, @DefaultValue Digest digest,
                              @DefaultValue Lockout lockout, @DefaultValue SarOutbox sarOutbox,
                              @DefaultValue Routing routing) {

    /**
     * @param host        address to bind (default {@code 0.0.0.0})
     * @param port        SIP port (default 5062)
     * @param transports  default {@code tcp}: UDP is off where TCP serves (add {@code udp} explicitly)
     * @param advertisedHost host put into Service-Route (default: the Server-Name's host)
     * @param threads     SIP stack threads (default 8)
     * @param trustedPeers address blocks (CIDR) whose SIP is accepted: the I-CSCFs, and the eP-CSCFs for what
     *                    follows Service-Route; anything else gets 403
     * @param trustedEdgeProxies the eP-CSCFs, as the host of the Path entry they add (a host name, compared
     *                    ignoring case, or an address block for an IP literal): {@code integrity-protected="tls-yes"}
     *                    counts only when the REGISTER's bottom Path is one of them
     */
    public record Sip(String host, Integer port, List<String> transports, String advertisedHost, Integer threads,
                      @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedPeers,
                      @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedEdgeProxies) {
        public Sip {
            // the defaults every CSCF shares (SipListening); advertisedHost stays as configured (see serverHost())
            SipListening shared = new SipListening(host, port, transports, null, threads, null, null, null)
                    .resolve(5062);
            host = shared.host();
            port = shared.port();
            transports = shared.transports();
            threads = shared.threads();
            trustedPeers = List.copyOf(trustedPeers);
            trustedEdgeProxies = List.copyOf(trustedEdgeProxies);
        }

        /** Where the SIP stack listens (jain-sip-runtime's record shared by the three CSCFs). */
        public SipListening listening() {
            return new SipListening(host, port, transports, advertisedHost, threads, null, null, null).resolve(port);
        }
    }

    /** What the S-CSCF does with a REGISTER that would exceed {@code max-bindings} (profile D16). */
    public enum TooManyBindings {
        /** The IMPU's oldest bindings make room (Kamailio ims_registrar {@code maxcontact_behaviour=2}). */
        REPLACE_OLDEST,
        /** 403 "Too many registrations" (24.229 §5.4.1.2.2). */
        REJECT
    }

    /**
     * @param minExpires     shortest registration granted; shorter → 423 with Min-Expires
     * @param maxExpires     longest registration granted
     * @param defaultExpires when the REGISTER names none
     * @param maxBindings    contacts per IMPU (profile D16)
     * @param expiryGrace    a binding outlives its expiry by this much (profile §7.3)
     * @param sweepInterval  how often expired bindings and auth contexts are swept
     * @param tooManyBindings beyond {@code maxBindings}: {@code replace-oldest} (the bindings that expire first are
     *                       replaced, so a client reconnecting without +sip.instance is never locked out) or
     *                       {@code reject} (403 "Too many registrations")
     * @param orphanGrace    bindings of another S-CSCF expired for longer than this are removed by any S-CSCF
     *                       (their owner, which sweeps its own within seconds, is gone); no SAR is sent for them
     * @param reregistrationSarInterval a refresh by the same private identity and WWSF within this time of the
     *                       last SAR that assigned the IMPU here sends no SAR RE_REGISTRATION (profile D11: at most
     *                       one an hour; 0 = SAR on every refresh)
     */
    public record Registrar(@DefaultValue("300s") Duration minExpires, @DefaultValue("7200s") Duration maxExpires,
                            @DefaultValue("3600s") Duration defaultExpires, @DefaultValue("5") Integer maxBindings,
                            @DefaultValue("10s") Duration expiryGrace, @DefaultValue("1s") Duration sweepInterval,
                            @DefaultValue("replace-oldest") TooManyBindings tooManyBindings,
                            @DefaultValue("1h") Duration orphanGrace,
                            @DefaultValue("1h") Duration reregistrationSarInterval) {
    }

    /**
     * @param nonceKeys    HMAC keys for nonces, base64 (≥ 32 bytes), newest first; required
     * @param authTimeout  reg-await-auth: life of a challenge (24.229 Table 7.8.1)
     * @param acceptAlgorithms algorithms this S-CSCF can verify (sent in MAR)
     * @param maxContexts  auth contexts (each holds H(A1)s) in memory at most; when full the oldest is dropped
     * @param maxContextsPerIdentity auth contexts per private identity; a new challenge drops that identity's
     *                     oldest (one web identity may answer challenges of several WWSFs, tabs or devices at once)
     */
    public record Digest(List<String> nonceKeys, @DefaultValue("240s") Duration authTimeout,
                         @DefaultValue({"MD5", "SHA-256", "SHA-512-256"}) List<String> acceptAlgorithms,
                         @DefaultValue("10000") Integer maxContexts, @DefaultValue("16") Integer maxContextsPerIdentity) {
        public Digest {
            nonceKeys = nonceKeys == null ? List.of() : List.copyOf(nonceKeys);
            acceptAlgorithms = List.copyOf(acceptAlgorithms);
            if (maxContexts < 1 || maxContextsPerIdentity < 1) {
                throw new IllegalArgumentException("scscf.digest.max-contexts(-per-identity) must be at least 1");
            }
        }

        @Override
        public String toString() {
            return "Digest[nonceKeys=<" + nonceKeys.size() + " redacted>, authTimeout=" + authTimeout + "]";
        }
    }

    /**
     * @param maxFailures digest answers for a private identity from one source address (the WIC's address as
     *                    the eP-CSCF saw it) that lock that identity for that source only; a success resets the
     *                    count
     * @param window      within this time
     * @param duration    lock time
     * @param identityMaxFailures digest answers for a private identity from all sources together that lock it
     *                    everywhere, against guessing spread over many addresses
     */
    public record Lockout(@DefaultValue("5") Integer maxFailures, @DefaultValue("15m") Duration window,
                          @DefaultValue("15m") Duration duration, @DefaultValue("50") Integer identityMaxFailures) {
    }

    /**
     * SARs that must reach the HSS go through the {@code sar_outbox} table and are retried until the HSS answers.
     *
     * @param initialBackoff wait after the first failed attempt, doubled after each further one
     * @param maxBackoff     longest wait between attempts
     * @param pollInterval   how often due entries are looked for
     * @param batchSize      entries claimed per round
     */
    public record SarOutbox(@DefaultValue("1s") Duration initialBackoff, @DefaultValue("5m") Duration maxBackoff,
                            @DefaultValue("1s") Duration pollInterval, @DefaultValue("100") Integer batchSize) {
    }

    /**
     * Session routing (issue 13, TS 24.229 §5.4.3).
     *
     * @param icscfUri where originating requests go after the S-CSCF ({@code Route: <icscf-uri;lr>}, 24.229
     *                 §5.4.3.2: the terminating side is found through the I-CSCF's LIR); default the I-CSCF of a
     *                 local run (blank: the default)
     * @param timerC   an INVITE branch without a final response this long after its last provisional one is
     *                 cancelled and counts as 408 (RFC 3261 §16.6 step 11, §16.8; at least 1 s)
     */
    public record Routing(@DefaultValue(DEFAULT_ICSCF_URI) String icscfUri, @DefaultValue("180s") Duration timerC) {

        static final String DEFAULT_ICSCF_URI = "sip:127.0.0.1:5060;transport=tcp";

        public Routing {
            icscfUri = icscfUri == null || icscfUri.isBlank() ? DEFAULT_ICSCF_URI : icscfUri.trim();
            if (timerC.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("scscf.routing.timer-c must be at least 1s");
            }
        }
    }

    /** The host of the Server-Name, for Service-Route and Warning headers. */
    public String serverHost() {
        if (sip.advertisedHost() != null) {
            return sip.advertisedHost();
        }
        String uri = serverName.replaceFirst("^sips?:", "");
        int semicolon = uri.indexOf(';');
        return semicolon < 0 ? uri : uri.substring(0, semicolon);
    }

    /**
     * This S-CSCF's host and port as other nodes address it (Service-Route, Record-Route): {@link #serverHost()},
     * with the SIP port added when it names none.
     */
    public String ownHostPort() {
        String host = serverHost();
        int bracket = host.lastIndexOf(']');
        boolean hasPort = host.indexOf(':', bracket + 1) >= 0 && (bracket >= 0 || host.indexOf(':') == host.lastIndexOf(':'));
        return hasPort ? host : host + ":" + sip.port();
    }

}
