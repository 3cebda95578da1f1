package org.webrtcims.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.launcher.services.Service;

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
              --random-ports          free ports instead of 8090-8094 and SIP 5060/5062/5064
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
        LocalSystem system;
        try {
            system = LocalSystem.prepare(options);
        } catch (RuntimeException e) {
            System.err.println("Local system did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // registered before the start, so that Ctrl-C while starting also stops what is up (PostgreSQL included)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping…");
            system.close();
            stopped.countDown();
        }, "local-launcher-stop"));
        try {
            system.startAll();
        } catch (RuntimeException e) {
            System.err.println("Local system did not start: " + e.getMessage());
            System.exit(1);
        }
        printBanner(system, System.out);
        stopped.await();
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
    static void printBanner(LocalSystem system, PrintStream out) {
        out.println();
        out.println("================ WebRTC IMS core running locally ================");
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
