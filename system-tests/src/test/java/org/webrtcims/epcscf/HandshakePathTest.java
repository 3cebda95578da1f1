package org.webrtcims.epcscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;

/**
 * The WebSocket handshake gate decides on the path the router routes (issue 11): a spelling of the WebSocket path
 * with matrix parameters, encoded letters, {@code //} or dot segments used to skip the gate (the gate compared the
 * raw path with {@code /sip}, the router matched it anyway), and so the Origin check and the per-address handshake
 * limit. Raw HTTP/1.1 upgrade requests, so that the path goes out exactly as written.
 */
class HandshakePathTest {

    private static EdgeChain chain;
    private static EdgeChain.Edge edge;

    @BeforeAll
    static void start() {
        chain = new EdgeChain();
        edge = chain.edge(Map.of("epcscf.limits.handshakes-per-ip-per-second", 1));
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    /** The status code of a raw upgrade request for {@code path}. */
    private static int handshake(int port, String path, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: sip\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return statusOf(socket.getInputStream());
        }
    }

    private static int statusOf(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        // "HTTP/1.1 101 Switching Protocols"
        return Integer.parseInt(line.toString().split(" ")[1]);
    }

    private static int get(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return statusOf(socket.getInputStream());
        }
    }

    @Test
    void pathTricksOnTheWebSocketPathAreRefusedBeforeTheUpgrade() throws IOException {
        for (String trick : new String[] {"/sip;x", "/sip;", "/s%69p", "/%73ip", "//sip", "/./sip", "/x/../sip",
                "/x/%2E%2E/sip"}) {
            // an Origin no WWSF lists: the plain path gets 403 from the gate, no spelling may upgrade (101)
            assertThat(handshake(edge.httpPort(), trick, "https://evil.example.org")).as(trick).isEqualTo(400);
            assertThat(handshake(edge.httpPort(), trick, null)).as(trick).isEqualTo(400);
        }
        assertThat(handshake(edge.httpPort(), "/sip", "https://evil.example.org")).isIn(403, 429, 503);
    }

    @Test
    void sipWithMatrixParametersDoesNotSkipTheHandshakeLimit() throws IOException {
        // 1 handshake per second per address: quick plain handshakes soon get 429; every /sip;x is refused with 400
        // (on main it skipped the gate: no limit, no Origin check, 101)
        boolean limited = false;
        for (int i = 0; i < 20 && !limited; i++) {
            assertThat(handshake(edge.httpPort(), "/sip;x=" + i, "https://evil.example.org")).as("/sip;x=%d", i)
                    .isEqualTo(400);
            int plain = handshake(edge.httpPort(), "/sip", "https://evil.example.org");
            // 403: no WWSF lists the Origin; 503: the WWSF list could not be read yet (a slow HSS)
            assertThat(plain).isIn(403, 429, 503);
            limited = plain == 429;
        }
        assertThat(limited).as("the per-address handshake limit answered 429").isTrue();
    }

    @Test
    void actuatorIsOnTheManagementPortNotOnTheWebSocketPort() throws IOException {
        int management = Integer.parseInt(edge.app().bean(Environment.class).getProperty("local.management.port"));
        assertThat(management).isNotEqualTo(edge.httpPort());
        assertThat(get(management, "/actuator/health/readiness")).isEqualTo(200);
        assertThat(get(management, "/actuator/prometheus")).isEqualTo(200);
        assertThat(get(edge.httpPort(), "/actuator/health/readiness")).isNotEqualTo(200);
        assertThat(get(edge.httpPort(), "/actuator/prometheus")).isNotEqualTo(200);
    }
}
