package org.webrtcims.hss;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Authorization on what is routed (issue 11, findings 1 and 2): a path trick never lets a caller reach an operation
 * its role is not admitted to, each CSCF credential opens only its own Cx operations, an operator never Cx, and an
 * S-CSCF credential only its own Server-Name. Real HTTP against the running HSS and PostgreSQL.
 */
class CxAuthorizationTest extends HssIntegrationTest {

    private WebTestClient.ResponseSpec marAt(WebTestClient caller, String rawPath, User user) {
        return caller.post().uri(encoded(rawPath)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impu", user.impu(), "wwsfIdentity", user.wwsf(), "serverName", SCSCF1,
                        "authScheme", "SIP Digest", "numberAuthItems", 1))
                .exchange();
    }

    private String marPath(User user) {
        return "/cx/v1/impis/" + enc(user.webIdentity()) + "/auth-data";
    }

    @Test
    void adminTokenGetsNoHa1ThroughMatrixParametersOrEncodedLetters() {
        User user = provisionUser("md5-only");
        String tail = marPath(user).substring("/cx".length());
        for (String trick : new String[] {"/cx;x=1" + tail, "/%63x" + tail, "/%63%78" + tail, "/cx" + tail + ";x"}) {
            marAt(admin(), trick, user).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.cause").isEqualTo("NON_CANONICAL_PATH")
                    .jsonPath("$.authDataItems").doesNotExist();
        }
    }

    @Test
    void encodedSlashesDotSegmentsAndDoubleSlashesAreRefusedBeforeAnyRule() {
        User user = provisionUser("md5-only");
        String mar = marPath(user);
        for (String trick : new String[] {
                "/admin/..%2F" + mar.substring(1), "/admin/%2E%2E" + mar, "/admin/%2e%2e" + mar,
                "/admin/.." + mar, "/admin/." + mar, "/" + mar, "/cx/" + mar.substring(4).replace("/", "//"),
                "/cx%2Fv1" + mar.substring("/cx/v1".length()), "/cx%5Cv1" + mar.substring("/cx/v1".length()),
                mar.replace("auth-data", "auth%2Ddata")}) {
            for (WebTestClient caller : new WebTestClient[] {admin(), icscf(), epcscf()}) {
                marAt(caller, trick, user).expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.cause").isEqualTo("NON_CANONICAL_PATH");
            }
        }
    }

    @Test
    void upperCasePathReachesNoControllerWithAnAdminToken() {
        User user = provisionUser("md5-only");
        String mar = marPath(user);
        for (String trick : new String[] {"/CX" + mar.substring(3), mar.replace("/impis/", "/IMPIS/"),
                mar.replace("auth-data", "AUTH-DATA")}) {
            marAt(admin(), trick, user).expectStatus().value(status ->
                    org.assertj.core.api.Assertions.assertThat(status).isIn(403, 404));
        }
    }

    @Test
    void encodedIdentitiesInCxPathsKeepWorking() {
        User user = provisionUser("md5-only");
        // ':' '@' ';' '+' travel encoded; the HSS decodes them (profile §5.2)
        marAt(scscf(SCSCF1), marPath(user), user).expectStatus().isOk()
                .expectBody().jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestHa1").isEqualTo(MD5_HA1);
        lir("sip:+15550001@ims.example.net;user=phone").expectStatus().isNotFound()
                .expectBody().jsonPath("$.cause").isEqualTo("USER_UNKNOWN");
    }

    @Test
    void epCscfCredentialCallingMarGets403() {
        User user = provisionUser("md5-only");
        mar(epcscf(), user, SCSCF1).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED").jsonPath("$.authDataItems").doesNotExist();
        sar(epcscf(), user, SCSCF1, "REGISTRATION").expectStatus().isForbidden();
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();
        epcscf().post().uri(encoded("/cx/v1/impus/" + enc(user.impu()) + "/authorize"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isForbidden();
    }

    @Test
    void iCscfCredentialCallingMarOrSarGets403() {
        User user = provisionUser("md5-only");
        mar(icscf(), user, SCSCF1).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED").jsonPath("$.authDataItems").doesNotExist();
        sar(icscf(), user, SCSCF1, "REGISTRATION").expectStatus().isForbidden();
        icscf().get().uri("/cx/v1/wwsfs").exchange().expectStatus().isForbidden();
    }

    @Test
    void scscfCredentialMayNotCallUarLirOrTheWwsfList() {
        User user = provisionUser("md5-only");
        scscf(SCSCF1).post().uri(encoded("/cx/v1/impus/" + enc(user.impu()) + "/authorize"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isForbidden();
        scscf(SCSCF1).get().uri(encoded("/cx/v1/impus/" + enc(user.impu()) + "/location")).exchange()
                .expectStatus().isForbidden();
        scscf(SCSCF1).get().uri("/cx/v1/wwsfs").exchange().expectStatus().isForbidden();
    }

    @Test
    void adminCallingCxGets403() {
        User user = provisionUser("md5-only");
        mar(admin(), user, SCSCF1).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED");
        sar(admin(), user, SCSCF1, "REGISTRATION").expectStatus().isForbidden();
        admin().get().uri("/cx/v1/wwsfs").exchange().expectStatus().isForbidden();
    }

    @Test
    void wrongMethodOnACxOperationAdmitsNoOne() {
        User user = provisionUser("md5-only");
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE}) {
            scscf(SCSCF1).method(method).uri(encoded(marPath(user))).exchange().expectStatus().isForbidden();
        }
    }

    @Test
    void foreignServerNameInMarGets403() {
        User user = provisionUser("md5-only");
        mar(scscf(SCSCF1), user, "sip:scscf.evil:5062").expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("SERVER_NAME_NOT_ALLOWED")
                .jsonPath("$.authDataItems").doesNotExist();
        // another real S-CSCF's name is foreign too
        mar(scscf(SCSCF1), user, SCSCF2).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("SERVER_NAME_NOT_ALLOWED");
        // nothing was pinned: the first registration still goes to capabilities, as before
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_FIRST_REGISTRATION")
                .jsonPath("$.serverName").doesNotExist();
    }

    @Test
    void foreignServerNameInSarGets403AndLeavesTheRegistrationUnchanged() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk();
        sar(scscf(SCSCF1), user, "sip:scscf.evil:5062", "REGISTRATION").expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("SERVER_NAME_NOT_ALLOWED");
        sar(scscf(SCSCF2), user, SCSCF1, "USER_DEREGISTRATION").expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("SERVER_NAME_NOT_ALLOWED");
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_SUBSEQUENT_REGISTRATION")
                .jsonPath("$.serverName").isEqualTo(SCSCF1);
        lir(user.impu()).expectStatus().isOk().expectBody().jsonPath("$.serverName").isEqualTo(SCSCF1);
    }

    @Test
    void credentialChangeNotificationsAdmitOnlyTheProxy() {
        admin().post().uri("/admin/v1/notifications/credential-changes").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED");
        for (WebTestClient caller : new WebTestClient[] {icscf(), epcscf(), scscf(SCSCF1)}) {
            caller.post().uri("/admin/v1/notifications/credential-changes").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of()).exchange().expectStatus().isForbidden();
        }
        // the proxy passes the filter (the endpoint itself is another change's: 404 until it exists)
        as(PROXY_TOKEN).post().uri("/admin/v1/notifications/credential-changes")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().value(status -> org.assertj.core.api.Assertions.assertThat(status).isNotIn(401, 403));
        // and nothing else of the admin API
        as(PROXY_TOKEN).get().uri("/admin/v1/wwsfs").exchange().expectStatus().isForbidden();
    }

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void managementPortServesProbesAndMetricsWithoutAToken() {
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
        org.assertj.core.api.Assertions.assertThat(managementPort).isNotEqualTo(port);
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        // the API is not on the management port
        management.get().uri("/cx/v1/wwsfs").headers(h -> h.setBearerAuth(EPCSCF_TOKEN)).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void cxCallsAreNotObservedOperatorCallsAre() {
        // issue 12: no per-request observation on the hot path (NetworkCallsUnobserved)
        User user = provisionUser("md5-only");
        marAt(scscf(SCSCF1), marPath(user), user).expectStatus().isOk();
        admin().get().uri("/admin/v1/wwsfs").exchange().expectStatus().isOk();
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
        String metrics = management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("http_server_requests_seconds_count{").contains("uri=\"/admin/v1/wwsfs\"")
                .doesNotContain("uri=\"/cx/");
    }

    @Test
    void actuatorIsNotServedOnTheApiPort() {
        client.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isNotFound();
        admin().get().uri("/actuator/health").exchange().expectStatus().isNotFound();
        admin().get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    }
}
