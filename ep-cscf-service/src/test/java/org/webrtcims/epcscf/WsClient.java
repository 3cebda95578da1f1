package org.webrtcims.epcscf;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.Http11SslContextSpec;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * A WebSocket client for the eP-CSCF's rules, on Reactor Netty: any Origin and subprotocols, raw frames (invalid
 * UTF-8, oversized, binary), the close code, the HTTP status of a refused handshake, and an abrupt TCP drop.
 */
final class WsClient implements AutoCloseable {

    /** The server refused the opening handshake with this HTTP status. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status) {
            super("handshake refused: HTTP " + status);
            this.status = status;
        }
    }

    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<Connection> connected = new CompletableFuture<>();
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
    /** Messages (String) and the close (Integer code, -1 without one) in the order they arrived. */
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    private WsClient() {
    }

    static WsClient connect(String url, String origin) {
        return connect(url, origin, true, "sip");
    }

    /** @param answerPings false: a silent peer that never answers the server's Pings */
    static WsClient connect(String url, String origin, boolean answerPings, String... protocols) {
        WsClient client = new WsClient();
        WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().handlePing(!answerPings)
                .maxFramePayloadLength(1 << 20);
        if (protocols.length > 0) {
            spec.protocols(String.join(",", protocols));
        }
        HttpClient http = HttpClient.create();
        if (url.startsWith("wss:")) {
            // the test's self-signed certificate
            http = http.secure(ssl -> ssl.sslContext(Http11SslContextSpec.forClient().configure(builder ->
                    builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
        }
        http.headers(h -> {
            if (origin != null) {
                h.set("Origin", origin);
            }
        }).websocket(spec.build()).uri(url).handle((in, out) -> {
            in.withConnection(client.connected::complete);
            in.receiveCloseStatus().subscribe(s -> {
                client.closeCode.complete(s.code());
                client.events.add(s.code());
            });
            Mono<Void> receive = in.aggregateFrames().receiveFrames().doOnNext(frame -> {
                if (frame instanceof TextWebSocketFrame text) {
                    client.inbox.add(text.text());
                    client.events.add(text.text());
                } else if (frame instanceof BinaryWebSocketFrame binary) {
                    client.inbox.add(binary.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                    client.events.add(binary.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                } else if (frame instanceof PingWebSocketFrame) {
                    client.pings.add("ping");
                }
            }).then();
            return out.sendObject(client.outbound.asFlux()).then().and(receive);
        }).doOnError(e -> {
            if (e instanceof WebSocketClientHandshakeException refused) {
                client.connected.completeExceptionally(new Refused(refused.response().status().code()));
            } else {
                client.connected.completeExceptionally(e);
            }
        }).doFinally(s -> {
            if (client.closeCode.complete(-1)) {
                client.events.add(-1);
            }
        }).subscribe(v -> { }, e -> { });
        try {
            client.connected.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("no WebSocket connection to " + url, e);
        }
        return client;
    }

    void send(String sipMessage) {
        outbound.tryEmitNext(new TextWebSocketFrame(sipMessage));
    }

    void sendTextBytes(byte[] payload) {
        outbound.tryEmitNext(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    void sendBinary(byte[] payload) {
        outbound.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    /** The next message from the server, or null after the timeout. */
    String next(Duration timeout) {
        try {
            return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next message (String) or the close (Integer code), or null after the timeout. */
    Object nextEvent(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The close code the server sent (-1: the connection ended without one). */
    int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the connection was not closed within " + timeout, e);
        }
    }

    boolean isOpen() {
        return !closeCode.isDone();
    }

    boolean receivedPing(Duration timeout) {
        try {
            return pings.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Drops the TCP connection without a close frame (a tab killed, a network gone). */
    void abort() {
        connected.join().dispose();
    }

    @Override
    public void close() {
        if (connected.isDone() && !connected.isCompletedExceptionally()) {
            connected.join().dispose();
        }
    }
}
