package org.webrtcims.launcher.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page server on a free port, serving the page the Maven build bundled into target/classes/wic-page. */
class WicPageServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WicPageServer server;

    @BeforeAll
    static void start() {
        server = WicPageServer.start("127.0.0.1", 0, new WicPageServer.PageConfig("ws://127.0.0.1:9/sip",
                "wwsf.example.com", "ims.example.net", "alice@idp.example.com", null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageWithItsBundledJsSipAndAContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = send("GET", "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        assertThat(page.body()).contains("<script src=\"wic.js\"></script>");
        HttpResponse<String> script = send("GET", "/wic.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("JsSIP 3.13.8").contains("WebRTC-Web-Identity");
    }

    @Test
    void configJsonNamesTheWebSocketWwsfAndDomain_withoutEmptyFields() throws Exception {
        HttpResponse<String> config = send("GET", "/config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).isEqualTo("{\"webSocketUrl\":\"ws://127.0.0.1:9/sip\",\"wwsf\":\"wwsf.example.com\","
                + "\"domain\":\"ims.example.net\",\"webIdentity\":\"alice@idp.example.com\"}");
        assertThat(config.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void nothingButThePagesOwnFilesIsReadable_andOnlyGetAndHead() throws Exception {
        assertThat(send("GET", "/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/org/webrtcims/launcher/page/WicPageServer.class").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/missing.js").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/").statusCode()).isEqualTo(405);
        assertThat(send("HEAD", "/style.css").statusCode()).isEqualTo(200);
    }
}
