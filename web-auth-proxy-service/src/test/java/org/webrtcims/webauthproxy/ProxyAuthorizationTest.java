package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/**
 * Authorization on what is routed at the proxy (issue 11, findings 1 and 2): no spelling of the vector fetch's
 * path lets a caller other than the HSS read H(A1); no '*' sync scope. Real HTTP, real PostgreSQL.
 */
class ProxyAuthorizationTest extends ProxyIntegrationTest {

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private WebTestClient.ResponseSpec fetchAt(String token, String rawPath, Object body) {
        return client.post().uri(URI.create("http://localhost:" + port + rawPath)).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String synced() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isCreated();
        return webId;
    }

    @Test
    void pathTricksOnTheFetchAre400ForEveryCallerAndNeverReturnHa1() {
        String webId = synced();
        String[] tricks = {
                "/av;x=1/v1/digest-vectors:fetch", "/av/v1;x/digest-vectors:fetch", "/%61v/v1/digest-vectors:fetch",
                "/av/%76%31/digest-vectors:fetch", "/av%2Fv1/digest-vectors:fetch", "//av/v1/digest-vectors:fetch",
                "/av//v1/digest-vectors:fetch", "/admin/../av/v1/digest-vectors:fetch",
                "/admin/%2E%2E/av/v1/digest-vectors:fetch", "/sync/./../av/v1/digest-vectors:fetch",
                "/av/v1/digest-vectors:fetch;x"};
        for (String trick : tricks) {
            for (String token : new String[] {ADMIN_TOKEN, SYNC_TOKEN}) {
                fetchAt(token, trick, fetchBody(webId)).expectStatus().isBadRequest()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.cause").isEqualTo("NON_CANONICAL_PATH")
                        .jsonPath("$.vectors").doesNotExist();
            }
        }
    }

    @Test
    void upperCaseFetchPathReachesNoControllerWithAnAdminToken() {
        String webId = synced();
        for (String trick : new String[] {"/AV/v1/digest-vectors:fetch", "/av/V1/digest-vectors:fetch",
                "/av/v1/DIGEST-VECTORS:FETCH"}) {
            fetchAt(ADMIN_TOKEN, trick, fetchBody(webId)).expectStatus()
                    .value(status -> assertThat(status).isIn(403, 404));
        }
    }

    @Test
    void onlyTheHssFetchesVectorsAdminAndSyncGet403() {
        String webId = synced();
        fetch(ADMIN_TOKEN, fetchBody(webId)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED");
        fetch(SYNC_TOKEN, fetchBody(webId)).expectStatus().isForbidden();
        // an encoded ':' is the same path to the router and to the rules
        fetchAt(HSS_TOKEN, "/av/v1/digest-vectors%3Afetch", fetchBody(webId)).expectStatus().isOk();
        fetchAt(ADMIN_TOKEN, "/av/v1/digest-vectors%3Afetch", fetchBody(webId)).expectStatus().isForbidden();
        fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isOk();
    }

    @Test
    void hssTokenOpensNeitherSyncNorAdmin() {
        put(HSS_TOKEN, credential(newWebIdentity(), 1, "MD5", MD5_HA1)).expectStatus().isForbidden();
        client.get().uri("/admin/v1/anything").headers(h -> h.setBearerAuth(HSS_TOKEN)).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void syncClientWithWildcardScopeRefusesToStart() {
        TestDatabase database = TestPostgres.newDatabase("proxy_wildcard");
        assertThatThrownBy(() -> ProxyInstance.start(database, Map.of(
                "api-auth.clients[0].name", "idp-all",
                "api-auth.clients[0].token", "test-sync-token-wildcard-0001",
                "api-auth.clients[0].role", "SYNC",
                "api-auth.clients[0].scopes[0]", "*")).close())
                .hasStackTraceContaining("the scope '*' is no longer accepted");
    }
}
