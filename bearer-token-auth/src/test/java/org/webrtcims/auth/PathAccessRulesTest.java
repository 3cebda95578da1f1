package org.webrtcims.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathAccessRulesTest {

    private final PathAccessRules rules = PathAccessRules.of(
            PathAccessRule.roles("/sync/", ApiRole.SYNC, ApiRole.ADMIN),
            PathAccessRule.publicPath("/actuator/health"),
            PathAccessRule.roles("/actuator/", ApiRole.ADMIN));

    @Test
    void longestMatchingPrefixDecides() {
        assertThat(rules.ruleFor("/actuator/health/readiness").isPublic()).isTrue();
        assertThat(rules.ruleFor("/actuator/env").roles()).containsExactly(ApiRole.ADMIN);
        assertThat(rules.ruleFor("/sync/v1/credentials").roles()).containsExactlyInAnyOrder(ApiRole.SYNC, ApiRole.ADMIN);
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
        assertThat(probesOnly.ruleFor("/actuator/env").roles()).containsExactly(ApiRole.ADMIN);
    }

    @Test
    void pathNoRuleNamesNeedsAnAdminFailClosed() {
        assertThat(rules.ruleFor("/forgotten/api").isPublic()).isFalse();
        assertThat(rules.ruleFor("/forgotten/api").roles()).containsExactly(ApiRole.ADMIN);
    }
}
