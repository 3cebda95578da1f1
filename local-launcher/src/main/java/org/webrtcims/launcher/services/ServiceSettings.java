package org.webrtcims.launcher.services;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.webrtcims.launcher.postgres.JdbcTarget;
import org.webrtcims.launcher.secrets.LocalSecrets;

/**
 * The settings each service is started with, by the names of its {@code <service>.yml} and settings records: where
 * it listens, which database it owns, the tokens of the links of docs/architecture.md ("Nodes and links": one
 * token per caller, with the callee's role for it) and the keys. The caller's overrides come last and win.
 */
public final class ServiceSettings {

    private ServiceSettings() {
    }

    /**
     * @param network   bind address, advertised address and ports
     * @param secrets   tokens and keys
     * @param databases the database of each service that owns data (proxy, HSS, S-CSCF)
     * @param overrides extra settings per service, e.g. shorter timers in tests
     */
    public static Map<Service, Map<String, Object>> of(Network network, LocalSecrets secrets,
                                                       Map<Service, JdbcTarget> databases,
                                                       Map<Service, Map<String, Object>> overrides) {
        Map<Service, Map<String, Object>> all = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            Map<String, Object> settings = common(network, service);
            JdbcTarget database = databases.get(service);
            if (database != null) {
                settings.put("spring.datasource.url", database.url());
                settings.put("spring.datasource.username", database.user());
                settings.put("spring.datasource.password", database.password());
            }
            switch (service) {
                case WEB_AUTH_PROXY -> proxy(settings, network, secrets);
                case HSS -> hss(settings, network, secrets);
                case SCSCF -> scscf(settings, network, secrets);
                case ICSCF -> icscf(settings, network, secrets);
                case EP_CSCF -> epcscf(settings, network, secrets);
            }
            settings.putAll(overrides.getOrDefault(service, Map.of()));
            all.put(service, settings);
        }
        return all;
    }

    private static Map<String, Object> common(Network network, Service service) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("server.port", network.ports().http(service));
        // probes and metrics on their own port, not on the API/WebSocket port (issue 11)
        settings.put("management.server.port", network.ports().management(service));
        settings.put("management.server.address", network.bindHost());
        settings.put("server.address", network.bindHost());
        // the launcher's own shutdown hook stops the services in order; Boot's hook would stop logging first
        settings.put("logging.register-shutdown-hook", false);
        // the logged application name is a JVM-wide system property set by the first service only: it would label
        // every service's lines with the proxy's name
        settings.put("logging.include-application-name", false);
        return settings;
    }

    /**
     * Callers: the HSS fetches vectors (HSS), the operator provisions (ADMIN: syncs for every WWSF; no '*' scope).
     * It notifies the HSS of credential changes with its own token (WEB_AUTH_PROXY there).
     */
    private static void proxy(Map<String, Object> settings, Network network, LocalSecrets secrets) {
        apiClient(settings, 0, "hss", secrets.proxyHssToken(), "HSS");
        apiClient(settings, 1, "operator", secrets.proxyAdminToken(), "ADMIN");
        // revocations reach the HSS, which de-registers the user (profile §5.4)
        settings.put("web-auth-proxy.hss.base-url", network.httpBaseUrl(Service.HSS));
        settings.put("web-auth-proxy.hss.token", secrets.hssProxyToken());
        settings.put("web-auth-proxy.encryption.active-key-id", secrets.ha1KeyId());
        settings.put("web-auth-proxy.encryption.keys." + secrets.ha1KeyId(), secrets.ha1Key());
    }

    /**
     * Callers, one token each: the S-CSCF (S_CSCF, only its Server-Name), the I-CSCF (I_CSCF), the eP-CSCF (EP_CSCF),
     * the operator (ADMIN), the proxy (WEB_AUTH_PROXY). It calls the proxy and, for RTR, the S-CSCF.
     */
    private static void hss(Map<String, Object> settings, Network network, LocalSecrets secrets) {
        apiClient(settings, 0, "scscf", secrets.hssScscfToken(), "S_CSCF");
        settings.put("api-auth.clients[0].scopes[0]", network.scscfName());
        apiClient(settings, 1, "operator", secrets.hssAdminToken(), "ADMIN");
        apiClient(settings, 2, "icscf", secrets.hssIcscfToken(), "I_CSCF");
        apiClient(settings, 3, "ep-cscf", secrets.hssEpcscfToken(), "EP_CSCF");
        apiClient(settings, 4, "web-auth-proxy", secrets.hssProxyToken(), "WEB_AUTH_PROXY");
        settings.put("hss.av-proxy.base-url", network.httpBaseUrl(Service.WEB_AUTH_PROXY));
        settings.put("hss.av-proxy.token", secrets.proxyHssToken());
        settings.put("hss.scscfs[0].name", network.scscfName());
        settings.put("hss.scscfs[0].notify-url", network.httpBaseUrl(Service.SCSCF));
        settings.put("hss.deregistration-notices.token", secrets.scscfNotifyToken());
    }

    /** Caller: the HSS's RTR (HSS). Its Server-Name is the one the HSS assigns users to. */
    private static void scscf(Map<String, Object> settings, Network network, LocalSecrets secrets) {
        apiClient(settings, 0, "hss", secrets.scscfNotifyToken(), "HSS");
        settings.put("scscf.server-name", network.scscfName());
        settings.put("scscf.sip.host", network.bindHost());
        settings.put("scscf.sip.port", network.ports().scscfSip());
        settings.put("scscf.hss.base-url", network.httpBaseUrl(Service.HSS));
        settings.put("scscf.hss.token", secrets.hssScscfToken());
        settings.put("scscf.digest.nonce-keys[0]", secrets.scscfNonceKey());
        // originating sessions go on to the I-CSCF (issue 13)
        settings.put("scscf.routing.icscf-uri", "sip:" + network.advertisedHost() + ":" + network.ports().icscfSip()
                + ";transport=tcp");
        // SIP only from the I-CSCF and eP-CSCF, whose Path (the eP-CSCF's advertised host) makes tls-yes count:
        // loopback, plus the advertised address when it is not a loopback one (issue 11)
        for (String list : new String[] {"scscf.sip.trusted-peers", "scscf.sip.trusted-edge-proxies"}) {
            settings.put(list + "[0]", "127.0.0.0/8");
            settings.put(list + "[1]", "::1/128");
            network.nonLoopbackAddress().ifPresent(address ->
                    settings.put(list + "[2]", address + (address.contains(":") ? "/128" : "/32")));
        }
    }

    /** It admits REGISTERs only from trusted blocks: loopback by default, plus the eP-CSCF's own address. */
    private static void icscf(Map<String, Object> settings, Network network, LocalSecrets secrets) {
        settings.put("icscf.sip.host", network.bindHost());
        settings.put("icscf.sip.port", network.ports().icscfSip());
        settings.put("icscf.hss.base-url", network.httpBaseUrl(Service.HSS));
        settings.put("icscf.hss.token", secrets.hssIcscfToken());
        settings.put("icscf.trusted-peers[0]", "127.0.0.0/8");
        settings.put("icscf.trusted-peers[1]", "::1/128");
        network.nonLoopbackAddress().ifPresent(address ->
                settings.put("icscf.trusted-peers[2]", address + (address.contains(":") ? "/128" : "/32")));
    }

    /**
     * Plain ws:// (development mode: no TLS here), REGISTERs to the I-CSCF over TCP, the Origin → WWSF list from the
     * HSS's WWSF records (read with the eP-CSCF's own token, role EP_CSCF).
     */
    private static void epcscf(Map<String, Object> settings, Network network, LocalSecrets secrets) {
        settings.put("epcscf.websocket.allow-plain", true);
        settings.put("epcscf.icscf-uri", "sip:" + network.advertisedHost() + ":" + network.ports().icscfSip()
                + ";transport=tcp");
        settings.put("epcscf.wwsfs.source", "hss");
        settings.put("epcscf.hss.base-url", network.httpBaseUrl(Service.HSS));
        settings.put("epcscf.hss.token", secrets.hssEpcscfToken());
        settings.put("epcscf.sip.host", network.bindHost());
        settings.put("epcscf.sip.port", network.ports().epcscfSip());
        settings.put("epcscf.flows.token-key", secrets.epcscfFlowKey());
    }

    /**
     * Where the services listen and how they name each other.
     *
     * @param bindHost address every HTTP and SIP listener binds
     * @param ports    the ports
     */
    public record Network(String bindHost, Ports ports) {

        /** The address others use: the bind address, or 127.0.0.1 when bound to every interface. */
        public String advertisedHost() {
            return "0.0.0.0".equals(bindHost) || "::".equals(bindHost) ? "127.0.0.1" : bindHost;
        }

        public String httpBaseUrl(Service service) {
            return "http://" + advertisedHost() + ":" + ports.http(service);
        }

        /** Where the service's probes and metrics are (management port). */
        public String managementBaseUrl(Service service) {
            return "http://" + advertisedHost() + ":" + ports.management(service);
        }

        /** The S-CSCF's Server-Name, the SIP URI the HSS hands the I-CSCF (UAA) and pins at MAR. */
        public String scscfName() {
            return "sip:" + advertisedHost() + ":" + ports.scscfSip() + ";transport=tcp";
        }

        /** The advertised address when it is not a loopback one (the eP-CSCF then connects from it). */
        Optional<String> nonLoopbackAddress() {
            try {
                InetAddress address = InetAddress.getByName(advertisedHost());
                return address.isLoopbackAddress() ? Optional.empty()
                        : Optional.of(address.getHostAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Unknown host " + advertisedHost(), e);
            }
        }
    }

    /** One caller of a service's API ({@code api-auth.clients[i]}, bearer-token-auth). */
    private static void apiClient(Map<String, Object> settings, int index, String name, String token, String role) {
        String prefix = "api-auth.clients[" + index + "].";
        settings.put(prefix + "name", name);
        settings.put(prefix + "token", token);
        settings.put(prefix + "role", role);
    }
}
