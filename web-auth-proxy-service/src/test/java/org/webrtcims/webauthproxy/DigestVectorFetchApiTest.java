package org.webrtcims.webauthproxy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Profile §5.3: the HSS's fetch of authentication vectors. */
class DigestVectorFetchApiTest extends ProxyIntegrationTest {

    @Test
    void fetchReturnsRealmQopVersionAndEveryStoredVectorMd5First() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 42, "SHA-256", SHA256_HA1, "MD5", MD5_HA1, "SHA-512-256", SHA512_256_HA1))
                .expectStatus().isCreated();
        fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.webIdentity").isEqualTo(webId)
                .jsonPath("$.wwsfIdentity").isEqualTo(WWSF)
                .jsonPath("$.realm").isEqualTo(WWSF)
                .jsonPath("$.qop").isEqualTo("auth")
                .jsonPath("$.credentialVersion").isEqualTo(42)
                .jsonPath("$.syncedAt").exists()
                .jsonPath("$.vectors.length()").isEqualTo(3)
                .jsonPath("$.vectors[0].algorithm").isEqualTo("MD5")
                .jsonPath("$.vectors[0].ha1").isEqualTo(MD5_HA1)
                .jsonPath("$.vectors[1].algorithm").isEqualTo("SHA-256")
                .jsonPath("$.vectors[1].ha1").isEqualTo(SHA256_HA1)
                .jsonPath("$.vectors[2].algorithm").isEqualTo("SHA-512-256")
                .jsonPath("$.vectors[2].ha1").isEqualTo(SHA512_256_HA1);
    }

    @Test
    void requestedAlgorithmsFilterAndOrderTheVectors() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1, "SHA-256", SHA256_HA1)).expectStatus().isCreated();
        fetch(HSS_TOKEN, fetchBody(webId, "SHA-256", "SHA-512-256", "MD5")).expectStatus().isOk().expectBody()
                .jsonPath("$.vectors.length()").isEqualTo(2)
                .jsonPath("$.vectors[0].algorithm").isEqualTo("SHA-256")
                .jsonPath("$.vectors[1].algorithm").isEqualTo("MD5");
    }

    @Test
    void noStoredVectorForTheRequestedAlgorithmsGets422() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isCreated();
        fetch(HSS_TOKEN, fetchBody(webId, "SHA-256")).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("NO_VECTOR_FOR_ALGORITHMS")
                .jsonPath("$.storedAlgorithms[0]").isEqualTo("MD5");
    }

    @Test
    void unknownWebIdentityGets404() {
        fetch(HSS_TOKEN, fetchBody(newWebIdentity())).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("WEB_IDENTITY_UNKNOWN");
    }

    @Test
    void sameWebIdentityUnderAnotherWwsfIsAnotherCredential() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isCreated();
        fetch(HSS_TOKEN, Map.of("webIdentity", webId, "wwsfIdentity", "other.example.org"))
                .expectStatus().isNotFound();
    }

    @Test
    void revokedCredentialGets410() {
        String webId = newWebIdentity();
        put(SYNC_TOKEN, credential(webId, 1, "MD5", MD5_HA1)).expectStatus().isCreated();
        revoke(SYNC_TOKEN, webId).expectStatus().isNoContent();
        fetch(HSS_TOKEN, fetchBody(webId)).expectStatus().isEqualTo(410)
                .expectBody().jsonPath("$.cause").isEqualTo("CREDENTIALS_REVOKED");
    }

    @Test
    void unknownAlgorithmInTheRequestGets422() {
        fetch(HSS_TOKEN, fetchBody(newWebIdentity(), "MD5-sess")).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.cause").isEqualTo("UNKNOWN_ALGORITHM");
    }

    @Test
    void missingIdentityGets400() {
        fetch(HSS_TOKEN, Map.of("webIdentity", newWebIdentity())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.cause").isEqualTo("MISSING_FIELD");
    }

    @Test
    void fetchWithoutTokenGets401AndAdminTokenGets403() {
        client.post().uri("/av/v1/digest-vectors:fetch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(fetchBody(newWebIdentity())).exchange().expectStatus().isUnauthorized();
        fetch(ADMIN_TOKEN, fetchBody(newWebIdentity())).expectStatus().isForbidden();
    }
}
