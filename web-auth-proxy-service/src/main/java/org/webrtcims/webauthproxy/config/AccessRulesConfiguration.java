package org.webrtcims.webauthproxy.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.av.DigestVectorFetchRequest;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;

/**
 * Who may call what (docs/security.md): sync clients the sync API (within their WWSF scopes, SyncScope), only the
 * HSS the vector fetch, operators the admin and sync APIs, never the fetch. Anything else under {@code /av/}
 * admits no one. Probes and metrics are public, and served on the management port only.
 */
@Configuration(proxyBeanMethods = false)
class AccessRulesConfiguration {

    @Bean
    PathAccessRules pathAccessRules() {
        return PathAccessRules.of(
                PathAccessRule.roles("/sync/", ApiRole.SYNC, ApiRole.ADMIN),
                PathAccessRule.denied("/av/"),
                PathAccessRule.operation(HttpMethod.POST, DigestVectorFetchRequest.PATH, ApiRole.HSS),
                PathAccessRule.roles("/admin/", ApiRole.ADMIN),
                PathAccessRule.publicPath("/v3/api-docs"),
                // served on the management port only (management.server.port), where the filter also runs
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"));
    }
}
