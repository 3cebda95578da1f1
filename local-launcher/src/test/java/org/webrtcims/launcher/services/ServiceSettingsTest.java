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
    void eachCallerUsesTheTokenTheCalleeKnowsWithTheRoleOfTheLink() {
        Map<String, Object> proxy = settings.get(Service.WEB_AUTH_PROXY);
        Map<String, Object> hss = settings.get(Service.HSS);
        Map<String, Object> scscf = settings.get(Service.SCSCF);
        assertThat(hss.get("hss.av-proxy.token")).isEqualTo(proxy.get("api-auth.clients[0].token"));
        assertThat(proxy.get("api-auth.clients[0].role")).isEqualTo("INTERNAL");
        assertThat(proxy.get("api-auth.clients[1].role")).isEqualTo("SYNC");
        assertThat(proxy.get("api-auth.clients[1].scopes")).isEqualTo("*");
        for (Map.Entry<Service, String> cscf : Map.of(Service.SCSCF, "scscf.hss.token", Service.ICSCF,
                "icscf.hss.token", Service.EP_CSCF, "epcscf.hss.token").entrySet()) {
            assertThat(settings.get(cscf.getKey()).get(cscf.getValue()))
                    .isEqualTo(hss.get("api-auth.clients[0].token"));
        }
        assertThat(hss.get("api-auth.clients[0].role")).isEqualTo("INTERNAL");
        assertThat(hss.get("api-auth.clients[1].role")).isEqualTo("ADMIN");
        assertThat(hss.get("hss.deregistration-notices.token")).isEqualTo(scscf.get("api-auth.clients[0].token"));
        assertThat(scscf.get("api-auth.clients[0].role")).isEqualTo("INTERNAL");
        // profile §5.4: the proxy notifies the HSS of revocations with a token of its own
        assertThat(proxy.get("web-auth-proxy.hss.token")).isEqualTo(hss.get("api-auth.clients[2].token"));
        assertThat(hss.get("api-auth.clients[2].role")).isEqualTo("INTERNAL");
        assertThat(proxy.get("web-auth-proxy.hss.token")).isNotIn(hss.get("api-auth.clients[0].token"),
                hss.get("api-auth.clients[1].token"), proxy.get("api-auth.clients[0].token"));
        assertThat(proxy.get("web-auth-proxy.hss.base-url")).isEqualTo("http://127.0.0.1:" + ((Number) hss.get("server.port")));
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
    }
}
