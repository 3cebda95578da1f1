package org.webrtcims.hss.av;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.ReactorResourceFactory;
import org.webrtcims.cx.CxCause;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.hss.config.HssProperties;
import org.webrtcims.hss.cx.CxException;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Profile §5.5: how the proxy's failures reach the HSS's callers, over real HTTP. */
class AvProxyClientTest {

    private DisposableServer server;

    /** Netty resources of their own, as the HSS has (service-starter), started as the application would. */
    private final ReactorResourceFactory resources = started();

    private static ReactorResourceFactory started() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
        resources.destroy();
    }

    @Test
    void answerIsReadOnTheHssOwnEventLoops() {
        AvProxyClient client = clientFor("{\"cause\":\"UNKNOWN_WEB_IDENTITY\"}", 404);
        java.util.concurrent.atomic.AtomicReference<String> thread = new java.util.concurrent.atomic.AtomicReference<>();
        client.fetch("alice@idp.example.com", "wwsf.example.com", List.of(DigestAlgorithm.MD5))
                .doOnEach(signal -> thread.compareAndSet(null, Thread.currentThread().getName()))
                .onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));
        // the factory's own loops, not Reactor Netty's global "reactor-http-*" loops
        assertThat(thread.get()).isNotNull().doesNotStartWith("reactor-http-");
    }

    private AvProxyClient clientFor(String answer, int status) {
        server = HttpServer.create().host("localhost").port(0)
                .route(r -> r.post("/av/v1/digest-vectors:fetch", (req, res) -> "hang".equals(answer)
                        ? Mono.never()
                        : res.status(status).header("Content-Type", "application/problem+json").sendString(Mono.just(answer))
                                .then()))
                .bindNow();
        return new AvProxyClient(new HssProperties(List.of(), List.of(), new HssProperties.AvProxy(
                URI.create("http://localhost:" + server.port()), "token-0123456789abcdef", Duration.ofSeconds(5),
                // short only where the timeout is what the test is about: a cold client on a busy machine can take
                // longer than 300 ms for its first answer, which would turn a 502/422 case into a 504
                "hang".equals(answer) ? Duration.ofMillis(300) : Duration.ofSeconds(10)), null, null, null), resources);
    }

    private CxException fetchFailure(AvProxyClient client) {
        return catchThrowableOfType(CxException.class, () -> client.fetch("alice@idp.example.com", "wwsf.example.com",
                List.of(DigestAlgorithm.MD5)).block(Duration.ofSeconds(5)));
    }

    @Test
    void proxyThatDoesNotAnswerInTimeIs504AvSourceUnavailable() {
        CxException failure = fetchFailure(clientFor("hang", 200));
        assertThat(failure.cxCause()).isEqualTo(CxCause.AV_SOURCE_UNAVAILABLE);
        assertThat(failure.httpStatus()).isEqualTo(504);
    }

    @Test
    void proxyServerErrorIs502AvSourceError() {
        CxException failure = fetchFailure(clientFor("{\"cause\":\"DATABASE_UNAVAILABLE\"}", 503));
        assertThat(failure.cxCause()).isEqualTo(CxCause.AV_SOURCE_ERROR);
        assertThat(failure.httpStatus()).isEqualTo(502);
    }

    @Test
    void proxyRefusingTheHssTokenIs502NotA4xxForTheCscf() {
        CxException failure = fetchFailure(clientFor("{\"cause\":\"UNAUTHENTICATED\"}", 401));
        assertThat(failure.cxCause()).isEqualTo(CxCause.AV_SOURCE_ERROR);
        assertThat(failure.httpStatus()).isEqualTo(502);
    }

    @Test
    void proxyWithoutTheCredentialIsAuthDataUnavailableWithItsStatusAndCause() {
        CxException failure = fetchFailure(clientFor("{\"cause\":\"NO_VECTOR_FOR_ALGORITHMS\"}", 422));
        assertThat(failure.cxCause()).isEqualTo(CxCause.AUTH_DATA_UNAVAILABLE);
        assertThat(failure.httpStatus()).isEqualTo(422);
        assertThat(failure.extensions()).containsEntry("avSourceCause", "NO_VECTOR_FOR_ALGORITHMS");
    }
}
