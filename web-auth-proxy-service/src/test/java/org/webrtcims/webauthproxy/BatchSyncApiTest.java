package org.webrtcims.webauthproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Profile §5.4 {@code credentials:batch}: bulk offline sync with per-item results. */
class BatchSyncApiTest extends ProxyIntegrationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private WebTestClient.ResponseSpec batch(String token, Object body) {
        return client.mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build()
                .post().uri("/sync/v1/credentials:batch").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void tenThousandCredentialsInOneRequestAreAllCreatedAndFetchable() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            items.add(credential("bulk-" + i + "-" + newWebIdentity(), 1, "MD5", MD5_HA1, "SHA-256", SHA256_HA1));
        }
        JsonNode response = readJson(batch(SYNC_TOKEN, Map.of("items", items)).expectStatus().isOk());
        assertThat(response.get("summary").get("received").asInt()).isEqualTo(10_000);
        assertThat(response.get("summary").get("created").asInt()).isEqualTo(10_000);
        assertThat(response.get("items").get(9_999).get("status").asInt()).isEqualTo(201);
        assertThat(response.get("items").get(9_999).get("index").asInt()).isEqualTo(9_999);
        fetch(HSS_TOKEN, fetchBody((String) items.get(7_777).get("webIdentity"))).expectStatus().isOk()
                .expectBody().jsonPath("$.vectors[1].ha1").isEqualTo(SHA256_HA1);

        // the same batch again is idempotent
        JsonNode again = readJson(batch(SYNC_TOKEN, Map.of("items", items)).expectStatus().isOk());
        assertThat(again.get("summary").get("unchanged").asInt()).isEqualTo(10_000);
    }

    @Test
    void batchAboveMaxBatchItemsGets413WithTheLimitAndWritesNothing() {
        List<Map<String, Object>> items = new ArrayList<>();
        String first = "toolarge-" + newWebIdentity();
        for (int i = 0; i <= 10_000; i++) {
            items.add(credential(i == 0 ? first : "toolarge-" + i + "-" + newWebIdentity(), 1, "MD5", MD5_HA1));
        }
        batch(SYNC_TOKEN, Map.of("items", items)).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.cause").isEqualTo("BATCH_TOO_LARGE")
                .jsonPath("$.maxBatchItems").isEqualTo(10_000);
        fetch(HSS_TOKEN, fetchBody(first)).expectStatus().isNotFound();
    }

    @Test
    void eachItemGetsTheStatusASinglePutWouldHaveGot() {
        String existing = newWebIdentity();
        put(SYNC_TOKEN, credential(existing, 5, "MD5", MD5_HA1)).expectStatus().isCreated();
        String repeated = newWebIdentity();
        Map<String, Object> otherWwsf = credential(newWebIdentity(), 1, "MD5", MD5_HA1);
        otherWwsf.put("wwsfIdentity", "other.example.org");
        otherWwsf.put("realm", "other-realm");
        Map<String, Object> missingVersion = credential(newWebIdentity(), 1, "MD5", MD5_HA1);
        missingVersion.remove("credentialVersion");
        List<Map<String, Object>> items = List.of(
                credential(newWebIdentity(), 1, "MD5", MD5_HA1),                 // 0 created
                credential(existing, 6, "MD5", MD5_HA1),                         // 1 updated
                credential(existing + "x", 1, "SHA-1", MD5_HA1),                  // 2 unknown algorithm
                credential(newWebIdentity(), 1, "MD5", "ABC"),                     // 3 bad ha1
                otherWwsf,                                                         // 4 out of scope
                missingVersion,                                                    // 5 missing field
                credential(repeated, 1, "MD5", MD5_HA1),                           // 6 created
                credential(repeated, 2, "MD5", MD5_HA1));                          // 7 duplicate in batch
        JsonNode response = readJson(batch(SYNC_TOKEN, Map.of("items", items)).expectStatus().isOk());
        JsonNode results = response.get("items");
        assertThat(statusAndCause(results.get(0))).isEqualTo("201 CREATED");
        assertThat(statusAndCause(results.get(1))).isEqualTo("200 UPDATED");
        assertThat(statusAndCause(results.get(2))).isEqualTo("422 UNKNOWN_ALGORITHM");
        assertThat(statusAndCause(results.get(3))).isEqualTo("422 INVALID_HA1");
        assertThat(statusAndCause(results.get(4))).isEqualTo("403 WWSF_NOT_IN_SCOPE");
        assertThat(statusAndCause(results.get(5))).isEqualTo("400 MISSING_FIELD");
        assertThat(statusAndCause(results.get(6))).isEqualTo("201 CREATED");
        assertThat(statusAndCause(results.get(7))).isEqualTo("422 DUPLICATE_IN_BATCH");
        assertThat(response.get("summary").get("rejected").asInt()).isEqualTo(5);

        JsonNode stale = readJson(batch(SYNC_TOKEN, Map.of("items", List.of(credential(existing, 6, "MD5",
                "0123456789abcdef0123456789abcdef")))).expectStatus().isOk());
        assertThat(statusAndCause(stale.get("items").get(0))).isEqualTo("409 STALE_CREDENTIAL_VERSION");
        assertThat(stale.get("items").get(0).get("credentialVersion").asLong()).isEqualTo(6);
    }

    @Test
    void batchWithoutItemsGets400AndMalformedJson400() {
        batch(SYNC_TOKEN, Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.cause").isEqualTo("MISSING_FIELD");
        batch(SYNC_TOKEN, "{\"items\": [ {").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.cause").isEqualTo("MALFORMED_REQUEST");
    }

    private static String statusAndCause(JsonNode item) {
        JsonNode label = item.has("cause") ? item.get("cause") : item.get("result");
        return item.get("status").asInt() + " " + label.asString();
    }

    private JsonNode readJson(WebTestClient.ResponseSpec spec) {
        byte[] body = spec.expectBody().returnResult().getResponseBodyContent();
        return json.readTree(body);
    }
}
