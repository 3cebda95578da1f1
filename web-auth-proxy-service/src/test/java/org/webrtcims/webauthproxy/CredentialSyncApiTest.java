package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class CredentialSyncApiTest extends ProxyIntegrationTest {

    @Test
    void firstSyncCreates201AndNewerVersionUpdates200() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isCreated()
                .expectBody().jsonPath("$.result").isEqualTo("CREATED")
                .jsonPath("$.credentialVersion").isEqualTo(1)
                .jsonPath("$.algorithms[0]").isEqualTo("MD5")
                .jsonPath("$.syncedAt").exists();
        put(SYNC_TOKEN, credential(webId, 2, "MD5", MD5_HA1, "SHA-256", SHA256_HA1)).expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("UPDATED")
                .jsonPath("$.credentialVersion").isEqualTo(2);
        status(SYNC_TOKEN, WWSF, webId).expectStatus().isOk().expectBody()
                .jsonPath("$.exists").isEqualTo(true)
                .jsonPath("$.revoked").isEqualTo(false)
                .jsonPath("$.credentialVersion").isEqualTo(2)
                .jsonPath("$.algorithms.length()").isEqualTo(2);
    }

    @Test
    void retriedPutOfTheSameVersionAndContentIsUnchanged200() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 5, "MD5", MD5_HA1)).expectStatus().isCreated();
        put(SYNC_TOKEN, credential(webId, 5, "MD5", MD5_HA1)).expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("UNCHANGED")
                .jsonPath("$.credentialVersion").isEqualTo(5);
    }

    @Test
    void versionNotNewerThanTheStoredOneGets409WithTheStoredVersion() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 7, "MD5", MD5_HA1)).expectStatus().isCreated();
        String otherHa1 = "0123456789abcdef0123456789abcdef";
        for (long version : new long[] {6, 7}) {
            put(SYNC_TOKEN, credential(webId, version, "MD5", otherHa1)).expectStatus().isEqualTo(409)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.cause").isEqualTo("STALE_CREDENTIAL_VERSION")
                    .jsonPath("$.storedCredentialVersion").isEqualTo(7)
                    .jsonPath("$.status").isEqualTo(409);
        }
        fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isOk().expectBody()
                .jsonPath("$.vectors[0].ha1").isEqualTo(MD5_HA1);
    }

    @Test
    void unknownAlgorithmGets422() {
        put(SYNC_TOKEN, credential(newWebIdentity(), 1, "SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d"))
                .expectStatus().isEqualTo(422).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("UNKNOWN_ALGORITHM");
    }

    @Test
    void ha1ThatIsNotLowerCaseHexOfTheRightLengthGets422() {
        for (String bad : new String[] {MD5_HA1.toUpperCase(), MD5_HA1.substring(1), SHA256_HA1, "zz" + MD5_HA1
                .substring(2)}) {
            put(SYNC_TOKEN, credential(newWebIdentity(), 1, "MD5", bad)).expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.cause").isEqualTo("INVALID_HA1")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain(bad));
        }
    }

    @Test
    void malformedJsonGets400() {
        client.put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(SYNC_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"wwsfIdentity\": \"wwsf.example.com\",")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("MALFORMED_REQUEST");
    }

    @Test
    void missingFieldGets400NamingTheField() {
        Map<String, Object> body = credential(newWebIdentity(), 1, "MD5", MD5_HA1);
        body.remove("credentialVersion");
        put(SYNC_TOKEN, body).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.cause").isEqualTo("MISSING_FIELD")
                .jsonPath("$.detail").isEqualTo("credentialVersion is required.");
    }

    @Test
    void realmOtherThanTheWwsfsRealmGets400() {
        Map<String, Object> body = credential(newWebIdentity(), 1, "MD5", MD5_HA1);
        body.put("realm", "evil.example.net");
        put(SYNC_TOKEN, body).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.cause").isEqualTo("REALM_MISMATCH");
    }

    @Test
    void missingOrWrongTokenGets401WithBearerChallenge() {
        client.put().uri("/sync/v1/credentials").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(credential(newWebIdentity(), 1, "MD5", MD5_HA1)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=.*")
                // refused callers do not keep the connection: their unread body could stall it
                .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("UNAUTHENTICATED");
        put("test-sync-token-example-000002", credential(newWebIdentity(), 1, "MD5", MD5_HA1))
                .expectStatus().isUnauthorized();
    }

    @Test
    void hssTokenMayNotSyncAndSyncTokenMayNotFetch() {
        put(HSS_TOKEN, credential(newWebIdentity(), 1, "MD5", MD5_HA1)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED");
        fetch(SYNC_TOKEN, fetchBody(newWebIdentity())).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED");
    }

    @Test
    void syncClientOfAnotherWwsfGets403OutOfScope() {
        String webId = newWebIdentity();
        put(OTHER_SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.cause").isEqualTo("WWSF_NOT_IN_SCOPE");
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isCreated();
        status(OTHER_SYNC_TOKEN, WWSF, webId).expectStatus().isForbidden();
        revoke(OTHER_SYNC_TOKEN, webId).expectStatus().isForbidden();
    }

    @Test
    void configuredRealmOfAnotherWwsfIsEnforced() {
        Map<String, Object> body = credential(newWebIdentity(), 1, "MD5", MD5_HA1);
        body.put("wwsfIdentity", "other.example.org");
        body.put("realm", "other-realm");
        put(OTHER_SYNC_TOKEN, body).expectStatus().isCreated();
    }

    @Test
    void revokeAnswers204ThenFetchGets410AndNewerSyncRestores() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 3, "MD5", MD5_HA1)).expectStatus().isCreated();
        revoke(SYNC_TOKEN, webId).expectStatus().isNoContent();
        revoke(SYNC_TOKEN, webId).expectStatus().isNoContent();
        fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isEqualTo(410)
                .expectBody().jsonPath("$.cause").isEqualTo("CREDENTIALS_REVOKED");
        status(SYNC_TOKEN, WWSF, webId).expectStatus().isOk().expectBody()
                .jsonPath("$.revoked").isEqualTo(true).jsonPath("$.revokedAt").exists();
        put(SYNC_TOKEN, credential(webId, 3, "MD5", MD5_HA1)).expectStatus().isEqualTo(409);
        put(SYNC_TOKEN, credential(webId, 4, "MD5", MD5_HA1)).expectStatus().isOk();
        fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isOk();
    }

    @Test
    void revokingAnUnknownCredentialGets404() {
        revoke(SYNC_TOKEN, newWebIdentity()).expectStatus().isNotFound()
                .expectBody().jsonPath("$.cause").isEqualTo("WEB_IDENTITY_UNKNOWN");
    }

    @Test
    void statusOfAnUnknownCredentialSaysItDoesNotExist() {
        status(SYNC_TOKEN, WWSF, newWebIdentity()).expectStatus().isOk().expectBody()
                .jsonPath("$.exists").isEqualTo(false)
                .jsonPath("$.credentialVersion").doesNotExist();
    }

    @Test
    void statusNeverReturnsAnHa1() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1, "SHA-256", SHA256_HA1)).expectStatus().isCreated();
        String body = new String(status(ADMIN_TOKEN, WWSF, webId).expectStatus().isOk().expectBody()
                .returnResult().getResponseBodyContent());
        assertThat(body).contains("\"exists\":true").doesNotContain(MD5_HA1).doesNotContain(SHA256_HA1)
                .doesNotContain("ha1");
    }

    @Test
    void everyChangeIsAuditedWithActorAndVersions() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isCreated();
        put(SYNC_TOKEN, credential(webId, 2, "MD5", MD5_HA1, "SHA-256", SHA256_HA1)).expectStatus().isOk();
        put(SYNC_TOKEN, credential(webId, 2, "MD5", MD5_HA1, "SHA-256", SHA256_HA1)).expectStatus().isOk();
        revoke(SYNC_TOKEN, webId).expectStatus().isNoContent();
        String body = new String(client.get().uri(b -> b.path("/admin/v1/credential-audit")
                        .queryParam("wwsfIdentity", WWSF).queryParam("webIdentity", webId).build())
                .headers(h -> h.setBearerAuth(ADMIN_TOKEN)).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.entries.length()").isEqualTo(3)
                .jsonPath("$.entries[0].action").isEqualTo("REVOKED")
                .jsonPath("$.entries[1].action").isEqualTo("UPDATED")
                .jsonPath("$.entries[1].oldVersion").isEqualTo(1)
                .jsonPath("$.entries[1].newVersion").isEqualTo(2)
                .jsonPath("$.entries[1].algorithms.length()").isEqualTo(2)
                .jsonPath("$.entries[2].action").isEqualTo("CREATED")
                .jsonPath("$.entries[2].actor").isEqualTo("idp-example")
                .returnResult().getResponseBodyContent());
        assertThat(body).doesNotContain(MD5_HA1).doesNotContain(SHA256_HA1);
    }

    @Test
    void auditIsOnlyForAdmins() {
        client.get().uri("/admin/v1/credential-audit?wwsfIdentity=" + WWSF)
                .headers(h -> h.setBearerAuth(SYNC_TOKEN)).exchange().expectStatus().isForbidden();
    }
}
