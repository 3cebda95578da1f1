package org.webrtcims.launcher;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.webrtcims.launcher.page.WicPageServer;
import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.Service;
import org.webrtcims.ports.FreePorts;

/**
 * {@code java -jar local-launcher-<version>-exec.jar [flags]}: starts the whole core on this machine, prints where
 * to connect, and stops everything on Ctrl-C (SIGINT/SIGTERM run the JVM's shutdown hooks).
 */
public final class LocalLauncher {

    static final String USAGE = """
            Usage: ./run-local.sh [flags]
              --demo                  provision the demo user (WWSF, subscription, mapping, H(A1)s)
              --jdbc-url=URL          external PostgreSQL (default: embedded; or env IMS_JDBC_URL)
              --jdbc-user=USER        its account (default postgres; or env IMS_JDBC_USER)
              --jdbc-password=PW      its password (default empty; or env IMS_JDBC_PASSWORD)
              --data-dir=DIR          keep the embedded PostgreSQL's data and the secrets file in DIR
                                      (default: a temporary directory, deleted on exit)
              --host=ADDRESS          address to bind and advertise (default 127.0.0.1)
              --random-ports          free ports instead of 8090-8094, SIP 5060/5062/5064 and the page's 8080
              --page-port=PORT        port of the WIC page (default 8080; served at http://localhost:PORT/)
              --no-page               do not serve the WIC page
              --help                  this text
            """;

