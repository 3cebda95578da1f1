package org.webrtcims.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.launcher.postgres.JdbcTarget;
import org.webrtcims.launcher.secrets.LocalSecrets;
import org.webrtcims.launcher.services.ServiceSettings.Network;

class ServiceSettingsTest {

    private final LocalSecrets secrets = LocalSecrets.generate();
    private final Network network = new Network("127.0.0.1", Ports.defaults());
    private final Map<Service, Map<String, Object>> settings = ServiceSettings.of(network, secrets, Map.of(
                    Service.WEB_AUTH_PROXY, new JdbcTarget("jdbc:postgresql://localhost:5432/web_auth_proxy", "u", "p"),
                    Service.HSS, new JdbcTarget("jdbc:postgresql://localhost:5432/hss", "u", "p"),
                    Service.SCSCF, new JdbcTarget("jdbc:postgresql://localhost:5432/scscf", "u", "p")),
            Map.of(Service.SCSCF, Map.of("scscf.registrar.min-expires", "2s")));

    @Test
    void eachCallerUsesItsOwnTokenWhichTheCalleeKnowsWithTheRoleOfTheLink() {
        Map<String, Object> proxy = settings.get(Service.WEB_AUTH_PROXY);
        Map<String, Object> hss = settings.get(Service.HSS);
        Map<String, Object> scscf = settings.get(Service.SCSCF);
        assertThat(hss.get("hss.av-proxy.token")).isEqualTo(proxy.get("api-auth.clients[0].token"));
        assertThat(proxy.get("api-auth.clients[0].role")).isEqualTo("HSS");
        assertThat(proxy.get("api-auth.clients[1].role")).isEqualTo("ADMIN");
        assertThat(proxy.keySet()).noneMatch(key -> key.contains("scopes"));
        assertThat(proxy.get("web-auth-proxy.hss.token")).isEqualTo(hss.get("api-auth.clients[4].token"));
        assertThat(hss.get("api-auth.clients[4].role")).isEqualTo("WEB_AUTH_PROXY");
        assertThat(scscf.get("scscf.hss.token")).isEqualTo(hss.get("api-auth.clients[0].token"));
        assertThat(hss.get("api-auth.clients[0].role")).isEqualTo("S_CSCF");
        assertThat(hss.get("api-auth.clients[0].scopes[0]")).isEqualTo(scscf.get("scscf.server-name"));
        assertThat(settings.get(Service.ICSCF).get("icscf.hss.token")).isEqualTo(hss.get("api-auth.clients[2].token"));
        assertThat(hss.get("api-auth.clients[2].role")).isEqualTo("I_CSCF");
        assertThat(settings.get(Service.EP_CSCF).get("epcscf.hss.token"))
                .isEqualTo(hss.get("api-auth.clients[3].token"));
        assertThat(hss.get("api-auth.clients[3].role")).isEqualTo("EP_CSCF");
        assertThat(hss.get("api-auth.clients[1].role")).isEqualTo("ADMIN");
        assertThat(hss.get("hss.deregistration-notices.token")).isEqualTo(scscf.get("api-auth.clients[0].token"));
        assertThat(scscf.get("api-auth.clients[0].role")).isEqualTo("HSS");
        java.util.List<Object> tokens = settings.values().stream().flatMap(m -> m.entrySet().stream())
                .filter(e -> e.getKey().startsWith("api-auth.clients") && e.getKey().endsWith(".token"))
                .map(Map.Entry::getValue).toList();
        assertThat(tokens).as("a distinct secret per caller").doesNotHaveDuplicates().hasSize(8);
    }

    @Test
    void managementEndpointsHaveTheirOwnPortPerService() {
        for (Service service : Service.values()) {
            assertThat(settings.get(service).get("management.server.port")).as(service.toString())
                    .isEqualTo(Ports.defaults().management(service))
                    .isNotEqualTo(settings.get(service).get("server.port"));
        }
        Ports random = Ports.random("127.0.0.1");
        assertThat(java.util.stream.Stream.of(Service.values()).map(random::management).distinct()).hasSize(5)
                .doesNotContainAnyElementsOf(java.util.stream.Stream.of(Service.values()).map(random::http).toList());
    }

    @Test
    void theHssAssignsTheScscfByTheServerNameItAnnouncesAndTheEpCscfSendsToTheIcscf() {
        assertThat(settings.get(Service.HSS).get("hss.scscfs[0].name"))
                .isEqualTo(settings.get(Service.SCSCF).get("scscf.server-name"))
                .isEqualTo("sip:127.0.0.1:5062;transport=tcp");
        assertThat(settings.get(Service.HSS).get("hss.scscfs[0].notify-url")).isEqualTo("http://127.0.0.1:8093");
        Map<String, Object> epcscf = settings.get(Service.EP_CSCF);
        assertThat(epcscf).containsEntry("epcscf.icscf-uri", "sip:127.0.0.1:5060;transport=tcp")
                .containsEntry("epcscf.websocket.allow-plain", true)
                .containsEntry("epcscf.wwsfs.source", "hss")
                .containsEntry("epcscf.hss.base-url", "http://127.0.0.1:8091")
                .containsEntry("epcscf.sip.port", 5064)
                .containsEntry("server.port", 8094);
    }

    @Test
    void onlyTheServicesThatOwnDataGetADatabaseAndOverridesComeLast() {
        assertThat(settings.get(Service.HSS)).containsEntry("spring.datasource.url",
                "jdbc:postgresql://localhost:5432/hss");
        assertThat(settings.get(Service.ICSCF)).doesNotContainKey("spring.datasource.url");
        assertThat(settings.get(Service.EP_CSCF)).doesNotContainKey("spring.datasource.url");
        assertThat(settings.get(Service.SCSCF)).containsEntry("scscf.registrar.min-expires", "2s");
    }

    @Test
    void bindingEveryInterfaceAdvertisesLoopback() {
        Network everywhere = new Network("0.0.0.0", Ports.defaults());
        assertThat(everywhere.httpBaseUrl(Service.HSS)).isEqualTo("http://127.0.0.1:8091");
        assertThat(ServiceSettings.of(everywhere, secrets, Map.of(), Map.of()).get(Service.ICSCF))
                .containsEntry("icscf.sip.host", "0.0.0.0").doesNotContainKey("icscf.trusted-peers[2]");
        assertThat(ServiceSettings.of(everywhere, secrets, Map.of(), Map.of()).get(Service.SCSCF))
                .containsEntry("scscf.sip.trusted-peers[0]", "127.0.0.0/8")
                .containsEntry("scscf.sip.trusted-edge-proxies[0]", "127.0.0.0/8")
                .doesNotContainKey("scscf.sip.trusted-peers[2]");
    }
}
