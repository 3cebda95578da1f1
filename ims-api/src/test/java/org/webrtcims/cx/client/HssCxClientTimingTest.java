package org.webrtcims.cx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.AuthorizationType;
import org.webrtcims.cx.UserAuthorizationRequest;

import com.sun.net.httpserver.HttpServer;

import reactor.netty.resources.LoopResources;

/**
 * Where the client's work runs and how long it waits (issue 12: the HTTP client on the service's own event loops,
 * one time limit per phase of a call), over real sockets.
 */
class HssCxClientTimingTest {

    private static final UserAuthorizationRequest UAR = new UserAuthorizationRequest("user@idp.example.com",
            AuthorizationType.REGISTRATION, "ims.example.net", "wwsf.example.com", false);

    @Test
    void answerIsHandledOnTheEventLoopsOfTheCallingService() throws Exception {
        HttpServer hss = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hss.createContext("/cx/v1/", exchange -> {
            byte[] body = "{\"resultCode\":2001,\"result\":\"DIAMETER_FIRST_REGISTRATION\",\"serverName\":\"sip:scscf.ims.example.net:5064\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hss.start();
        LoopResources serviceLoops = LoopResources.create("svc-loop", 1, true);
        try {
            HssCxClient client = new HssCxClient(new HssConnection(
                    URI.create("http://127.0.0.1:" + hss.getAddress().getPort()), "t", Duration.ofSeconds(1), Duration.ofSeconds(5)),
                    () -> serviceLoops);
            AtomicReference<String> thread = new AtomicReference<>();
            client.authorize("sip:user@ims.example.net", UAR)
                    .doOnNext(answer -> thread.set(Thread.currentThread().getName()))
                    .block(Duration.ofSeconds(10));
            assertThat(thread.get()).startsWith("svc-loop");
        } finally {
            serviceLoops.disposeLater().block(Duration.ofSeconds(5));
            hss.stop(0);
        }
    }

    @Test
    void hssThatAcceptsButNeverAnswersIsATimeoutAfterTheResponseTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = daemon(() -> {
                try {
                    while (true) {
                        Socket socket = silent.accept();
                        accepted.add(socket);
                        InputStream in = socket.getInputStream();
                        daemon(() -> drain(in)); // reads the request, answers nothing
                    }
                } catch (Exception closed) {
                    // test over
                }
            });
            HssCxClient client = new HssCxClient(new HssConnection(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort()), "t", Duration.ofSeconds(1), Duration.ofMillis(300)));
            long start = System.nanoTime();
            HssFailure failure = catchThrowableOfType(HssFailure.class,
                    () -> client.authorize("sip:user@ims.example.net", UAR).block(Duration.ofSeconds(10)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(failure.kind()).isEqualTo(HssFailure.Kind.TIMEOUT);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(300).isLessThan(5_000);
            acceptor.interrupt();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void hssNotListeningIsAnErrorNotANegativeAnswer() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        HssCxClient client = new HssCxClient(new HssConnection(URI.create("http://127.0.0.1:" + closedPort), "t",
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        HssFailure failure = catchThrowableOfType(HssFailure.class,
                () -> client.authorize("sip:user@ims.example.net", UAR).block(Duration.ofSeconds(10)));
        assertThat(failure.kind()).isEqualTo(HssFailure.Kind.ERROR);
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (Exception closed) {
            // socket closed
        }
    }
}
