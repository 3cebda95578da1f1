package org.webrtcims.hss.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;

/** The CSCFs call the Cx API (INTERNAL), operators the admin API (ADMIN). */
@Configuration(proxyBeanMethods = false)
class AccessRulesConfiguration {

    @Bean
    PathAccessRules pathAccessRules() {
        return PathAccessRules.of(
                PathAccessRule.roles("/cx/", ApiRole.INTERNAL),
                PathAccessRule.roles("/admin/", ApiRole.ADMIN),
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"),
                PathAccessRule.publicPath("/v3/api-docs"));
    }
}
