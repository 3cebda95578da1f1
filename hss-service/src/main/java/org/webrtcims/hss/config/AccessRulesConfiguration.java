package org.webrtcims.hss.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;

/**
 * The CSCFs call the Cx API (INTERNAL), operators the admin API (ADMIN), the web-auth proxy its credential-change
 * notices (INTERNAL until the per-caller roles land; then WEB_AUTH_PROXY).
 */
@Configuration(proxyBeanMethods = false)
class AccessRulesConfiguration {

    @Bean
    PathAccessRules pathAccessRules() {
        return PathAccessRules.of(
                PathAccessRule.roles("/cx/", ApiRole.INTERNAL),
                PathAccessRule.roles("/admin/", ApiRole.ADMIN),
                PathAccessRule.roles("/admin/v1/notifications/credential-changes", ApiRole.INTERNAL),
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"),
                PathAccessRule.publicPath("/v3/api-docs"));
    }
}
