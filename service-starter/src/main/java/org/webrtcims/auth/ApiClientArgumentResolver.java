package org.webrtcims.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** Lets a controller method take the authenticated {@link ApiClient} as a parameter. */
final class ApiClientArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return ApiClient.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
                                        ServerWebExchange exchange) {
        ApiClient client = exchange.getAttribute(BearerTokenWebFilter.CLIENT_ATTRIBUTE);
        if (client == null) {
            return Mono.error(new IllegalStateException(
                    "No authenticated client: the path of " + parameter.getMethod() + " is public"));
        }
        return Mono.just(client);
    }
}
