package org.webrtcims.hss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The Cx-like API against real PostgreSQL and a real web-auth proxy (profile §5.2, TS 29.228 semantics). */
class CxApiTest extends HssIntegrationTest {

    @Test
    void firstRegistrationUarAnswersFirstRegistrationWithCapabilities() {
        User user = provisionUser("md5-only");
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.resultCode").isEqualTo(2001)
                .jsonPath("$.result").isEqualTo("DIAMETER_FIRST_REGISTRATION")
                .jsonPath("$.serverName").doesNotExist()
                .jsonPath("$.serverCapabilities.serverNames[0]").isEqualTo(SCSCF1)
                .jsonPath("$.serverCapabilities.serverNames[1]").isEqualTo(SCSCF2)
                .jsonPath("$.serverCapabilities.optional[0]").isEqualTo(7);
    }

    @Test
    void marReturnsTheProxysVectorAndPinsTheScscfSoTheNextUarIsSubsequent() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF2).expectStatus().isOk().expectBody()
                .jsonPath("$.impi").isEqualTo(user.webIdentity())
                .jsonPath("$.impu").isEqualTo(user.impu())
                .jsonPath("$.numberAuthItems").isEqualTo(1)
                .jsonPath("$.authDataItems[0].authScheme").isEqualTo("SIP Digest")
                .jsonPath("$.authDataItems[0].webIdentity").isEqualTo(user.webIdentity())
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestRealm").isEqualTo(user.wwsf())
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestAlgorithm").isEqualTo("MD5")
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestQop").isEqualTo("auth")
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestHa1").isEqualTo(MD5_HA1)
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.alternateDigestAlgorithm").doesNotExist();
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.resultCode").isEqualTo(2002)
                .jsonPath("$.result").isEqualTo("DIAMETER_SUBSEQUENT_REGISTRATION")
                .jsonPath("$.serverName").isEqualTo(SCSCF2);
    }

    @Test
    void sha256FirstPolicyAddsTheSha256VectorAsAlternate() {
        User user = provisionUser("sha256-first");
        mar(user, SCSCF1).expectStatus().isOk().expectBody()
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestAlgorithm").isEqualTo("MD5")
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestHa1").isEqualTo(MD5_HA1)
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.alternateDigestAlgorithm").isEqualTo("SHA-256")
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.alternateDigestHa1").isEqualTo(SHA256_HA1);
    }

    @Test
    void sarRegistrationRegistersAndReturnsTheProfileThenDeregistrationsClearIt() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.resultCode").isEqualTo(2001)
                .jsonPath("$.result").isEqualTo("DIAMETER_SUCCESS")
                .jsonPath("$.impi").isEqualTo(user.webIdentity())
                .jsonPath("$.userProfile.privateUserIdentity").isEqualTo(user.webIdentity())
                .jsonPath("$.userProfile.serviceProfiles[0].publicIdentities[0].identity").isEqualTo(user.impu())
                .jsonPath("$.userProfile.serviceProfiles[0].publicIdentities[0].default").isEqualTo(true)
                .jsonPath("$.userProfile.serviceProfiles[0].publicIdentities[1].identity").isEqualTo(user.telImpu())
                .jsonPath("$.userProfile.serviceProfiles[0].publicIdentities[1].barringIndication").isEqualTo(false)
                .jsonPath("$.allowedWafWwsfIdentities.webrtcWebServerFunctionNames[0]").isEqualTo(user.wwsf());
        lir(user.impu()).expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_SUCCESS").jsonPath("$.serverName").isEqualTo(SCSCF1);
        uar(user, user.impu(), "DE_REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_SUCCESS").jsonPath("$.serverName").isEqualTo(SCSCF1);

        sar(user, SCSCF1, "USER_DEREGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_SUCCESS").jsonPath("$.userProfile").doesNotExist();
        lir(user.impu()).expectStatus().isNotFound().expectBody()
                .jsonPath("$.cause").isEqualTo("IDENTITY_NOT_REGISTERED").jsonPath("$.diameterResult").isEqualTo(5003);
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_FIRST_REGISTRATION");

        mar(user, SCSCF2).expectStatus().isOk();
        sar(user, SCSCF2, "REGISTRATION").expectStatus().isOk();
        sar(user, SCSCF2, "TIMEOUT_DEREGISTRATION").expectStatus().isOk();
        lir(user.impu()).expectStatus().isNotFound();
    }

    @Test
    void authenticationTimeoutClearsThePendingAssignment() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "AUTHENTICATION_TIMEOUT").expectStatus().isOk();
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_FIRST_REGISTRATION");
    }

    @Test
    void storeServerNameDeregistrationKeepsTheScscfForUnregisteredServices() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk();
        sar(user, SCSCF1, "USER_DEREGISTRATION_STORE_SERVER_NAME").expectStatus().isOk();
        lir(user.impu()).expectStatus().isOk().expectBody().jsonPath("$.serverName").isEqualTo(SCSCF1);
    }

    @Test
    void unknownWebIdentityIsUserUnknown() {
        User user = provisionUser("md5-only");
        User stranger = new User(user.wwsf(), "nobody@idp.example.com", user.impu(), user.telImpu(),
                user.subscriptionId(), 0);
        uar(stranger, user.impu(), "REGISTRATION").expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.cause").isEqualTo("USER_UNKNOWN").jsonPath("$.diameterResult").isEqualTo(5001);
        mar(stranger, SCSCF1).expectStatus().isNotFound().expectBody().jsonPath("$.cause").isEqualTo("USER_UNKNOWN");
    }

    @Test
    void webIdentityMappedToAnotherImpuIsIdentitiesDontMatch() {
        User alice = provisionUser("md5-only");
        User bob = provisionUser("md5-only");
        uar(alice, bob.impu(), "REGISTRATION").expectStatus().isForbidden().expectBody()
                .jsonPath("$.cause").isEqualTo("IDENTITIES_DONT_MATCH").jsonPath("$.diameterResult").isEqualTo(5002);
    }

    @Test
    void aliasOfTheSameSubscriptionMatches() {
        User user = provisionUser("md5-only");
        uar(user, user.telImpu(), "REGISTRATION").expectStatus().isOk();
    }

    @Test
    void disabledWwsfIsRejected() {
        User user = provisionUser("md5-only");
        admin().put().uri("/admin/v1/wwsfs/{w}", user.wwsf()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("origins", List.of("https://" + user.wwsf()), "enabled", false))
                .exchange().expectStatus().isOk();
        uar(user, user.impu(), "REGISTRATION").expectStatus().isForbidden().expectBody()
                .jsonPath("$.cause").isEqualTo("WWSF_NOT_ALLOWED");
        mar(user, SCSCF1).expectStatus().isForbidden().expectBody().jsonPath("$.cause").isEqualTo("WWSF_NOT_ALLOWED");
    }

    @Test
    void barredImpuIsAuthorizationRejectedButMayDeregister() {
        User user = provisionUser("md5-only");
        admin().put().uri("/admin/v1/subscriptions/{s}", user.subscriptionId()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", user.telImpu(), "default", true),
                        Map.of("identity", user.impu(), "barred", true)), "allowedWwsfs", List.of(user.wwsf())))
                .exchange().expectStatus().isOk();
        uar(user, user.impu(), "REGISTRATION").expectStatus().isForbidden().expectBody()
                .jsonPath("$.cause").isEqualTo("AUTHORIZATION_REJECTED").jsonPath("$.diameterResult").isEqualTo(5003);
        uar(user, user.impu(), "DE_REGISTRATION").expectStatus().isNotFound().expectBody()
                .jsonPath("$.cause").isEqualTo("IDENTITY_NOT_REGISTERED");
    }

    @Test
    void disabledMappingIsAuthorizationRejected() {
        User user = provisionUser("md5-only");
        disableMapping(user);
        expectUarRejected(user);
    }

    @Test
    void credentialMissingAtTheProxyIsAuthDataUnavailableWithTheProxysStatus() {
        User user = provisionUser("md5-only");
        PROXY.revoke(user.wwsf(), user.webIdentity());
        mar(user, SCSCF1).expectStatus().isEqualTo(410).expectBody()
                .jsonPath("$.cause").isEqualTo("AUTH_DATA_UNAVAILABLE")
                .jsonPath("$.avSourceCause").isEqualTo("CREDENTIALS_REVOKED");
        User other = provisionUser("md5-only");
        User unsynced = new User(other.wwsf(), other.webIdentity() + ".x", other.impu(), other.telImpu(),
                other.subscriptionId(), 0);
        admin().post().uri("/admin/v1/web-identity-mappings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", other.wwsf(), "webIdentity", unsynced.webIdentity(),
                        "impu", other.impu(), "subscriptionId", other.subscriptionId()))
                .exchange().expectStatus().isCreated();
        mar(unsynced, SCSCF1).expectStatus().isNotFound().expectBody()
                .jsonPath("$.cause").isEqualTo("AUTH_DATA_UNAVAILABLE")
                .jsonPath("$.avSourceCause").isEqualTo("WEB_IDENTITY_UNKNOWN");
    }

    @Test
    void authSchemeOtherThanSipDigestIsNotSupported() {
        User user = provisionUser("md5-only");
        scscf(SCSCF1).post().uri(encoded("/cx/v1/impis/" + enc(user.webIdentity()) + "/auth-data"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impu", user.impu(), "wwsfIdentity", user.wwsf(), "serverName", SCSCF1,
                        "authScheme", "Digest-AKAv1-MD5"))
                .exchange().expectStatus().isForbidden().expectBody()
                .jsonPath("$.cause").isEqualTo("AUTH_SCHEME_NOT_SUPPORTED").jsonPath("$.diameterResult").isEqualTo(5006);
    }

    @Test
    void sarFromAnScscfOtherThanThePinnedOneIsIdentityAlreadyRegistered() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF2, "REGISTRATION").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.cause").isEqualTo("IDENTITY_ALREADY_REGISTERED").jsonPath("$.diameterResult").isEqualTo(5005);
    }

    @Test
    void twoScscfsRacingMarAndSarOnOneImpuEndInOneConsistentAssignment() {
        for (int round = 0; round < 5; round++) {
            User user = provisionUser("md5-only");
            List<Integer> marStatuses = Flux.just(SCSCF1, SCSCF2)
                    .flatMap(s -> Flux.defer(() -> Flux.just(mar(user, s).returnResult(byte[].class).getStatus().value()))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .collectList().block();
            assertThat(marStatuses).containsOnly(200);
            Map<String, Integer> sarStatus = Flux.just(SCSCF1, SCSCF2)
                    .flatMap(s -> Flux.defer(() -> Flux.just(Map.entry(s,
                                    sar(user, s, "REGISTRATION").returnResult(byte[].class).getStatus().value())))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
            assertThat(sarStatus.values()).containsExactlyInAnyOrder(200, 409);
            String winner = sarStatus.get(SCSCF1) == 200 ? SCSCF1 : SCSCF2;
            lir(user.impu()).expectStatus().isOk().expectBody().jsonPath("$.serverName").isEqualTo(winner);
            uar(user, user.impu(), "REGISTRATION").expectStatus().isOk().expectBody()
                    .jsonPath("$.serverName").isEqualTo(winner);
            String loser = winner.equals(SCSCF1) ? SCSCF2 : SCSCF1;
            sar(user, loser, "USER_DEREGISTRATION").expectStatus().isOk();
            lir(user.impu()).expectStatus().isOk().expectBody().jsonPath("$.serverName").isEqualTo(winner);
        }
    }

    @Test
    void lirOfATelAliasNamesTheScscfOfTheRegisteredSipImpuOfItsSubscription() {
        User user = provisionUser("md5-only");
        // provisioned, not registered: the eP-CSCF's SUBSCRIBE or a call to it gets 480 at the I-CSCF
        lir(user.telImpu()).expectStatus().isNotFound().expectBody()
                .jsonPath("$.cause").isEqualTo("IDENTITY_NOT_REGISTERED");
        mar(user, SCSCF1).expectStatus().isOk();
        lir(user.telImpu()).expectStatus().isNotFound(); // authentication pending registers nothing
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk();
        lir(user.telImpu()).expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_SUCCESS").jsonPath("$.serverName").isEqualTo(SCSCF1);
        sar(user, SCSCF1, "USER_DEREGISTRATION").expectStatus().isOk();
        lir(user.telImpu()).expectStatus().isNotFound();
    }

    @Test
    void lirOfAnUnknownImpuIsUserUnknown() {
        lir("sip:nobody@ims.example.net").expectStatus().isNotFound().expectBody()
                .jsonPath("$.cause").isEqualTo("USER_UNKNOWN");
    }

    @Test
    void impuWithParametersTravelsPercentEncodedInThePath() {
        User user = provisionUser("md5-only");
        String withParams = "sip:+15550001@ims.example.net;user=phone";
        admin().put().uri("/admin/v1/subscriptions/{s}", user.subscriptionId()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", user.impu(), "default", true),
                        Map.of("identity", withParams)), "allowedWwsfs", List.of(user.wwsf())))
                .exchange().expectStatus().isOk();
        uar(user, withParams, "REGISTRATION").expectStatus().isOk().expectBody()
                .jsonPath("$.result").isEqualTo("DIAMETER_FIRST_REGISTRATION");
    }

    @Test
    void edgesReadEveryWwsfWithItsOriginsAndEnabledFlagWithTheirToken() {
        User user = provisionUser("md5-only");
        epcscf().get().uri("/cx/v1/wwsfs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.wwsfIdentity == '" + user.wwsf() + "')].origins[0]")
                .isEqualTo("https://" + user.wwsf())
                .jsonPath("$.items[?(@.wwsfIdentity == '" + user.wwsf() + "')].enabled").isEqualTo(true)
                .jsonPath("$.items[0].realm").doesNotExist();
        client.get().uri("/cx/v1/wwsfs").headers(h -> h.setBearerAuth(ADMIN_TOKEN)).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void cxNeedsACscfTokenAndAdminNeedsAnAdminToken() {
        client.get().uri("/cx/v1/impus/x/location").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.cause").isEqualTo("UNAUTHENTICATED");
        client.get().uri("/cx/v1/impus/x/location").headers(h -> h.setBearerAuth("wrong-token-0123456789"))
                .exchange().expectStatus().isUnauthorized();
        client.get().uri("/cx/v1/impus/x/location").headers(h -> h.setBearerAuth(ADMIN_TOKEN)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.cause").isEqualTo("ROLE_NOT_ALLOWED");
        client.get().uri("/admin/v1/wwsfs").exchange().expectStatus().isUnauthorized();
        client.get().uri("/admin/v1/wwsfs").headers(h -> h.setBearerAuth(ICSCF_TOKEN)).exchange()
                .expectStatus().isForbidden();
        client.post().uri("/admin/v1/web-identity-mappings").headers(h -> h.setBearerAuth(ICSCF_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isForbidden();
    }

    @Test
    void missingFieldsAndUnknownEnumsAre400() {
        icscf().post().uri("/cx/v1/impus/sip%3Aa%40b/authorize").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("authorizationType", "REGISTRATION")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.cause").isEqualTo("MISSING_FIELD");
        scscf(SCSCF1).put().uri("/cx/v1/impus/sip%3Aa%40b/scscf-registration").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("serverName", SCSCF1, "assignmentType", "SOMETHING")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.cause").isEqualTo("MALFORMED_REQUEST");
    }
}
