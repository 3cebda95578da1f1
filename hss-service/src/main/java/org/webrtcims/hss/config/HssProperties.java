package org.webrtcims.hss.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the HSS ({@code hss.*}).
 *
 * @param scscfs                 the S-CSCFs the HSS assigns users to (UAR capabilities) and notifies (RTR)
 * @param allowedVisitedNetworks visited network identifiers a UAR may carry; empty (default) allows any
 * @param avProxy                the web-auth proxy that supplies digest vectors
 * @param deregistrationNotices  delivery of RTR callbacks to S-CSCFs
 * @param admin                  limits of the admin API
 * @param cx                     the Cx API's in-memory model
 */
@ConfigurationProperties("hss")
public record HssProperties(List<Scscf> scscfs, List<String> allowedVisitedNetworks, AvProxy avProxy,
                            DeregistrationNotices deregistrationNotices, Admin admin,
                            Cx cx) {

    public HssProperties {
        scscfs = scscfs == null ? List.of() : List.copyOf(scscfs);
        allowedVisitedNetworks = allowedVisitedNetworks == null ? List.of() : List.copyOf(allowedVisitedNetworks);
        avProxy = avProxy == null ? new AvProxy(null, null, null, null) : avProxy;
        deregistrationNotices = deregistrationNotices == null
                ? new DeregistrationNotices(null, null, null, null, null) : deregistrationNotices;
        admin = admin == null ? new Admin(null) : admin;
        cx = cx == null ? new Cx(null, null, null) : cx;
    }

    public Optional<Scscf> scscf(String name) {
        return scscfs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * @param name                 Server-Name, a SIP URI (e.g. {@code sip:scscf1.ims.example.net:5060;transport=tcp})
     * @param notifyUrl            base URL of its {@code /cx-notify/v1/...} callbacks
     * @param mandatoryCapabilities capabilities it has that a user may require (TS 29.228 §6.7)
     * @param optionalCapabilities  further capabilities
     */
    public record Scscf(String name, URI notifyUrl, List<Integer> mandatoryCapabilities,
                        List<Integer> optionalCapabilities) {
        public Scscf {
            mandatoryCapabilities = mandatoryCapabilities == null ? List.of() : List.copyOf(mandatoryCapabilities);
            optionalCapabilities = optionalCapabilities == null ? List.of() : List.copyOf(optionalCapabilities);
        }
    }

    /**
     * @param baseUrl         the proxy (default {@code http://localhost:8090})
     * @param token           the HSS's bearer token at the proxy (role HSS there)
     * @param connectTimeout  TCP connect timeout (default 1s)
     * @param responseTimeout time for the whole answer (default 2s); beyond it MAR answers 504
     */
    public record AvProxy(URI baseUrl, String token, Duration connectTimeout, Duration responseTimeout) {
        public AvProxy {
            baseUrl = baseUrl == null ? URI.create("http://localhost:8090") : baseUrl;
            token = token == null ? "" : token;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
            responseTimeout = responseTimeout == null ? Duration.ofSeconds(2) : responseTimeout;
        }

        @Override
        public String toString() {
            return "AvProxy[" + baseUrl + ", token=<redacted>]";
        }
    }

    /**
     * @param token          the HSS's bearer token at the S-CSCFs' cx-notify API
     * @param pollInterval   how often pending notices are (re)sent (default 1s)
     * @param requestTimeout time an S-CSCF has to answer (default 2s)
     * @param maxBackoff     longest wait between two attempts of one notice (default 5m)
     * @param connectTimeout TCP connect timeout toward an S-CSCF (default 1s)
     */
    public record DeregistrationNotices(String token, Duration pollInterval, Duration requestTimeout,
                                        Duration maxBackoff, Duration connectTimeout) {
        public DeregistrationNotices {
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
            token = token == null ? "" : token;
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(2) : requestTimeout;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
        }

        @Override
        public String toString() {
            return "DeregistrationNotices[token=<redacted>, pollInterval=" + pollInterval + "]";
        }
    }

    /** @param maxImportItems mappings accepted in one import call (default 10000) */
    public record Admin(Integer maxImportItems) {
        public Admin {
            maxImportItems = maxImportItems == null ? 10_000 : maxImportItems;
        }
    }

    /**
     * The Cx API's in-memory model (README "In-memory model").
     *
     * @param listenerCheckInterval how long the change listener waits for notifications before it checks its
     *                              connection with a round trip (default 500ms)
     * @param listenerLease         how long after its last successful check the listener is trusted; beyond it (a
     *                              hung or silently cut connection) Cx reads the versions from the database per
     *                              request until the listener checks in again (default 3s)
     * @param changeLogRetention    how long rows of {@code provisioning_change} are kept (default 1h); an instance
     *                              further behind reloads everything
     */
    public record Cx(Duration listenerCheckInterval, Duration listenerLease, Duration changeLogRetention) {
        public Cx {
            listenerCheckInterval = listenerCheckInterval == null ? Duration.ofMillis(500) : listenerCheckInterval;
            listenerLease = listenerLease == null ? Duration.ofSeconds(3) : listenerLease;
            changeLogRetention = changeLogRetention == null ? Duration.ofHours(1) : changeLogRetention;
            if (listenerCheckInterval.isNegative() || listenerCheckInterval.isZero()
                    || listenerLease.compareTo(listenerCheckInterval) <= 0) {
                throw new IllegalArgumentException(
                        "hss.cx.listener-check-interval must be > 0 and hss.cx.listener-lease longer than it");
            }
        }
    }
}
