package org.webrtcims.problem;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Problem} as the response: status, headers, {@code application/problem+json} body, and
 * {@code Connection: close}.
 * <p>
 * Why close: a problem is often answered without reading the request body (a refused token) or synchronously (no
 * database or network hop), and on an HTTP/1.1 keep-alive connection Reactor Netty 1.3.6 can then stop reading, so
 * the caller's next request on that connection waits for an answer that never comes (reactor/reactor-netty #4188,
 * #4361; seen in this project's tests and benchmarks). Errors are rare next to successes, so the cost is a new
 * connection after each one.
 */
public final class ProblemJsonWriter {

    private final JsonMapper jsonMapper;

    public ProblemJsonWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(problem.status());
        response.getHeaders().putAll(problem.headers());
        response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] json = jsonMapper.writeValueAsString(problem.body(exchange.getRequest().getPath().value()))
                .getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(json);
        return response.writeWith(Mono.just(buffer));
    }
}
