package org.webrtcims.problem;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import tools.jackson.databind.json.JsonMapper;

/** Answers every error of a reactive web application as problem+json (before Boot's own error handler). */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ProblemJsonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemJsonWriter problemJsonWriter(ObjectProvider<JsonMapper> jsonMapper) {
        return new ProblemJsonWriter(jsonMapper.getIfAvailable(JsonMapper::new));
    }

    /** Ordered before Boot's {@code DefaultErrorWebExceptionHandler} (order -1). */
    @Bean
    @Order(-2)
    ProblemJsonWebExceptionHandler problemJsonWebExceptionHandler(ObjectProvider<ProblemMapper> mappers,
                                                                  ProblemJsonWriter writer) {
        return new ProblemJsonWebExceptionHandler(mappers.orderedStream().toList(), writer);
    }
}
