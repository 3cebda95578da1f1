package org.webrtcims.cx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.WebServerFunctions;

import com.sun.net.httpserver.HttpServer;

/** The client reads what an HSS with many WWSFs answers, over a real HTTP socket. */
class HssCxClientTest {

    @Test
    void wwsfListOfTwentyThousandWwsfsIsReadWhole() throws Exception {
        StringJoiner items = new StringJoiner(",", "{\"items\":[", "]}");
        for (int i = 0; i < 20_000; i++) {
            items.add("{\"wwsfIdentity\":\"w%06d.sipp.example.com\",\"origins\":[\"https://w%06d.sipp.example.com\"],"
                    .formatted(i, i) + "\"enabled\":true}");
        }
        byte[] body = items.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(2_000_000); // far beyond WebClient's default 256 KiB
        HttpServer hss = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hss.createContext("/cx/v1/wwsfs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hss.start();
        try {
            HssCxClient client = new HssCxClient(new HssConnection(
                    URI.create("http://127.0.0.1:" + hss.getAddress().getPort()), "t", Duration.ofSeconds(1),
                    Duration.ofSeconds(10)));
            WebServerFunctions list = client.webServerFunctions().block(Duration.ofSeconds(15));
            assertThat(list.items()).hasSize(20_000);
            assertThat(list.items().get(19_999).origins()).containsExactly("https://w019999.sipp.example.com");
        } finally {
            hss.stop(0);
        }
    }
}
