package org.webrtcims.webauthproxy.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;

/** Who may call what: sync clients the sync API, the HSS the vector fetch, operators everything admin. */
@Configuration(proxyBeanMethods = false)
class AccessRulesConfiguration {

    @Bean
    PathAccessRules pathAccessRules() {
        return PathAccessRules.of(
                PathAccessRule.roles("/sync/", ApiRole.SYNC, ApiRole.ADMIN),
                PathAccessRule.roles("/av/", ApiRole.INTERNAL),
                PathAccessRule.roles("/admin/", ApiRole.ADMIN),
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"),
                PathAccessRule.publicPath("/v3/api-docs"));
    }
}
