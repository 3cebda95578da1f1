package org.webrtcims.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.webrtcims.problem.ProblemJsonAutoConfiguration;
import org.webrtcims.problem.ProblemJsonWriter;

/**
 * Protects a reactive service once it declares its {@link PathAccessRules} bean; tokens come from
 * {@link ApiAuthProperties}.
 */
@AutoConfiguration(after = ProblemJsonAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(PathAccessRules.class)
@EnableConfigurationProperties(ApiAuthProperties.class)
public class BearerTokenAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenAutoConfiguration.class);

    @Bean
    BearerTokenRegistry bearerTokenRegistry(ApiAuthProperties properties, PathAccessRules rules) {
        BearerTokenRegistry registry = new BearerTokenRegistry(properties.clients());
        if (registry.size() == 0 && rules.declaresProtectedApi()) {
            log.warn("No api-auth clients configured: every protected API answers 401");
        }
        return registry;
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    BearerTokenWebFilter bearerTokenWebFilter(BearerTokenRegistry registry, PathAccessRules rules,
                                              ProblemJsonWriter writer,
                                              @Value("${spring.application.name:webrtc-ims}") String realm) {
        return new BearerTokenWebFilter(registry, rules, writer, realm);
    }

    @Bean
    NetworkCallsUnobserved networkCallsUnobserved(PathAccessRules rules) {
        return new NetworkCallsUnobserved(rules);
    }

    @Bean
    WebFluxConfigurer apiClientArgumentResolverConfigurer() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new ApiClientArgumentResolver());
            }
        };
    }
}
