package org.webrtcims.scscf.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.webrtcims.cx.client.HssConnection;

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
 */
@ConfigurationProperties("scscf")
public record ScscfProperties(String serverName, Sip sip, HssConnection hss, Registrar registrar, Digest digest,
                              Lockout lockout, SarOutbox sarOutbox) {

    public ScscfProperties {
        sip = sip == null ? new Sip(null, null, null, null, null) : sip;
        hss = hss == null ? new HssConnection(null, null, null, null) : hss;
        registrar = registrar == null ? new Registrar(null, null, null, null, null, null, null) : registrar;
        digest = digest == null ? new Digest(null, null, null) : digest;
        lockout = lockout == null ? new Lockout(null, null, null) : lockout;
        sarOutbox = sarOutbox == null ? new SarOutbox(null, null, null, null) : sarOutbox;
    }

    /**
     * @param host        address to bind (default {@code 0.0.0.0})
     * @param port        SIP port (default 5062)
     * @param transports  default {@code tcp, udp}
     * @param advertisedHost host put into Service-Route (default: the Server-Name's host)
     * @param threads     SIP stack threads (default 8)
     */
    public record Sip(String host, Integer port, List<String> transports, String advertisedHost, Integer threads) {
        public Sip {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 5062 : port;
            transports = transports == null ? List.of("tcp", "udp") : List.copyOf(transports);
            threads = threads == null ? 8 : threads;
        }
    }

    /**
     * @param minExpires     shortest registration granted; shorter → 423 with Min-Expires (default 300 s)
     * @param maxExpires     longest registration granted (default 7200 s)
     * @param defaultExpires when the REGISTER names none (default 3600 s)
     * @param maxBindings    contacts per IMPU; more → 403 (default 5, profile D16)
     * @param expiryGrace    a binding outlives its expiry by this much (default 10 s, profile §7.3)
     * @param sweepInterval  how often expired bindings and auth contexts are swept (default 1 s)
     * @param orphanGrace    bindings of another S-CSCF expired for longer than this are removed by any S-CSCF
     *                       (their owner, which sweeps its own within seconds, is gone); no SAR is sent for them
     *                       (default 1 h)
     */
    public record Registrar(Duration minExpires, Duration maxExpires, Duration defaultExpires, Integer maxBindings,
                            Duration expiryGrace, Duration sweepInterval, Duration orphanGrace) {
        public Registrar {
            minExpires = minExpires == null ? Duration.ofSeconds(300) : minExpires;
            maxExpires = maxExpires == null ? Duration.ofSeconds(7200) : maxExpires;
            defaultExpires = defaultExpires == null ? Duration.ofSeconds(3600) : defaultExpires;
            maxBindings = maxBindings == null ? 5 : maxBindings;
            expiryGrace = expiryGrace == null ? Duration.ofSeconds(10) : expiryGrace;
            sweepInterval = sweepInterval == null ? Duration.ofSeconds(1) : sweepInterval;
            orphanGrace = orphanGrace == null ? Duration.ofHours(1) : orphanGrace;
        }
    }

    /**
     * @param nonceKeys    HMAC keys for nonces, base64 (≥ 32 bytes), newest first; required
     * @param authTimeout  reg-await-auth: life of a challenge (default 240 s, 24.229 Table 7.8.1)
     * @param acceptAlgorithms algorithms this S-CSCF can verify (default MD5, SHA-256, SHA-512-256)
     */
    public record Digest(List<String> nonceKeys, Duration authTimeout, List<String> acceptAlgorithms) {
        public Digest {
            nonceKeys = nonceKeys == null ? List.of() : List.copyOf(nonceKeys);
            authTimeout = authTimeout == null ? Duration.ofSeconds(240) : authTimeout;
            acceptAlgorithms = acceptAlgorithms == null ? List.of("MD5", "SHA-256", "SHA-512-256")
                    : List.copyOf(acceptAlgorithms);
        }

        @Override
        public String toString() {
            return "Digest[nonceKeys=<" + nonceKeys.size() + " redacted>, authTimeout=" + authTimeout + "]";
        }
    }

    /**
     * @param maxFailures failures that lock a private identity (default 5)
     * @param window      within this time (default 15 min)
     * @param duration    lock time (default 15 min)
     */
    public record Lockout(Integer maxFailures, Duration window, Duration duration) {
        public Lockout {
            maxFailures = maxFailures == null ? 5 : maxFailures;
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

    /** The host of the Server-Name, for Service-Route and Warning headers. */
    public String serverHost() {
        if (sip.advertisedHost() != null) {
            return sip.advertisedHost();
        }
        String uri = serverName.replaceFirst("^sips?:", "");
        int semicolon = uri.indexOf(';');
        return semicolon < 0 ? uri : uri.substring(0, semicolon);
    }

}
