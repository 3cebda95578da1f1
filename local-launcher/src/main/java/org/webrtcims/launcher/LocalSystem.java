package org.webrtcims.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.testdb.JdbcTarget;
import org.webrtcims.testdb.LocalPostgres;
import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.launcher.provisioning.Provisioner;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.LocalSecrets;
import org.webrtcims.launcher.secrets.SecretsFile;
import org.webrtcims.fixture.Ports;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.fixture.ServiceSettings;
import org.webrtcims.fixture.ServiceSettings.Network;

/**
 * The whole core running in this JVM: PostgreSQL (embedded or external), then web-auth proxy, HSS, S-CSCF, I-CSCF
 * and eP-CSCF, each a Spring Boot application reading its own {@code <service>.yml} (docs/architecture.md,
 * "Configuration and co-hosting"). {@link #close()} stops them in reverse order, then PostgreSQL.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);

    /**
     * The database name of each service that owns data (without the {@link LaunchOptions#databasePrefix()}), for
     * whoever starts the services another way (the crash-recovery system test runs them as separate processes).
     */
    public static Map<Service, String> databaseNames() {
        Map<Service, String> names = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            service.database().ifPresent(name -> names.put(service, name));
        }
        return names;
    }

    private final LaunchOptions options;
    private final Network network;
    private final Path stateDirectory;
    private final Path temporaryDirectory;
    private final Path secretsFile;
    private final LocalSecrets secrets;
    private final Provisioner provisioner;
    private final Deque<RunningApp> started = new ArrayDeque<>();
    private LocalPostgres postgres;
    private ProvisionedUser demoUser;
    private boolean closed;

    private LocalSystem(LaunchOptions options) {
        this.options = options;
        this.stateDirectory = options.dataDirectory() != null ? ownerOnlyDirectory(options.dataDirectory()) : null;
        this.temporaryDirectory = stateDirectory == null ? temporaryDirectory() : null;
        this.secretsFile = (stateDirectory != null ? stateDirectory : temporaryDirectory)
                .resolve(SecretsFile.FILE_NAME);
        try {
            this.secrets = SecretsFile.loadOrCreate(secretsFile);
            this.network = new Network(options.host(),
                    options.randomPorts() ? Ports.random(options.host()) : options.ports());
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
        this.provisioner = new Provisioner(URI.create(network.httpBaseUrl(Service.HSS)), secrets.hssAdminToken(),
                URI.create(network.httpBaseUrl(Service.WEB_AUTH_PROXY)), secrets.proxyAdminToken());
    }

    /**
     * Starts PostgreSQL and the five services and, if asked, provisions the demo user. If anything fails, whatever
     * started is stopped again and the exception names the service and its ports.
     */
    public static LocalSystem start(LaunchOptions options) {
        LocalSystem system = prepare(options);
        system.startAll();
        return system;
    }

    /**
     * A system whose {@link #close()} may be called (e.g. from a shutdown hook) before and while
     * {@link #startAll()} runs: close then waits for the service being started, stops what is up and makes
     * {@code startAll} fail instead of starting more.
     */
    static LocalSystem prepare(LaunchOptions options) {
        return new LocalSystem(options);
    }

    void startAll() {
        try {
            synchronized (this) {
                requireOpen();
                postgres = options.externalDatabase() != null ? LocalPostgres.external(options.externalDatabase())
                        : LocalPostgres.embedded(stateDirectory == null ? null : stateDirectory.resolve("postgres"));
            }
            Map<Service, JdbcTarget> databases = new EnumMap<>(Service.class);
            for (Map.Entry<Service, String> database : databaseNames().entrySet()) {
                databases.put(database.getKey(), postgres.database(options.databasePrefix() + database.getValue()));
            }
            Map<Service, Map<String, Object>> settings = ServiceSettings.of(network, secrets, databases,
                    options.overrides());
            for (Service service : Service.values()) {
                synchronized (this) {
                    requireOpen();
                    RunningApp app = new RunningApp(service, settings.get(service));
                    app.start();
                    started.push(app);
                }
            }
            if (options.provisionDemo()) {
                provisionDemo();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Local system up: eP-CSCF WebSocket {}, {} PostgreSQL", webSocketUrl(),
                postgres.isEmbedded() ? "embedded" : "external");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Local system stopped while starting");
        }
    }

    /** {@code ws://<host>:<port>/sip}: where a WIC opens its SIP-over-WebSocket connection (plain, dev mode). */
    public String webSocketUrl() {
        Map<String, Object> edge = options.overrides().getOrDefault(Service.EP_CSCF, Map.of());
        // wss when the eP-CSCF got a TLS bundle (RFC 7118 §3: the wss scheme for SIP over secure WebSocket)
        String scheme = edge.containsKey("server.ssl.bundle") ? "wss" : "ws";
        return scheme + "://" + network.advertisedHost() + ":" + network.ports().epcscfHttp()
                + String.valueOf(edge.getOrDefault("epcscf.websocket.path", "/sip"));
    }

    /** E.g. {@code http://127.0.0.1:8091} for the HSS. */
    public String httpBaseUrl(Service service) {
        return network.httpBaseUrl(service);
    }

    /** Where a service's probes and metrics are: its management port, not its API port. */
    public String managementBaseUrl(Service service) {
        return network.managementBaseUrl(service);
    }

    /** @throws IllegalArgumentException for the proxy and the HSS */
    public int sipPort(Service service) {
        return network.ports().sip(service);
    }

    public Ports ports() {
        return network.ports();
    }

    /** The address the URLs name. */
    public String host() {
        return network.advertisedHost();
    }

    /** The S-CSCF's Server-Name (what the HSS assigns users to). */
    public String scscfName() {
        return network.scscfName();
    }

    public LocalSecrets secrets() {
        return secrets;
    }

    /** The 0600 file with every token and key as {@code NAME=value} lines. */
    public Path secretsFile() {
        return secretsFile;
    }

    /** The demo user, once provisioned (at start with {@link LaunchOptions#provisionDemo()}, or by the caller). */
    public synchronized Optional<ProvisionedUser> demoUser() {
        return Optional.ofNullable(demoUser);
    }

    /** Provisions a web user through the HSS admin and proxy sync APIs; idempotent. */
    public ProvisionedUser provisionUser(WebUser user) {
        return provisioner.provision(user);
    }

    /** Provisions the demo user of the launch options; idempotent. */
    public synchronized ProvisionedUser provisionDemo() {
        demoUser = provisionUser(options.demoUser());
        return demoUser;
    }

    /** Stops the services in reverse start order, then PostgreSQL; deletes the temporary directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stopAll();
            log.info("Local system stopped");
        }
    }

    private void stopAll() {
        while (!started.isEmpty()) {
            RunningApp app = started.pop();
            try {
                app.stop();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", app.service().configName(), e.getMessage());
            }
        }
        if (postgres != null) {
            postgres.close();
        }
        if (temporaryDirectory != null) {
            deleteRecursively(temporaryDirectory);
        }
    }

    /** The state directory holds the secrets file: readable by its owner only. */
    private static Path ownerOnlyDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use data directory " + directory, e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("local-ims-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", directory, e.getMessage());
        }
    }
}
