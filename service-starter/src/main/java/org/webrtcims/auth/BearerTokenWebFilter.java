package org.webrtcims.auth;

import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.webrtcims.problem.Problem;
import org.webrtcims.problem.ProblemJsonWriter;

import reactor.core.publisher.Mono;

/**
 * First refuses a path the router could read differently from the rules (matrix parameters, encoded letters or
 * slashes, dot segments, {@code //}: 400 {@code NON_CANONICAL_PATH}, {@link RequestPaths}), then requires
 * {@code Authorization: Bearer <token>} on every non-public request: missing or unknown token → 401 with
 * {@code WWW-Authenticate: Bearer} (RFC 6750 §3), known token of a role the matching rule (by method and path
 * segments, {@link PathAccessRules}) does not admit → 403. The authenticated {@link ApiClient} is left in the
 * exchange for controllers.
 */
public final class BearerTokenWebFilter implements WebFilter {

    public static final String CLIENT_ATTRIBUTE = ApiClient.class.getName();

    private final BearerTokenRegistry registry;
    private final PathAccessRules rules;
    private final ProblemJsonWriter writer;
    private final String realm;

    public BearerTokenWebFilter(BearerTokenRegistry registry, PathAccessRules rules, ProblemJsonWriter writer,
                                String realm) {
        this.registry = registry;
        this.rules = rules;
        this.writer = writer;
        this.realm = realm;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // the raw path (still percent-encoded); the router decodes it and drops ';' parameters (issue 11, finding 1)
        String rawPath = exchange.getRequest().getPath().pathWithinApplication().value();
        Optional<RequestPaths.Refusal> refusal = RequestPaths.check(rawPath);
        if (refusal.isPresent()) {
            return writer.write(exchange, Problem.of(HttpStatus.BAD_REQUEST, refusal.get().cause(),
                    refusal.get().detail()));
        }
        PathAccessRule rule = rules.ruleFor(exchange.getRequest().getMethod(), rawPath);
        if (rule.isPublic()) {
            return chain.filter(exchange);
        }
        Optional<ApiClient> client = registry.authenticate(bearerToken(exchange));
        // a refusal leaves the request body unread; the problem writer closes the connection (ProblemJsonWriter)
        if (client.isEmpty()) {
            Problem problem = Problem.of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                            "A valid bearer token is required.")
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"");
            return writer.write(exchange, problem);
        }
        if (!rule.admits(client.get().role())) {
            return writer.write(exchange, Problem.of(HttpStatus.FORBIDDEN, "ROLE_NOT_ALLOWED",
                    "This token's role may not call this API."));
        }
        exchange.getAttributes().put(CLIENT_ATTRIBUTE, client.get());
        return chain.filter(exchange);
    }

    private static String bearerToken(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