    private LocalLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        LaunchOptions options;
        try {
            options = parse(args, LaunchOptions.fromEnvironment());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        Integer pagePort = pagePort(args, options);
        if (pagePort != null && options.provisionDemo()) {
            // the demo WWSF accepts the page's origin (a page on another port than 8080 has another origin)
            options = options.withDemoUser(options.demoUser().withOrigins(withPageOrigins(options.demoUser().origins(),
                    pagePort)));
        }
        LocalSystem system;
        try {
            system = LocalSystem.prepare(options);
        } catch (RuntimeException e) {
            System.err.println("Local system did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        WicPageServer[] page = new WicPageServer[1];
        // registered before the start, so that Ctrl-C while starting also stops what is up (PostgreSQL included)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping…");
            if (page[0] != null) {
                page[0].close();
            }
            system.close();
            stopped.countDown();
        }, "local-launcher-stop"));
        ProvisionedUser peer = null;
        String pageProblem = null;
        try {
            system.startAll();
            if (options.provisionDemo()) {
                peer = system.provisionUser(WebUser.demoPeer().withOrigins(options.demoUser().origins()));
            }
            if (pagePort != null) {
                try {
                    page[0] = WicPageServer.start(options.host(), pagePort, pageConfig(system));
                } catch (IllegalStateException e) {
                    pageProblem = e.getMessage();
                }
            }
        } catch (RuntimeException e) {
            System.err.println("Local system did not start: " + e.getMessage());
            System.exit(1);
        }
        printBanner(system, pageLines(page[0], pageProblem, system.demoUser(), Optional.ofNullable(peer)),
                System.out);
        stopped.await();
    }

    /** The page's port: null with --no-page; --page-port, else a free one with --random-ports, else 8080. */
    static Integer pagePort(String[] args, LaunchOptions options) {
        Integer port = options.randomPorts() ? null : 8080;
        for (String arg : args) {
            if (arg.equals("--no-page")) {
                return null;
            }
            if (arg.startsWith("--page-port=")) {
                port = Integer.parseInt(arg.substring("--page-port=".length()));
            }
        }
        return port != null ? port : FreePorts.next(options.host());
    }

    static List<String> withPageOrigins(List<String> origins, int port) {
        List<String> all = new ArrayList<>();
        for (String origin : List.of("http://localhost:" + port, "http://127.0.0.1:" + port)) {
            if (!origins.contains(origin)) {
                all.add(origin);
            }
        }
        all.addAll(origins);
        return all;
    }

    static WicPageServer.PageConfig pageConfig(LocalSystem system) {
        Optional<ProvisionedUser> demo = system.demoUser();
        return new WicPageServer.PageConfig(system.webSocketUrl(), demo.map(ProvisionedUser::wwsf)
                .orElse("wwsf.example.com"), "ims.example.net", demo.map(ProvisionedUser::webIdentity).orElse(null),
                demo.map(ProvisionedUser::impu).orElse(null));
    }

    /** The banner's lines about the WIC page: its URL, and one for the second demo user. */
    static List<String> pageLines(WicPageServer page, String problem, Optional<ProvisionedUser> demo,
                                  Optional<ProvisionedUser> peer) {
        List<String> lines = new ArrayList<>();
        if (page == null) {
            if (problem != null) {
                lines.add("WIC page not served: " + problem);
            }
            return lines;
        }
        String url = "http://localhost:" + page.port() + "/";
        lines.add("WIC page:       " + url + demo.map(d -> "  (pre-filled: " + d.webIdentity() + ")").orElse(""));
        peer.ifPresent(p -> lines.add("Second user:    " + url + "?webid=" + URLEncoder.encode(p.webIdentity(),
                StandardCharsets.UTF_8) + "&impu=" + URLEncoder.encode(p.impu(), StandardCharsets.UTF_8)
                + "  (password " + p.password() + ", alias " + p.telAlias() + ")"));
        return lines;
    }

    /** The options the flags ask for, on top of {@code base}; null for {@code --help}. */
    static LaunchOptions parse(String[] args, LaunchOptions base) {
        LaunchOptions options = base;
        String jdbcUrl = null;
        String jdbcUser = base.externalDatabase() == null ? null : base.externalDatabase().user();
        String jdbcPassword = base.externalDatabase() == null ? null : base.externalDatabase().password();
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--demo" -> options = options.withDemo(true);
                case "--random-ports" -> options = options.withRandomPorts(true);
                case "--jdbc-url" -> jdbcUrl = required(name, value);
                case "--jdbc-user" -> jdbcUser = required(name, value);
                case "--jdbc-password" -> jdbcPassword = value == null ? "" : value;
                case "--data-dir" -> options = options.withDataDirectory(Path.of(required(name, value)));
                case "--host" -> options = options.withHost(required(name, value));
                case "--no-page" -> {
                    // the page server is the CLI's, see pagePort
                }
                case "--page-port" -> {
                    String port = required(name, value);
                    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                        throw new IllegalArgumentException("--page-port needs a port number, got " + port);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown flag: " + arg);
            }
        }
        if (jdbcUrl != null) {
            options = options.withExternalDatabase(jdbcUrl, jdbcUser, jdbcPassword);
        } else if (options.externalDatabase() != null) {
            options = options.withExternalDatabase(options.externalDatabase().url(), jdbcUser, jdbcPassword);
        }
        return options;
    }

    /** Where to connect and as whom; the secrets stay in their file (rule: no token or key on screen or in logs). */
    static void printBanner(LocalSystem system, List<String> pageLines, PrintStream out) {
        out.println();
        out.println("================ WebRTC IMS core running locally ================");
        pageLines.forEach(out::println);
        out.println("WebSocket (SIP over WebSocket): " + system.webSocketUrl());
        system.demoUser().ifPresentOrElse(user -> printDemo(user, out), () -> out.println(
                "No demo user (start with --demo to provision one)."));
        out.println("HSS admin API:  " + system.httpBaseUrl(Service.HSS)
                + "   proxy sync API: " + system.httpBaseUrl(
                Service.WEB_AUTH_PROXY));
        out.println("API tokens and keys: " + system.secretsFile() + " (mode 600)");
        out.println("Ctrl-C stops everything.");
        out.println("=================================================================");
    }

    // The demo password is a published test vector (protocol profile), not a secret; its H(A1)s are never printed.
    private static void printDemo(ProvisionedUser user, PrintStream out) {
        out.println("Origin:         " + user.origin() + "  (also accepted: "
                + String.join(", ", user.origins().subList(1, user.origins().size())) + ")");
        out.println("WWSF (realm):   " + user.wwsf());
        out.println("Web identity:   " + user.webIdentity());
        out.println("IMPU:           " + user.impu() + (user.telAlias() == null ? "" : "  (alias " + user.telAlias()
                + ")"));
        out.println("Password:       " + user.password());
    }

    private static String required(String flag, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " needs a value: " + flag + "=…");
        }
        return value;
    }
}
