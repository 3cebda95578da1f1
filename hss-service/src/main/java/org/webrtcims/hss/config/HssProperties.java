package org.webrtcims.hss.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HSS ({@code hss.*}). Every default is the {@link DefaultValue} of its component; the
 * configuration processor copies them and the {@code @param} texts into the metadata the README's table is made from.
 *
 * @param scscfs                 the S-CSCFs the HSS assigns users to (UAR capabilities) and notifies (RTR)
 * @param allowedVisitedNetworks visited network identifiers a UAR may carry; empty allows any
 * @param avProxy                the web-auth proxy that supplies digest vectors
 * @param deregistrationNotices  delivery of RTR callbacks to S-CSCFs
 * @param admin                  limits of the admin API
 * @param cx                     the Cx API's in-memory model
 */
@ConfigurationProperties("hss")
public record HssProperties(List<Scscf> scscfs, List<String> allowedVisitedNetworks, @DefaultValue AvProxy avProxy,
                            @DefaultValue DeregistrationNotices deregistrationNotices, @DefaultValue Admin admin,
                            @DefaultValue Cx cx) {

    public HssProperties {
        scscfs = scscfs == null ? List.of() : List.copyOf(scscfs);
        allowedVisitedNetworks = allowedVisitedNetworks == null ? List.of() : List.copyOf(allowedVisitedNetworks);
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
     * @param baseUrl         the proxy
     * @param token           the HSS's bearer token at the proxy (role HSS there)
     * @param connectTimeout  TCP connect timeout
     * @param responseTimeout time for the whole answer; beyond it MAR answers 504
     */
    public record AvProxy(@DefaultValue("http://localhost:8090") URI baseUrl, @DefaultValue("") String token,
                          @DefaultValue("1s") Duration connectTimeout, @DefaultValue("2s") Duration responseTimeout) {

        @Override
        public String toString() {
            return "AvProxy[" + baseUrl + ", token=<redacted>]";
        }
    }

    /**
     * @param token          the HSS's bearer token at the S-CSCFs' cx-notify API
     * @param pollInterval   how often pending notices are (re)sent
     * @param requestTimeout time an S-CSCF has to answer
     * @param maxBackoff     longest wait between two attempts of one notice
     * @param connectTimeout TCP connect timeout toward an S-CSCF
     */
    public record DeregistrationNotices(@DefaultValue("") String token, @DefaultValue("1s") Duration pollInterval,
                                        @DefaultValue("2s") Duration requestTimeout,
                                        @DefaultValue("5m") Duration maxBackoff,
                                        @DefaultValue("1s") Duration connectTimeout) {

        @Override
        public String toString() {
            return "DeregistrationNotices[token=<redacted>, pollInterval=" + pollInterval + "]";
        }
    }

    /** @param maxImportItems mappings accepted in one import call */
    public record Admin(@DefaultValue("10000") Integer maxImportItems) {
    }

    /**
     * The Cx API's in-memory model (README "In-memory model").
     *
     * @param listenerCheckInterval how long the change listener waits for notifications before it checks its
     *                              connection with a round trip
     * @param listenerLease         how long after its last successful check the listener is trusted; beyond it (a
     *                              hung or silently cut connection) Cx reads the versions from the database per
     *                              request until the listener checks in again
     * @param changeLogRetention    how long rows of {@code provisioning_change} are kept; an instance
     *                              further behind reloads everything
     */
    public record Cx(@DefaultValue("500ms") Duration listenerCheckInterval, @DefaultValue("3s") Duration listenerLease,
                     @DefaultValue("1h") Duration changeLogRetention) {
        public Cx {
            if (listenerCheckInterval.isNegative() || listenerCheckInterval.isZero()
                    || listenerLease.compareTo(listenerCheckInterval) <= 0) {
                throw new IllegalArgumentException(
                        "hss.cx.listener-check-interval must be > 0 and hss.cx.listener-lease longer than it");
            }
        }
    }
}
