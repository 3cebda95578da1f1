package org.webrtcims.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class PathAccessRulesTest {

    private final PathAccessRules rules = PathAccessRules.of(
            PathAccessRule.roles("/sync/", ApiRole.SYNC, ApiRole.ADMIN),
            PathAccessRule.publicPath("/actuator/health"),
            PathAccessRule.roles("/actuator/", ApiRole.ADMIN));

    private final PathAccessRules cx = PathAccessRules.of(
            PathAccessRule.denied("/cx/"),
            PathAccessRule.operation(HttpMethod.GET, "/cx/v1/wwsfs", ApiRole.EP_CSCF),
            PathAccessRule.operation(HttpMethod.POST, "/cx/v1/impis/{impi}/auth-data", ApiRole.S_CSCF),
            PathAccessRule.operation(HttpMethod.GET, "/cx/v1/impus/{impu}/location", ApiRole.I_CSCF),
            PathAccessRule.roles("/admin/", ApiRole.ADMIN),
            PathAccessRule.operation(HttpMethod.POST, "/admin/v1/notifications/credential-changes",
                    ApiRole.WEB_AUTH_PROXY));

    @Test
    void mostSpecificMatchingRuleDecides() {
        assertThat(rules.ruleFor(HttpMethod.GET, "/actuator/health/readiness").isPublic()).isTrue();
        assertThat(rules.ruleFor(HttpMethod.GET, "/actuator/env").roles()).containsExactly(ApiRole.ADMIN);
        assertThat(rules.ruleFor(HttpMethod.POST, "/sync/v1/credentials").roles())
                .containsExactlyInAnyOrder(ApiRole.SYNC, ApiRole.ADMIN);
    }

    @Test
    void prefixesMatchWholeSegmentsNotCharacters() {
        assertThat(cx.ruleFor(HttpMethod.POST, "/cxfoo/v1/impis/x/auth-data")).isNotEqualTo(
                cx.ruleFor(HttpMethod.POST, "/cx/v1/impis/x/auth-data"));
        assertThat(cx.ruleFor(HttpMethod.POST, "/cxfoo/v1/impis/x/auth-data").roles()).containsExactly(ApiRole.ADMIN);
        assertThat(rules.ruleFor(HttpMethod.GET, "/actuator/healthz").roles()).containsExactly(ApiRole.ADMIN);
        assertThat(rules.ruleFor(HttpMethod.GET, "/actuator/health").isPublic()).isTrue();
    }

    @Test
    void operationRulesMatchMethodAndExactSegmentsWithVariables() {
        assertThat(cx.ruleFor(HttpMethod.POST, "/cx/v1/impis/sip%3Aalice%40example.org/auth-data").roles())
                .containsExactly(ApiRole.S_CSCF);
        // another method, an extra or missing segment, an empty variable: the /cx/ catch-all, which admits no one
        assertThat(cx.ruleFor(HttpMethod.GET, "/cx/v1/impis/alice/auth-data").roles()).isEmpty();
        assertThat(cx.ruleFor(HttpMethod.POST, "/cx/v1/impis/alice/auth-data/x").roles()).isEmpty();
        assertThat(cx.ruleFor(HttpMethod.POST, "/cx/v1/impis/auth-data").roles()).isEmpty();
        assertThat(cx.ruleFor(HttpMethod.POST, "/cx/v1/impis//auth-data").roles()).isEmpty();
        assertThat(cx.ruleFor(HttpMethod.GET, "/cx/v1/wwsfs/").roles()).isEmpty();
        assertThat(cx.ruleFor(HttpMethod.GET, "/cx/v1/wwsfs").admits(ApiRole.ADMIN)).isFalse();
    }

    @Test
    void literalSegmentsCompareDecodedSoAnEncodedReservedCharacterStillMatches() {
        PathAccessRules av = PathAccessRules.of(PathAccessRule.denied("/av/"),
                PathAccessRule.operation(HttpMethod.POST, "/av/v1/digest-vectors:fetch", ApiRole.HSS));
        assertThat(av.ruleFor(HttpMethod.POST, "/av/v1/digest-vectors%3Afetch").roles()).containsExactly(ApiRole.HSS);
        assertThat(av.ruleFor(HttpMethod.POST, "/av/v1/digest-vectors:fetch").roles()).containsExactly(ApiRole.HSS);
    }

    @Test
    void getRuleAlsoCoversHeadWhichWebFluxServesWithTheGetHandler() {
        assertThat(cx.ruleFor(HttpMethod.HEAD, "/cx/v1/impus/x/location").roles()).containsExactly(ApiRole.I_CSCF);
        assertThat(cx.ruleFor(HttpMethod.HEAD, "/cx/v1/impis/x/auth-data").roles()).isEmpty();
    }

    @Test
    void anOperationUnderAPrefixOverridesThePrefix() {
        assertThat(cx.ruleFor(HttpMethod.POST, "/admin/v1/notifications/credential-changes").roles())
                .containsExactly(ApiRole.WEB_AUTH_PROXY);
        assertThat(cx.ruleFor(HttpMethod.GET, "/admin/v1/notifications/credential-changes").roles())
                .containsExactly(ApiRole.ADMIN);
        assertThat(cx.ruleFor(HttpMethod.PUT, "/admin/v1/wwsfs/w.example").roles()).containsExactly(ApiRole.ADMIN);
    }

    @Test
    void deniedPrefixAdmitsNoRoleAndIsNotPublic() {
        PathAccessRule denied = cx.ruleFor(HttpMethod.DELETE, "/cx/v1/anything");
        assertThat(denied.isPublic()).isFalse();
        for (ApiRole role : ApiRole.values()) {
            assertThat(denied.admits(role)).isFalse();
        }
    }

    @Test
    void rulesNamingARoleDeclareAProtectedApi() {
        assertThat(rules.declaresProtectedApi()).isTrue();
    }

    @Test
    void onlyPublicRulesDeclareNoProtectedApiButUnlistedPathsStillNeedAnAdmin() {
        PathAccessRules probesOnly = PathAccessRules.of(PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"));
        assertThat(probesOnly.declaresProtectedApi()).isFalse();
        assertThat(probesOnly.ruleFor(HttpMethod.GET, "/actuator/env").roles()).containsExactly(ApiRole.ADMIN);
    }

    @Test
    void pathNoRuleNamesNeedsAnAdminFailClosed() {
        assertThat(rules.ruleFor(HttpMethod.GET, "/forgotten/api").isPublic()).isFalse();
        assertThat(rules.ruleFor(HttpMethod.GET, "/forgotten/api").roles()).containsExactly(ApiRole.ADMIN);
    }
}
