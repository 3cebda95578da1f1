package org.webrtcims.hss.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;
import org.webrtcims.cx.CxPaths;

/**
 * One role per caller (docs/security.md): each CSCF only the Cx operations it sends, operators the admin API,
 * never Cx. MAR and SAR are further limited to the Server-Names of the S-CSCF's credential (CxController).
 * Anything else under {@code /cx/} admits no one. Probes and metrics are public, and served on the management port
 * only.
 */
@Configuration(proxyBeanMethods = false)
class AccessRulesConfiguration {

    /** Profile §5.4: the proxy tells the HSS a credential changed (the endpoint lives in the admin API). */
    static final String CREDENTIAL_CHANGES = "/admin/v1/notifications/credential-changes";

    @Bean
    PathAccessRules pathAccessRules() {
        return PathAccessRules.of(
                PathAccessRule.denied("/cx/"),
                PathAccessRule.operation(HttpMethod.GET, CxPaths.WWSFS, ApiRole.EP_CSCF),
                PathAccessRule.operation(HttpMethod.POST, CxPaths.AUTHORIZE, ApiRole.I_CSCF),
                PathAccessRule.operation(HttpMethod.GET, CxPaths.LOCATION, ApiRole.I_CSCF),
                PathAccessRule.operation(HttpMethod.POST, CxPaths.AUTH_DATA, ApiRole.S_CSCF),
                PathAccessRule.operation(HttpMethod.PUT, CxPaths.SCSCF_REGISTRATION, ApiRole.S_CSCF),
                PathAccessRule.roles("/admin/", ApiRole.ADMIN),
                PathAccessRule.operation(HttpMethod.POST, CREDENTIAL_CHANGES, ApiRole.WEB_AUTH_PROXY),
                PathAccessRule.publicPath("/v3/api-docs"),
                // served on the management port only (management.server.port), where the filter also runs
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"));
    }
}
