package org.webrtcims.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.webrtcims.launcher.LocalSystem;
import org.webrtcims.testdb.JdbcTarget;
import org.webrtcims.testdb.LocalPostgres;
import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.launcher.provisioning.Provisioner;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.LocalSecrets;
import org.webrtcims.fixture.Ports;
import org.webrtcims.fixture.Service;
import org.webrtcims.fixture.ServiceSettings;
import org.webrtcims.fixture.ServiceSettings.Network;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole core as six OS processes: one embedded PostgreSQL server ({@link CrashablePostgres}) and the five
 * services, each its own JVM started from its built {@code <service>/target/<service>-<version>-exec.jar}, the way
 * an operator runs them ({@code java -jar}). The settings are the launcher's ({@link ServiceSettings#of}, with
 * {@link LocalSecrets#generate()}'s tokens and keys and {@link Ports#random} ports), given to each JVM as
 * {@code SPRING_APPLICATION_JSON} in its environment (above its yml and its other environment variables, and not on
 * a command line that {@code ps} shows). Any service can be killed with SIGKILL and started again with the same
 * command, settings and ports.
 */
final class ProcessCore implements AutoCloseable {

    /**
     * The recommended small-footprint flags of docs/jvm-settings.md, with the heap a little smaller and C1 only
     * ({@code TieredStopAtLevel=1}: a JVM start costs less CPU; these JVMs live for minutes, not for benchmarks).
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx128m", "-Xmn24m", "-Xss512k",
            "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    static final String HOST = "127.0.0.1";
    /** Per JVM start: about 10 s on an unloaded 2-core machine; up to 136 s was seen at load average 39. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path workDirectory;
    private final Network network;
    private final LocalSecrets secrets;
    private final Map<Service, Path> jars;
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final Provisioner provisioner;
    private CrashablePostgres postgres;
    private Map<Service, Map<String, Object>> settings;
    private final Map<Service, Duration> startTimes = new EnumMap<>(Service.class);

    private ProcessCore(Path workDirectory, Map<Service, Path> jars) {
        this.workDirectory = workDirectory;
        this.jars = jars;
        this.network = new Network(HOST, Ports.random(HOST));
        this.secrets = LocalSecrets.generate();
        this.provisioner = new Provisioner(URI.create(network.httpBaseUrl(Service.HSS)), secrets.hssAdminToken(),
                URI.create(network.httpBaseUrl(Service.WEB_AUTH_PROXY)), secrets.proxyAdminToken());
    }

    /**
     * Starts PostgreSQL (data in {@code workDirectory/postgres}), creates the services' databases, and starts the
     * five services one after the other (each ready before the next), their logs in {@code workDirectory/logs}.
     *
     * @param overrides extra settings per service, after the launcher's
     */
    static ProcessCore start(Path workDirectory, Map<Service, Path> jars,
                             Map<Service, Map<String, Object>> overrides) {
        ProcessCore core = new ProcessCore(workDirectory, jars);
        try {
            core.postgres = CrashablePostgres.start(workDirectory.resolve("postgres"));
            LocalPostgres server = LocalPostgres.external(core.postgres.server());
            Map<Service, JdbcTarget> databases = new EnumMap<>(Service.class);
            LocalSystem.databaseNames().forEach((service, name) -> databases.put(service, server.database(name)));
            core.settings = ServiceSettings.of(core.network, core.secrets, databases, overrides);
            // one after the other, each ready before the next (the launcher's order: each service calls only those
            // started before it). Launching the five together was slower on a loaded 2-core machine (164 s vs ~100 s)
            long t0 = System.nanoTime();
            for (Service service : Service.values()) {
                core.startService(service);
                core.startTimes.put(service, Duration.ofNanos(System.nanoTime() - t0));
            }
            return core;
        } catch (RuntimeException | Error e) {
            core.close();
            throw e;
        }
    }

    /**
     * {@code <root>/<module>/target/<module>-<version>-exec.jar} of each service, checked to exist and to be newer than
     * the module's compiled classes (a jar older than them is a stale build: run {@code verify}, which packages the
     * services before this module's integration tests).
     */
    static Map<Service, Path> execJars(Path root, String version) {
        Map<Service, Path> jars = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            String module = module(service);
            Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("No " + jar + ": the crash-recovery test runs the services from their "
                        + "exec jars; build them first (`./mvnw -B verify`, or `-pl system-tests -am verify`)");
            }
            Path classes = root.resolve(module).resolve("target").resolve("classes");
            FileTime newestClass = newest(classes);
            try {
                if (newestClass != null && Files.getLastModifiedTime(jar).compareTo(newestClass) < 0) {
                    throw new IllegalStateException(jar + " is older than " + classes + ": a stale build; package it "
                            + "again (`./mvnw -B -pl system-tests -am verify`)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jars.put(service, jar);
        }
        return jars;
    }

    /** The Maven module of a service. */
    static String module(Service service) {
        return switch (service) {
            case WEB_AUTH_PROXY -> "web-auth-proxy-service";
            case HSS -> "hss-service";
            case SCSCF -> "scscf-service";
            case ICSCF -> "icscf-service";
            case EP_CSCF -> "ep-cscf-service";
        };
    }

    private static FileTime newest(Path directory) {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return Files.getLastModifiedTime(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max(FileTime::compareTo).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- kill and restart -------------------------------------------------------------------------------------------

    /** {@code kill -9} of the service's JVM; returns when the process is gone. */
    Instant kill(Service service) {
        ServiceProcess running = services.get(service);
        Instant at = Instant.now();
        running.process().destroyForcibly(); // SIGKILL on Linux (Process#destroyForcibly)
        awaitExit(running.process().toHandle());
        OrphanGuard.forget(running.process().toHandle());
        return at;
    }

    /** Starts the service again with the same command, settings and ports; returns when it is ready. */
    Instant restart(Service service) {
        startService(service);
        return Instant.now();
    }

    /** {@code kill -9} of the postmaster; returns when it and its backends are gone. */
    Instant killPostgres() {
        Instant at = Instant.now();
        postgres.killPostmaster(Duration.ofSeconds(15));
        return at;
    }

    /** Starts PostgreSQL again on the same data directory and port; returns when it accepts connections. */
    Instant restartPostgres() {
        postgres.restart();
        return Instant.now();
    }

    /** When each service was ready at the first start, counted from the launch of the first one. */
    Map<Service, Duration> startTimes() {
        return startTimes;
    }

    long pid(Service service) {
        return services.get(service).process().pid();
    }

    long postmasterPid() {
        return postgres.postmasterPid();
    }

    // ---- the system from outside ------------------------------------------------------------------------------------

    String webSocketUrl() {
        return "ws://" + network.advertisedHost() + ":" + network.ports().epcscfHttp() + "/sip";
    }

    /** Provisions through the HSS admin and proxy sync APIs (the launcher's {@link Provisioner}). */
    ProvisionedUser provision(WebUser user) {
        return provisioner.provision(user);
    }

    /** The HSS's mappings of the user's web identity at its WWSF ({@code GET /admin/v1/web-identity-mappings?…}). */
    JsonNode mappings(ProvisionedUser user) {
        return get(network.httpBaseUrl(Service.HSS) + "/admin/v1/web-identity-mappings?wwsfIdentity="
                + query(user.wwsf()) + "&webIdentity=" + query(user.webIdentity()), secrets.hssAdminToken());
    }

    /** The HSS's subscription ({@code GET /admin/v1/subscriptions/{id}}). */
    JsonNode subscription(String subscriptionId) {
        return get(network.httpBaseUrl(Service.HSS) + "/admin/v1/subscriptions/" + subscriptionId,
                secrets.hssAdminToken());
    }

    /** The HSS's WWSF record ({@code GET /admin/v1/wwsfs/{wwsf}}). */
    JsonNode wwsf(String wwsf) {
        return get(network.httpBaseUrl(Service.HSS) + "/admin/v1/wwsfs/" + wwsf, secrets.hssAdminToken());
    }

    /** The proxy's credential status (never an H(A1)): {@code GET /sync/v1/credentials:status?…}. */
    JsonNode credentialStatus(ProvisionedUser user) {
        return get(network.httpBaseUrl(Service.WEB_AUTH_PROXY) + "/sync/v1/credentials:status?wwsfIdentity="
                + query(user.wwsf()) + "&webIdentity=" + query(user.webIdentity()), secrets.proxyAdminToken());
    }

    Path logFile(Service service) {
        return workDirectory.resolve("logs").resolve(service.configName() + ".log");
    }

    /** Stops the services (SIGTERM, SIGKILL after 20 s), then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        List<ServiceProcess> running = new ArrayList<>(services.values());
        java.util.Collections.reverse(running);
        for (ServiceProcess service : running) {
            Process process = service.process();
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    OrphanGuard.killTree(process.toHandle());
                }
            } catch (InterruptedException e) {
                OrphanGuard.killTree(process.toHandle());
                Thread.currentThread().interrupt();
            }
            OrphanGuard.forget(process.toHandle());
        }
        services.clear();
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    // ---- internals --------------------------------------------------------------------------------------------------

    private record ServiceProcess(Service service, Process process) {
    }

    private void startService(Service service) {
        awaitReady(service, launch(service));
    }

    private Process launch(Service service) {
        Path log = logFile(service);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jars.get(service).toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(settings.get(service)));
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process process;
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "==== " + Instant.now() + " starting " + service.configName() + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + service.configName(), e);
        }
        OrphanGuard.watch(process.toHandle());
        services.put(service, new ServiceProcess(service, process));
        return process;
    }

    /** Polls the service's readiness probe until it answers 200; fails when the JVM exits or after the timeout. */
    private void awaitReady(Service service, Process process) {
        URI readiness = URI.create(readinessUrl(service));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.configName() + " exited with " + process.exitValue()
                        + " while starting; its log: " + logFile(service) + "\n" + tail(logFile(service), 40));
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readiness)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.configName() + " not ready within " + START_TIMEOUT
                        + "; its log: " + logFile(service) + "\n" + tail(logFile(service), 40));
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS); // returns early only if the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * The service's readiness probe (Spring Boot's {@code /actuator/health/readiness}; it includes the database where
     * the service has one), on the service's management port.
     */
    private String readinessUrl(Service service) {
        return network.managementBaseUrl(service) + "/actuator/health/readiness";
    }

    private static JsonNode get(String url, String token) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + URI.create(url).getPath() + " answered " + response.statusCode()
                        + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Process " + process.pid() + " did not exit after SIGKILL", e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
