package org.webrtcims.epcscf.websocket;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.webrtcims.epcscf.flow.Flow;
import org.webrtcims.epcscf.flow.FlowChannel;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.sip.EdgeProxy;
import org.webrtcims.epcscf.sip.MalformedInput;
import org.webrtcims.epcscf.wwsf.WwsfDirectory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One WebSocket connection = one flow (RFC 7118, RFC 5626). Text and binary messages both carry one SIP message
 * each (RFC 7118 §4.2, §5.3); invalid UTF-8 closes the connection with 1007, an oversized message with 1009
 * (RFC 6455 §7.4.1). The per-connection message rate is checked on the raw frame, before any decoding or parsing
 * (issue 11). Outbound messages wait in a bounded queue; a connection that lets it overflow is closed with 1008. A
 * WebSocket Ping goes out every ping interval and a connection silent for {@code missedPongs} intervals is closed
 * (D14); a CRLF CRLF keep-alive is answered with CRLF (RFC 5626 §4.4.1). Refused frames are logged at DEBUG and
 * counted ({@link MalformedInput}), never logged at WARN.
 */
public final class SipWebSocketHandler implements WebSocketHandler {

    private static final String DOUBLE_CRLF = "\r\n\r\n";

    private final FlowRegistry flows;
    private final WwsfDirectory wwsfs;
    private final EdgeProxy edge;
    private final Duration pingInterval;
    private final int missedPongs;
    private final int maxMessageSize;
    private final int maxOutboundMessages;
    private final MalformedInput malformed;

    public SipWebSocketHandler(FlowRegistry flows, WwsfDirectory wwsfs, EdgeProxy edge, Duration pingInterval,
                               int missedPongs, int maxMessageSize, int maxOutboundMessages,
                               MalformedInput malformed) {
        this.flows = flows;
        this.wwsfs = wwsfs;
        this.edge = edge;
        this.pingInterval = pingInterval;
        this.missedPongs = missedPongs;
        this.maxMessageSize = maxMessageSize;
        this.maxOutboundMessages = maxOutboundMessages;
        this.malformed = malformed;
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
        SessionChannel channel = new SessionChannel(session, maxOutboundMessages);
        Flow flow = flows.open(remote, wwsf, channel);
        channel.onOverflow(() -> malformed.record(MalformedInput.Reason.OUTBOUND_OVERFLOW, flow.id(),
                maxOutboundMessages + " messages queued"));
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
        long now = System.nanoTime();
        flow.touched(now);
        if (message.getType() == WebSocketMessage.Type.PING || message.getType() == WebSocketMessage.Type.PONG) {
            return;
        }
        int size = message.getPayload().readableByteCount();
        if (size > maxMessageSize) {
            malformed.record(MalformedInput.Reason.TOO_BIG, flow.id(), size + " bytes");
            channel.close(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "SIP message too big");
            return;
        }
        // the per-connection rate, on the raw frame: a flood costs a token check, not a parse (profile §3 step 1)
        boolean withinRate = flow.tryRequest(now);
        byte[] bytes = new byte[size];
        message.getPayload().read(bytes);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // RFC 6455 §8.1 (text must be UTF-8) and RFC 3261 §7 (SIP is UTF-8): 1007
            malformed.record(MalformedInput.Reason.INVALID_UTF8, flow.id(), e.toString());
            channel.close(CloseStatus.BAD_DATA.getCode(), "Invalid UTF-8");
            return;
        }
        if (!withinRate) {
            edge.onRateLimited(flow, text);
            return;
        }
        if (text.isBlank()) {
            if (text.contains(DOUBLE_CRLF)) {
                channel.send("\r\n"); // RFC 5626 §4.4.1 CRLF ping → CRLF pong
            }
            return;
        }
        edge.onMessage(flow, text);
    }

    /** Queues outbound messages for the session (at most {@code capacity}); any thread, never blocks. */
    private static final class SessionChannel implements FlowChannel {

        private final WebSocketSession session;
        private final BoundedOutbox<WebSocketMessage> outbound;
        private final AtomicBoolean closing = new AtomicBoolean();
        private volatile Runnable onOverflow = () -> { };

        SessionChannel(WebSocketSession session, int capacity) {
            this.session = session;
            this.outbound = new BoundedOutbox<>(capacity, message -> DataBufferUtils.release(message.getPayload()));
        }

        void onOverflow(Runnable action) {
            this.onOverflow = action;
        }

        Flux<WebSocketMessage> messages() {
            return outbound.messages();
        }

        @Override
        public void send(String sipMessage) {
            if (!outbound.offer(session.textMessage(sipMessage)) && outbound.overflowed()
                    && closing.compareAndSet(false, true)) {
                // issue 11: a peer that does not read its answers is closed, not buffered for (RFC 6455 §7.4.1)
                onOverflow.run();
                close(CloseStatus.POLICY_VIOLATION.getCode(), "Outbound queue full");
            }
        }

        @Override
        public void close(int code, String reason) {
            session.close(new CloseStatus(code, reason)).subscribe(v -> { }, e -> { });
        }
    }
}
