package org.webrtcims.scscf.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.webrtcims.cx.client.HssConnection;
import org.webrtcims.sip.SipListening;

/**
 * Settings of the S-CSCF ({@code scscf.*}).
 *
 * @param serverName  its Server-Name, the SIP URI the HSS stores (e.g. {@code sip:scscf1.ims.example.net:5060;transport=tcp})
 * @param sip         where it listens for SIP
 * @param hss         how it reaches the HSS
 * @param registrar   expiry rules
 * @param digest      challenge rules
 * @param lockout     failed-authentication lockout (profile §6 row 17)
 * @param sarOutbox   retries of SARs that must reach the HSS (issue 11 finding 4)
 * @param routing     session routing (issue 13): the I-CSCF originating requests go to, Timer C
 */
@ConfigurationProperties("scscf")
public record ScscfProperties(String serverName, Sip sip, HssConnection hss, Registrar registrar, Digest digest,
                              Lockout lockout, SarOutbox sarOutbox, Routing routing) {

    public ScscfProperties {
        sip = sip == null ? new Sip(null, null, null, null, null, null, null) : sip;
        hss = hss == null ? new HssConnection(null, null, null, null) : hss;
        registrar = registrar == null ? new Registrar(null, null, null, null, null, null, null, null, null)
                : registrar;
        digest = digest == null ? new Digest(null, null, null, null, null) : digest;
        lockout = lockout == null ? new Lockout(null, null, null, null) : lockout;
        sarOutbox = sarOutbox == null ? new SarOutbox(null, null, null, null) : sarOutbox;
        routing = routing == null ? new Routing(null, null) : routing;
    }

    /**
     * @param host        address to bind (default {@code 0.0.0.0})
     * @param port        SIP port (default 5062)
     * @param transports  default {@code tcp}: UDP is off where TCP serves (add {@code udp} explicitly)
     * @param advertisedHost host put into Service-Route (default: the Server-Name's host)
     * @param threads     SIP stack threads (default 8)
     * @param trustedPeers address blocks (CIDR) whose SIP is accepted: the I-CSCFs, and the eP-CSCFs for what
     *                    follows Service-Route; anything else gets 403 (default loopback {@code 127.0.0.0/8, ::1/128})
     * @param trustedEdgeProxies the eP-CSCFs, as the host of the Path entry they add (a host name, compared
     *                    ignoring case, or an address block for an IP literal): {@code integrity-protected="tls-yes"}
     *                    counts only when the REGISTER's bottom Path is one of them (default loopback)
     */
    public record Sip(String host, Integer port, List<String> transports, String advertisedHost, Integer threads,
                      List<String> trustedPeers, List<String> trustedEdgeProxies) {
        public Sip {
            // the defaults every CSCF shares (SipListening); advertisedHost stays as configured (see serverHost())
            SipListening shared = new SipListening(host, port, transports, null, threads, null, null, null)
                    .resolve(5062);
            host = shared.host();
            port = shared.port();
            transports = shared.transports();
            threads = shared.threads();
            trustedPeers = trustedPeers == null ? List.of("127.0.0.0/8", "::1/128") : List.copyOf(trustedPeers);
            trustedEdgeProxies = trustedEdgeProxies == null ? List.of("127.0.0.0/8", "::1/128")
                    : List.copyOf(trustedEdgeProxies);
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
     * @param minExpires     shortest registration granted; shorter → 423 with Min-Expires (default 300 s)
     * @param maxExpires     longest registration granted (default 7200 s)
     * @param defaultExpires when the REGISTER names none (default 3600 s)
     * @param maxBindings    contacts per IMPU (default 5, profile D16)
     * @param expiryGrace    a binding outlives its expiry by this much (default 10 s, profile §7.3)
     * @param sweepInterval  how often expired bindings and auth contexts are swept (default 1 s)
     * @param tooManyBindings beyond {@code maxBindings}: {@code replace-oldest} (default: the bindings that expire
     *                       first are replaced, so a client reconnecting without +sip.instance is never locked out)
     *                       or {@code reject} (403 "Too many registrations")
     * @param orphanGrace    bindings of another S-CSCF expired for longer than this are removed by any S-CSCF
     *                       (their owner, which sweeps its own within seconds, is gone); no SAR is sent for them
     *                       (default 1 h)
     * @param reregistrationSarInterval a refresh by the same private identity and WWSF within this time of the
     *                       last SAR that assigned the IMPU here sends no SAR RE_REGISTRATION (profile D11; default
     *                       1 h; 0 = SAR on every refresh)
     */
    public record Registrar(Duration minExpires, Duration maxExpires, Duration defaultExpires, Integer maxBindings,
                            Duration expiryGrace, Duration sweepInterval, TooManyBindings tooManyBindings,
                            Duration orphanGrace, Duration reregistrationSarInterval) {
        public Registrar {
            minExpires = minExpires == null ? Duration.ofSeconds(300) : minExpires;
            maxExpires = maxExpires == null ? Duration.ofSeconds(7200) : maxExpires;
            defaultExpires = defaultExpires == null ? Duration.ofSeconds(3600) : defaultExpires;
            maxBindings = maxBindings == null ? 5 : maxBindings;
            expiryGrace = expiryGrace == null ? Duration.ofSeconds(10) : expiryGrace;
            sweepInterval = sweepInterval == null ? Duration.ofSeconds(1) : sweepInterval;
            tooManyBindings = tooManyBindings == null ? TooManyBindings.REPLACE_OLDEST : tooManyBindings;
            orphanGrace = orphanGrace == null ? Duration.ofHours(1) : orphanGrace;
            // profile D11: SAR RE_REGISTRATION at most once per hour for the same private identity and WWSF
            reregistrationSarInterval = reregistrationSarInterval == null ? Duration.ofHours(1)
                    : reregistrationSarInterval;
        }
    }

    /**
     * @param nonceKeys    HMAC keys for nonces, base64 (≥ 32 bytes), newest first; required
     * @param authTimeout  reg-await-auth: life of a challenge (default 240 s, 24.229 Table 7.8.1)
     * @param acceptAlgorithms algorithms this S-CSCF can verify (default MD5, SHA-256, SHA-512-256)
     * @param maxContexts  auth contexts (each holds H(A1)s) in memory at most; when full the oldest is dropped
     *                     (default 10,000)
     * @param maxContextsPerIdentity auth contexts per private identity; a new challenge drops that identity's
     *                     oldest (default 16: one web identity may answer challenges of several WWSFs, tabs or devices at once)
     */
    public record Digest(List<String> nonceKeys, Duration authTimeout, List<String> acceptAlgorithms,
                         Integer maxContexts, Integer maxContextsPerIdentity) {
        public Digest {
            nonceKeys = nonceKeys == null ? List.of() : List.copyOf(nonceKeys);
            authTimeout = authTimeout == null ? Duration.ofSeconds(240) : authTimeout;
            acceptAlgorithms = acceptAlgorithms == null ? List.of("MD5", "SHA-256", "SHA-512-256")
                    : List.copyOf(acceptAlgorithms);
            maxContexts = maxContexts == null ? 10_000 : maxContexts;
            maxContextsPerIdentity = maxContextsPerIdentity == null ? 16 : maxContextsPerIdentity;
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
     *                    the eP-CSCF saw it) that lock that identity for that source only (default 5); a success
     *                    resets the count
     * @param window      within this time (default 15 min)
     * @param duration    lock time (default 15 min)
     * @param identityMaxFailures digest answers for a private identity from all sources together that lock it
     *                    everywhere, against guessing spread over many addresses (default 50)
     */
    public record Lockout(Integer maxFailures, Duration window, Duration duration, Integer identityMaxFailures) {
        public Lockout {
            maxFailures = maxFailures == null ? 5 : maxFailures;
            identityMaxFailures = identityMaxFailures == null ? 50 : identityMaxFailures;
            window = window == null ? Duration.ofMinutes(15) : window;
            duration = duration == null ? Duration.ofMinutes(15) : duration;
        }
    }

    /**
     * SARs that must reach the HSS go through the {@code sar_outbox} table and are retried until the HSS answers.
     *
     * @param initialBackoff wait after the first failed attempt, doubled after each further one (default 1 s)
     * @param maxBackoff     longest wait between attempts (default 5 min)
     * @param pollInterval   how often due entries are looked for (default 1 s)
     * @param batchSize      entries claimed per round (default 100)
     */
    public record SarOutbox(Duration initialBackoff, Duration maxBackoff, Duration pollInterval, Integer batchSize) {
        public SarOutbox {
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
            batchSize = batchSize == null ? 100 : batchSize;
        }
    }

    /**
     * Session routing (issue 13, TS 24.229 §5.4.3).
     *
     * @param icscfUri where originating requests go after the S-CSCF ({@code Route: <icscf-uri;lr>}, 24.229
     *                 §5.4.3.2: the terminating side is found through the I-CSCF's LIR); default the I-CSCF of a
     *                 local run, {@code sip:127.0.0.1:5060;transport=tcp}
     * @param timerC   an INVITE branch without a final response this long after its last provisional one is
     *                 cancelled and counts as 408 (RFC 3261 §16.6 step 11, §16.8; default 180 s)
     */
    public record Routing(String icscfUri, Duration timerC) {
        public Routing {
            icscfUri = icscfUri == null || icscfUri.isBlank() ? "sip:127.0.0.1:5060;transport=tcp" : icscfUri.trim();
            timerC = timerC == null ? Duration.ofSeconds(180) : timerC;
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
