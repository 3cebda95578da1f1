package org.webrtcims.hss;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Stands in for an S-CSCF's cx-notify API (the S-CSCF itself arrives with its own issue): records the RTR
 * callbacks it receives over real HTTP, and can be told to answer 503 to test redelivery.
 */
public final class RecordingScscf implements AutoCloseable {

    public record Received(String authorization, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private final DisposableServer server;

    public RecordingScscf() {
        server = HttpServer.create().host("localhost").port(0)
                .route(routes -> routes.post("/cx-notify/v1/deregistrations", (request, response) ->
                        request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
                            if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                return response.status(503).send().then();
                            }
                            received.add(new Received(request.requestHeaders().get("Authorization"), body));
                            return response.status(204).send().then();
                        }).then(Mono.empty())))
                .bindNow();
    }

    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The next {@code n} callbacks get 503, as from an S-CSCF that is down. */
    public void failNext(int n) {
        failuresToAnswer.set(n);
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
