package org.webrtcims.epcscf.websocket;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.webrtcims.epcscf.flow.Flow;
import org.webrtcims.epcscf.flow.FlowChannel;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.sip.EdgeProxy;
import org.webrtcims.epcscf.wwsf.WwsfDirectory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One WebSocket connection = one flow (RFC 7118, RFC 5626). Text and binary messages both carry one SIP message
 * each (RFC 7118 §4.2, §5.3); invalid UTF-8 closes the connection with 1007, an oversized message with 1009
 * (RFC 6455 §7.4.1). A WebSocket Ping goes out every ping interval and a connection silent for
 * {@code missedPongs} intervals is closed (D14); a CRLF CRLF keep-alive is answered with CRLF (RFC 5626 §4.4.1).
 */
public final class SipWebSocketHandler implements WebSocketHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SipWebSocketHandler.class);

    private static final String DOUBLE_CRLF = "\r\n\r\n";

    private final FlowRegistry flows;
    private final WwsfDirectory wwsfs;
    private final EdgeProxy edge;
    private final Duration pingInterval;
    private final int missedPongs;
    private final int maxMessageSize;

    public SipWebSocketHandler(FlowRegistry flows, WwsfDirectory wwsfs, EdgeProxy edge, Duration pingInterval,
                               int missedPongs, int maxMessageSize) {
        this.flows = flows;
        this.wwsfs = wwsfs;
        this.edge = edge;
        this.pingInterval = pingInterval;
        this.missedPongs = missedPongs;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of("sip");
    }

    /** The gate admitted the Origin a moment ago, so its WWSF is in the directory's cache (D3). */
    @Override
    public Mono<Void> handle(WebSocketSession session) {
        InetSocketAddress remote = session.getHandshakeInfo().getRemoteAddress();
        Optional<String> wwsf = wwsfs.cached(session.getHandshakeInfo().getHeaders().getOrigin());
        return wwsf.isEmpty() || remote == null ? session.close(CloseStatus.POLICY_VIOLATION)
                : serve(session, remote, wwsf.get());
    }

    private Mono<Void> serve(WebSocketSession session, InetSocketAddress remote, String wwsf) {
        SessionChannel channel = new SessionChannel(session);
        Flow flow = flows.open(remote, wwsf, channel);
        Sinks.Empty<Void> ended = Sinks.empty();
        Flux<WebSocketMessage> pings = Flux.interval(pingInterval, pingInterval)
                .handle((tick, sink) -> {
                    if (System.nanoTime() - flow.lastInboundNanos() > pingInterval.toNanos() * missedPongs) {
                        channel.close(CloseStatus.GOING_AWAY.getCode(), "No keep-alive answer");
                    } else {
                        sink.next(session.pingMessage(factory -> factory.wrap(new byte[] {'k', 'a'})));
                    }
                });
        Mono<Void> input = session.receive()
                .doOnNext(message -> onFrame(flow, channel, message))
                .then()
                .doFinally(signal -> ended.tryEmitEmpty());
        Mono<Void> output = session.send(Flux.merge(channel.messages(), pings).takeUntilOther(ended.asMono()));
        return Mono.when(input, output).doFinally(signal -> flows.closed(flow));
    }

    private void onFrame(Flow flow, SessionChannel channel, WebSocketMessage message) {
        flow.touched(System.nanoTime());
        if (message.getType() == WebSocketMessage.Type.PING || message.getType() == WebSocketMessage.Type.PONG) {
            return;
        }
        int size = message.getPayload().readableByteCount();
        if (size > maxMessageSize) {
            channel.close(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "SIP message too big");
            return;
        }
        byte[] bytes = new byte[size];
        message.getPayload().read(bytes);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // RFC 6455 §8.1 (text must be UTF-8) and RFC 3261 §7 (SIP is UTF-8): 1007
            channel.close(CloseStatus.BAD_DATA.getCode(), "Invalid UTF-8");
            return;
        }
        if (text.isBlank()) {
            if (text.contains(DOUBLE_CRLF)) {
                channel.send("\r\n"); // RFC 5626 §4.4.1 CRLF ping → CRLF pong
            }
            return;
        }
        try {
            edge.onMessage(flow, text);
        } catch (RuntimeException e) {
            // a message no rule foresaw must not end the connection, let alone the service
            log.warn("Flow {}: message not handled: {}", flow.id(), e.toString());
        }
    }

    /** Queues outbound messages for the session; safe to call from any thread, never blocks. */
    private static final class SessionChannel implements FlowChannel {

        private final WebSocketSession session;
        private final Sinks.Many<WebSocketMessage> outbound = Sinks.many().unicast().onBackpressureBuffer();

        SessionChannel(WebSocketSession session) {
            this.session = session;
        }

        Flux<WebSocketMessage> messages() {
            return outbound.asFlux();
        }

        @Override
        public synchronized void send(String sipMessage) {
            outbound.tryEmitNext(session.textMessage(sipMessage));
        }

        @Override
        public void close(int code, String reason) {
            session.close(new CloseStatus(code, reason)).subscribe();
        }
    }
}
