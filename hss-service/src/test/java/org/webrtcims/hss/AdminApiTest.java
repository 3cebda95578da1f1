package org.webrtcims.hss;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Operators' provisioning API (profile §5.4) and the RTR it triggers for registered IMPUs. */
class AdminApiTest extends HssIntegrationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void mappingIsCreatedWith201AndReadByPairByIdAndByImpu() {
        User user = provisionUser("md5-only");
        admin().get().uri("/admin/v1/web-identity-mappings/{id}", user.mappingId()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.webIdentity").isEqualTo(user.webIdentity())
                .jsonPath("$.impu").isEqualTo(user.impu()).jsonPath("$.enabled").isEqualTo(true);
        admin().get().uri(b -> b.path("/admin/v1/web-identity-mappings").queryParam("wwsfIdentity", user.wwsf())
                        .queryParam("webIdentity", user.webIdentity()).build()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(user.mappingId());
        admin().get().uri(b -> b.path("/admin/v1/web-identity-mappings").queryParam("impu", user.impu()).build())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(1);
    }

    @Test
    void secondMappingOfTheSamePairIs409() {
        User user = provisionUser("md5-only");
        postMapping(user.wwsf(), user.webIdentity(), user.telImpu(), user.subscriptionId())
                .expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("MAPPING_EXISTS")
                .jsonPath("$.existingId").isEqualTo(user.mappingId());
    }

    @Test
    void mappingToAnImpuOutsideTheSubscriptionIs422() {
        User alice = provisionUser("md5-only");
        User bob = provisionUser("md5-only");
        postMapping(alice.wwsf(), "carol@idp.example.com", bob.impu(), alice.subscriptionId())
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("IMPU_NOT_IN_SUBSCRIPTION");
    }

    @Test
    void invalidIdentitiesAreRejectedWithTheirCause() {
        User user = provisionUser("md5-only");
        postMapping(user.wwsf(), "carol@idp.example.com", "alice@ims.example.net", user.subscriptionId())
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("INVALID_IMPU");
        postMapping("WWSF.Example.com", "carol@idp.example.com", user.impu(), user.subscriptionId())
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("INVALID_WWSF_IDENTITY");
        postMapping(user.wwsf(), "carol smith", user.impu(), user.subscriptionId())
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("INVALID_WEB_IDENTITY");
        postMapping("unknown.example.com", "carol@idp.example.com", user.impu(), user.subscriptionId())
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("WWSF_UNKNOWN");
        postMapping(user.wwsf(), "carol@idp.example.com", user.impu(), "no-such-subscription")
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("SUBSCRIPTION_UNKNOWN");
        admin().post().uri("/admin/v1/web-identity-mappings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", user.wwsf())).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.cause").isEqualTo("MISSING_FIELD");
        admin().put().uri("/admin/v1/subscriptions/{s}", "sub-bad").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", "mailto:x@y")))).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("INVALID_IMPU");
        admin().put().uri("/admin/v1/wwsfs/{w}", "w.example.com").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("origins", List.of("https://w.example.com/path"))).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.cause").isEqualTo("INVALID_ORIGIN");
        admin().put().uri("/admin/v1/wwsfs/{w}", "w.example.com").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("origins", List.of("https://w.example.com"), "algorithmPolicy", "sha1"))
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.cause").isEqualTo("INVALID_ALGORITHM_POLICY");
    }

    @Test
    void impuOfAnotherSubscriptionIs409() {
        User alice = provisionUser("md5-only");
        admin().put().uri("/admin/v1/subscriptions/{s}", "sub-thief-" + UUID.randomUUID().toString().substring(0, 6))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", alice.impu())))).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.cause").isEqualTo("IMPU_IN_OTHER_SUBSCRIPTION");
    }

    @Test
    void wwsfsAreListedWithTheirOriginsForTheEpCscf() {
        User user = provisionUser("sha256-first");
        admin().get().uri("/admin/v1/wwsfs/{w}", user.wwsf()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.origins[0]").isEqualTo("https://" + user.wwsf())
                .jsonPath("$.realm").isEqualTo(user.wwsf())
                .jsonPath("$.algorithmPolicy").isEqualTo("sha256-first")
                .jsonPath("$.enabled").isEqualTo(true);
        admin().get().uri("/admin/v1/wwsfs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.wwsfIdentity == '" + user.wwsf() + "')]").exists();
        admin().get().uri("/admin/v1/wwsfs/{w}", "none.example.com").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.cause").isEqualTo("WWSF_UNKNOWN");
    }

    @Test
    void importCreatesThousandsWithPerItemResults() {
        User user = provisionUser("md5-only");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            items.add(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", "bulk" + i + "@idp.example.com",
                    "impu", i % 2 == 0 ? user.impu() : user.telImpu(), "subscriptionId", user.subscriptionId()));
        }
        items.add(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", user.webIdentity(), "impu", user.impu(),
                "subscriptionId", user.subscriptionId()));                                       // exists → 409
        items.add(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", "bulk0@idp.example.com", "impu", user.impu(),
                "subscriptionId", user.subscriptionId()));                                       // repeated → 422
        items.add(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", "x@idp.example.com", "impu", "bad",
                "subscriptionId", user.subscriptionId()));                                       // invalid → 422
        byte[] body = admin().mutate().responseTimeout(Duration.ofSeconds(30)).build()
                .post().uri("/admin/v1/web-identity-mappings:import").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("items", items)).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent();
        JsonNode result = json.readTree(body);
        assertThat(result.get("created").asInt()).isEqualTo(3000);
        assertThat(result.get("rejected").asInt()).isEqualTo(3);
        assertThat(result.get("items").get(2999).get("status").asInt()).isEqualTo(201);
        assertThat(result.get("items").get(3000).get("cause").asString()).isEqualTo("MAPPING_EXISTS");
        assertThat(result.get("items").get(3001).get("cause").asString()).isEqualTo("DUPLICATE_IN_IMPORT");
        assertThat(result.get("items").get(3002).get("cause").asString()).isEqualTo("INVALID_IMPU");
        // '+' must be percent-encoded in a query: a raw '+' means a space
        admin().get().uri(encoded("/admin/v1/web-identity-mappings?impu=" + enc(user.telImpu()) + "&page=2&size=100"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.totalItems").isEqualTo(1500)
                .jsonPath("$.items.length()").isEqualTo(100)
                .jsonPath("$.page").isEqualTo(2);
    }

    @Test
    void disablingTheMappingOfARegisteredImpuSendsRtrToItsScscf() {
        User user = register(SCSCF1);
        admin().patch().uri("/admin/v1/web-identity-mappings/{id}", user.mappingId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("enabled", false))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(false);
        RecordingScscf.Received rtr = awaitRtr(SCSCF1_NOTIFY, user.impu());
        assertThat(rtr.authorization()).isEqualTo("Bearer test-notify-token-hss-to-scscf");
        assertThat(rtr.body()).contains("\"impi\":\"" + user.webIdentity() + "\"")
                .contains("PERMANENT_TERMINATION");
        lir(user.impu()).expectStatus().isNotFound();
    }

    @Test
    void deletingTheMappingOfARegisteredImpuSendsRtrAndTheMappingIsGone() {
        User user = register(SCSCF2);
        admin().delete().uri("/admin/v1/web-identity-mappings/{id}", user.mappingId()).exchange()
                .expectStatus().isNoContent();
        awaitRtr(SCSCF2_NOTIFY, user.impu());
        admin().get().uri("/admin/v1/web-identity-mappings/{id}", user.mappingId()).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.cause").isEqualTo("MAPPING_UNKNOWN");
    }

    @Test
    void disablingOrDeletingTheSubscriptionOfARegisteredImpuSendsRtr() {
        User user = register(SCSCF1);
        admin().put().uri("/admin/v1/subscriptions/{s}", user.subscriptionId()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", user.impu(), "default", true),
                        Map.of("identity", user.telImpu())), "allowedWwsfs", List.of(user.wwsf()), "enabled", false))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(false);
        awaitRtr(SCSCF1_NOTIFY, user.impu());

        User other = register(SCSCF2);
        admin().delete().uri("/admin/v1/subscriptions/{s}", other.subscriptionId()).exchange()
                .expectStatus().isNoContent();
        awaitRtr(SCSCF2_NOTIFY, other.impu());
        admin().get().uri("/admin/v1/subscriptions/{s}", other.subscriptionId()).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.cause").isEqualTo("SUBSCRIPTION_UNKNOWN");
        admin().get().uri("/admin/v1/web-identity-mappings/{id}", other.mappingId()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void rtrIsRetriedWhileTheScscfIsDown() {
        User user = register(SCSCF2);
        SCSCF2_NOTIFY.failNext(3);
        admin().patch().uri("/admin/v1/web-identity-mappings/{id}", user.mappingId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("enabled", false))
                .exchange().expectStatus().isOk();
        awaitRtr(SCSCF2_NOTIFY, user.impu());
    }

    @Test
    void everyAdminChangeIsAudited() {
        User user = provisionUser("md5-only");
        admin().get().uri(b -> b.path("/admin/v1/audit").queryParam("target", "mapping:" + user.mappingId()).build())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.entries[0].action").isEqualTo("MAPPING_CREATED")
                .jsonPath("$.entries[0].actor").isEqualTo("operator");
        admin().get().uri(b -> b.path("/admin/v1/audit").queryParam("target", "subscription:"
                        + user.subscriptionId()).build())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.entries[0].action").isEqualTo("SUBSCRIPTION_CREATED");
    }

    private User register(String scscf) {
        User user = provisionUser("md5-only");
        mar(user, scscf).expectStatus().isOk();
        sar(user, scscf, "REGISTRATION").expectStatus().isOk();
        return user;
    }

    private static RecordingScscf.Received awaitRtr(RecordingScscf scscf, String impu) {
        return org.awaitility.Awaitility.await("an RTR for " + impu + " at the S-CSCF")
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> scscf.received().stream().filter(r -> r.body().contains(impu)).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec postMapping(
            String wwsf, String webIdentity, String impu, String subscriptionId) {
        return admin().post().uri("/admin/v1/web-identity-mappings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", wwsf, "webIdentity", webIdentity, "impu", impu,
                        "subscriptionId", subscriptionId)).exchange();
    }
}
