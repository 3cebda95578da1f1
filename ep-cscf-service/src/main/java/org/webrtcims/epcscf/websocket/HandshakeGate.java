package org.webrtcims.epcscf.websocket;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.webrtcims.auth.RequestPaths;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.limits.HandshakeLimiter;
import org.webrtcims.epcscf.wwsf.WwsfDirectory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Admits or refuses the WebSocket opening handshake before the upgrade (profile §3.0, §6 row 1):
 * <ul>
 *   <li>a path the router could read differently from the raw path ({@code /sip;x}, {@code /s%69p},
 *       {@code //sip}, dot segments; {@link RequestPaths}) → 400, so no spelling of the WebSocket path skips the
 *       checks below (issue 11); the WebSocket path is compared decoded;</li>
 *   <li>no {@code sip} in {@code Sec-WebSocket-Protocol} → 400 (RFC 7118 §4.1);</li>
 *   <li>too many handshakes or open connections from the source address → 429;</li>
 *   <li>an {@code Origin} that no enabled WWSF lists → 403 (D3, RFC 6455 §10.2); the WWSF list cannot be read
 *       and nothing is cached → 503;</li>
 * </ul>
 */
public final class HandshakeGate implements WebFilter {

    private final String path;
    private final WwsfDirectory wwsfs;
    private final HandshakeLimiter limiter;
    private final FlowRegistry flows;
    private final int maxConnectionsPerAddress;

    public HandshakeGate(String path, WwsfDirectory wwsfs, HandshakeLimiter limiter, FlowRegistry flows,
                         int maxConnectionsPerAddress) {
        this.path = path;
        this.wwsfs = wwsfs;
        this.limiter = limiter;
        this.flows = flows;
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!RequestPaths.isCanonical(rawPath)) {
            return refuse(exchange, HttpStatus.BAD_REQUEST);
        }
        if (!path.equals(StringUtils.uriDecode(rawPath, StandardCharsets.UTF_8))) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (!offersSip(headers.get("Sec-WebSocket-Protocol"))) {
            return refuse(exchange, HttpStatus.BAD_REQUEST);
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote != null && (!limiter.tryHandshake(remote.getAddress(), System.nanoTime())
                || flows.openFlows(remote.getAddress()) >= maxConnectionsPerAddress)) {
            return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS);
        }
        String origin = headers.getOrigin();
        if (origin == null) {
            return refuse(exchange, HttpStatus.FORBIDDEN);
        }
        return wwsfs.wwsfFor(origin)
                // an HSS lookup completes on an HTTP client thread: the upgrade must happen on the connection's own
                // event loop, or the WIC's first frame can arrive while the pipeline is still HTTP and be lost
                .publishOn(connectionLoop(exchange))
                .flatMap(wwsf -> wwsf.isEmpty() ? refuse(exchange, HttpStatus.FORBIDDEN) : chain.filter(exchange))
                .onErrorResume(WwsfDirectory.Unavailable.class,
                        e -> refuse(exchange, HttpStatus.SERVICE_UNAVAILABLE));
    }

    private static Scheduler connectionLoop(ServerWebExchange exchange) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return request instanceof Connection connection
                ? Schedulers.fromExecutor(connection.channel().eventLoop()) : Schedulers.immediate();
    }

    private static boolean offersSip(List<String> protocols) {
        if (protocols == null) {
            return false;
        }
        for (String header : protocols) {
            for (String protocol : header.split(",")) {
                if ("sip".equals(protocol.trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status) {
        exchange.getResponse().setStatusCode(status);
        if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.TOO_MANY_REQUESTS) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        }
        return exchange.getResponse().setComplete();
    }
}
