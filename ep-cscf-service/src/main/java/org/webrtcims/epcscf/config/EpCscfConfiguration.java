package org.webrtcims.epcscf.config;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.flow.FlowTokens;
import org.webrtcims.epcscf.limits.HandshakeLimiter;
import org.webrtcims.epcscf.sip.EdgeProxy;
import org.webrtcims.epcscf.sip.MalformedInput;
import org.webrtcims.epcscf.websocket.HandshakeGate;
import org.webrtcims.epcscf.websocket.SipWebSocketHandler;
import org.webrtcims.epcscf.wwsf.OriginAllowList;
import org.webrtcims.epcscf.wwsf.WwsfDirectory;
import org.webrtcims.sip.SipStackRunner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.server.WebsocketServerSpec;

@Configuration(proxyBeanMethods = false)
class EpCscfConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EpCscfConfiguration.class);

    @Bean
    FlowRegistry flowRegistry(EpCscfProperties properties, Environment environment) {
        requireTlsUnlessPlainAllowed(properties, environment);
        byte[] key;
        if (properties.flows().tokenKey().isBlank()) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
            log.info("No epcscf.flows.token-key set: flow tokens use a random key for this run");
        } else {
            key = Base64.getDecoder().decode(properties.flows().tokenKey());
        }
        return new FlowRegistry(new FlowTokens(key), properties.flows().recoveryGrace(),
                properties.limits().messagesPerConnectionPerSecond(), System::nanoTime);
    }

    @Bean
    WwsfDirectory wwsfDirectory(EpCscfProperties properties) {
        return switch (properties.wwsfs().source()) {
            case "static" -> WwsfDirectory.fixed(OriginAllowList.ofStatic(properties.wwsfs().statics()));
            case "hss" -> WwsfDirectory.fromHss(new HssCxClient(properties.hss()),
                    properties.wwsfs().refreshInterval(), System::nanoTime);
            default -> throw new IllegalStateException("epcscf.wwsfs.source must be hss or static, not "
                    + properties.wwsfs().source());
        };
    }

    @Bean
    HandshakeLimiter handshakeLimiter(EpCscfProperties properties) {
        return new HandshakeLimiter(properties.limits().handshakesPerIpPerSecond());
    }

    @Bean
    HandshakeGate handshakeGate(EpCscfProperties properties, WwsfDirectory wwsfs, HandshakeLimiter limiter,
                                FlowRegistry flows) {
        return new HandshakeGate(properties.websocket().path(), wwsfs, limiter, flows,
                properties.limits().maxConnectionsPerIp());
    }

    /** Malformed, stray and over-limit input: DEBUG lines and the {@code epcscf.input.rejected} counter. */
    @Bean
    MalformedInput malformedInput(MeterRegistry registry) {
        return new MalformedInput(registry);
    }

    @Bean(destroyMethod = "shutdown")
    EdgeProxy edgeProxy(EpCscfProperties properties, FlowRegistry flows, MalformedInput malformed,
                        Environment environment) {
        return new EdgeProxy(properties, flows, malformed, servesTls(environment));
    }

    @Bean(destroyMethod = "close")
    SipStackRunner sipStack(EpCscfProperties properties, EdgeProxy edge) {
        // epcscf.sip.max-message-size defaults to the WebSocket's limit (EpCscfProperties)
        SipStackRunner runner = SipStackRunner.start(properties.sip().stackSettings("epcscf"), edge);
        edge.attach(runner);
        return runner;
    }

    @Bean
    HandlerMapping webSocketMapping(EpCscfProperties properties, FlowRegistry flows, WwsfDirectory wwsfs,
                                    EdgeProxy edge, MalformedInput malformed) {
        EpCscfProperties.WebSocket ws = properties.websocket();
        SipWebSocketHandler handler = new SipWebSocketHandler(flows, wwsfs, edge, ws.pingInterval(), ws.missedPongs(),
                ws.maxMessageSize(), ws.maxOutboundMessages(), malformed);
        return new SimpleUrlHandlerMapping(Map.of(ws.path(), handler), Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * The WebSocket service of WebFlux's own handler adapter: Netty enforces the frame size limit (close 1009) and
     * answers the WIC's Pings.
     */
    @Bean
    WebFluxConfigurer webSocketService(EpCscfProperties properties) {
        int max = properties.websocket().maxMessageSize();
        HandshakeWebSocketService service = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(max).handlePing(false)));
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return service;
            }
        };
    }

    /** Forgets closed flows after their recovery grace and idle per-address handshake buckets. */
    @Bean(destroyMethod = "dispose")
    Disposable flowSweeper(FlowRegistry flows, HandshakeLimiter limiter) {
        return Flux.interval(Duration.ofSeconds(1)).subscribe(tick -> {
            flows.sweep();
            limiter.sweep(System.nanoTime());
        });
    }

    @Bean
    Gauge openFlowsGauge(FlowRegistry flows, MeterRegistry registry) {
        return Gauge.builder("epcscf.flows.open", flows, FlowRegistry::openFlows)
                .description("Open WebSocket flows").register(registry);
    }

    /**
     * The WebSocket endpoint is public (browsers); probes and metrics are public, and served on the management port
     * only; nothing else exists. The bearer filter also refuses path tricks ({@code /sip;x}) with 400 before the
     * HandshakeGate.
     */
    @Bean
    PathAccessRules pathAccessRules(EpCscfProperties properties) {
        return PathAccessRules.of(
                PathAccessRule.publicPath(properties.websocket().path()),
                // served on the management port only (management.server.port), where the filter also runs
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"));
    }

    /** W2 is WSS (profile §3); plain ws only when a developer asked for it. */
    private static void requireTlsUnlessPlainAllowed(EpCscfProperties properties, Environment environment) {
        boolean tls = servesTls(environment);
        if (!tls && !properties.websocket().allowPlain()) {
            throw new IllegalStateException("The eP-CSCF serves WebSocket over TLS (wss): set server.ssl.bundle, or "
                    + "epcscf.websocket.allow-plain=true for development over plain ws");
        }
        if (!tls) {
            log.warn("Serving SIP over plain WebSocket (ws://): development only");
        }
    }

    /** Whether the WebSocket endpoint is TLS (wss). */
    private static boolean servesTls(Environment environment) {
        boolean tls = hasText(environment.getProperty("server.ssl.bundle"))
                || hasText(environment.getProperty("server.ssl.key-store"))
                || hasText(environment.getProperty("server.ssl.certificate"));
        boolean disabled = "false".equalsIgnoreCase(environment.getProperty("server.ssl.enabled"));
        return tls && !disabled;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
