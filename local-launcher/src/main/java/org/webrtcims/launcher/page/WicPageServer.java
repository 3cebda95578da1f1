package org.webrtcims.launcher.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves the reference WIC page (wic-page/, bundled into this jar's {@code wic-page/} resources by the Maven build)
 * and a {@code config.json} that tells the page where the eP-CSCF's WebSocket is, the WWSF and the home domain.
 * Only the JDK's HTTP server: it runs from the plain local-launcher jar as well
 * ({@code java -cp local-launcher-<version>.jar org.webrtcims.launcher.page.WicPageServer --port=8080 …}, the
 * compose service). GET/HEAD of the page's own files only; nothing else is readable.
 */
public final class WicPageServer implements AutoCloseable {

    /** Where the Maven build puts the bundled page (local-launcher/pom.xml runs wic-page/build.mjs). */
    public static final String RESOURCES = "wic-page/";
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] configJson;

    /**
     * The page's settings ({@code config.json}; the page reads it at start, query parameters win).
     *
     * @param webSocketUrl the eP-CSCF's SIP-over-WebSocket URL ({@code ws://…/sip} or {@code wss://…/sip})
     * @param wwsf         the WWSF identity the page's users sign in at (D1 header {@code wwsf=})
     * @param domain       the home domain: user names and tel numbers typed without a domain are in it
     * @param webIdentity  a web identity to pre-fill (the demo user), or null
     * @param impu         an IMPU to pre-fill, or null
     */
    public record PageConfig(String webSocketUrl, String wwsf, String domain, String webIdentity, String impu) {

        String toJson() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("webSocketUrl", webSocketUrl);
            fields.put("wwsf", wwsf);
            fields.put("domain", domain);
            fields.put("webIdentity", webIdentity);
            fields.put("impu", impu);
            StringBuilder json = new StringBuilder("{");
            fields.forEach((name, value) -> {
                if (value != null) {
                    json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":\"")
                            .append(escape(value)).append('"');
                }
            });
            return json.append('}').toString();
        }

        private static String escape(String value) {
            StringBuilder out = new StringBuilder();
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>') {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }
    }

    private WicPageServer(HttpServer server, ExecutorService executor, byte[] configJson) {
        this.server = server;
        this.executor = executor;
        this.configJson = configJson;
    }

    /** True when the Maven build bundled the page into the classpath (it is skipped with -Dwicpage.skip). */
    public static boolean bundled() {
        return WicPageServer.class.getClassLoader().getResource(RESOURCES + "index.html") != null;
    }

    /**
     * Starts serving on {@code host:port} (port 0: any free port).
     *
     * @throws IllegalStateException when the page is not on the classpath or the port is taken
     */
    public static WicPageServer start(String host, int port, PageConfig config) {
        if (!bundled()) {
            throw new IllegalStateException("The WIC page is not in this build (built with -Dwicpage.skip=true, "
                    + "or without Node/npm): rebuild local-launcher with Node 20+ on the PATH");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serve the WIC page on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "wic-page-http");
            thread.setDaemon(true);
            return thread;
        });
        WicPageServer page = new WicPageServer(server, executor, config.toJson().getBytes(StandardCharsets.UTF_8));
        server.createContext("/", page::handle);
        server.setExecutor(executor);
        server.start();
        return page;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(
                        StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            if (name.equals("config.json")) {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                send(exchange, 200, TYPES.get("json"), configJson);
                return;
            }
            byte[] body = FILE.matcher(name).matches() ? resource(name) : null;
            if (body == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            if (name.endsWith(".html")) {
                // the page's scripts and styles are its own files; the WebSocket may go to any host (the eP-CSCF)
                exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; "
                        + "connect-src 'self' ws: wss:; media-src 'self' blob: mediastream:; img-src 'self' data:; "
                        + "frame-ancestors 'none'");
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            send(exchange, 200, TYPES.getOrDefault(extension, "application/octet-stream"), body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WicPageServer.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static final String USAGE = """
            Usage: java -cp local-launcher-<version>.jar org.webrtcims.launcher.page.WicPageServer [flags]
              --host=ADDRESS        address to bind (default 0.0.0.0)
              --port=PORT           port (default 8080)
              --websocket-url=URL   the eP-CSCF's SIP-over-WebSocket URL (default ws://127.0.0.1:8094/sip)
              --wwsf=ID             WWSF identity (default wwsf.example.com)
              --domain=DOMAIN       home domain (default ims.example.net)
              --web-identity=ID     pre-filled web identity (optional)
              --impu=URI            pre-filled IMPU (optional)
            Every flag can also be given as an environment variable: WIC_PAGE_HOST, WIC_PAGE_PORT,
            WIC_PAGE_WEBSOCKET_URL, WIC_PAGE_WWSF, WIC_PAGE_DOMAIN, WIC_PAGE_WEB_IDENTITY, WIC_PAGE_IMPU.
            """;

    /** Serves the page alone (the compose service {@code wic-page}); stops on SIGTERM/Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String flag : List.of("host", "port", "websocket-url", "wwsf", "domain", "web-identity", "impu")) {
            String env = System.getenv("WIC_PAGE_" + flag.toUpperCase().replace('-', '_'));
            if (env != null && !env.isBlank()) {
                values.put(flag, env);
            }
        }
        for (String arg : args) {
            if (arg.equals("--help") || !arg.startsWith("--") || !arg.contains("=")) {
                System.out.print(USAGE);
                System.exit(arg.equals("--help") ? 0 : 2);
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        PageConfig config = new PageConfig(values.getOrDefault("websocket-url", "ws://127.0.0.1:8094/sip"),
                values.getOrDefault("wwsf", "wwsf.example.com"), values.getOrDefault("domain", "ims.example.net"),
                values.get("web-identity"), values.get("impu"));
        WicPageServer page;
        try {
            page = start(values.getOrDefault("host", "0.0.0.0"), Integer.parseInt(values.getOrDefault("port", "8080")),
                    config);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(page::close, "wic-page-stop"));
        System.out.println("WIC page on port " + page.port() + " (eP-CSCF " + config.webSocketUrl() + ", WWSF "
                + config.wwsf() + ")");
        Thread.currentThread().join();
    }
}
