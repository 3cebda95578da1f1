package org.webrtcims.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.webrtcims.deployment.Shell.Result;

/**
 * {@code docker compose up} for real, as the README's "Deploy" section tells a user: the commands of that section's
 * shell block run unchanged (only {@code docker compose} becomes {@code docker-compose} where the Compose plugin is
 * missing) in a copy of this working tree, on the Docker engine of {@code DOCKER_HOST}. Then what a user would
 * check: every container healthy, the demo provisioning container exits 0 and prints the WebSocket URL the README
 * names, JsSIP registers the demo user there, an operator provisions a second user through the published admin
 * APIs and that user registers, {@code kill -9} of each service's main process (host PID, not {@code docker kill},
 * which Docker treats as a manual stop) is followed by a working registration without any action within
 * {@link #RECOVERY_BOUND}, nothing provisioned is lost when PostgreSQL is killed, {@code down}/{@code up} keeps
 * the data, {@code down -v} removes it.
 *
 * <p>Opt-in: {@code IMS_COMPOSE_TEST=true} (run when an engine answers, else skip) or {@code required} (what
 * {@code .ci/run} sets: no engine is a failure). {@code IMS_DOCKER_READY_FILE}: a file that
 * {@code scripts/docker-engine.sh start} writes when the engine and the base images are ready; the test waits for
 * it. Base images that cannot be pulled are replaced by stand-ins ({@code scripts/stand-in-images.sh}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerComposeIT {

    /** From a kill -9 to a successful registration, restart by the restart policy and JVM start included. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(180);
    static final Duration BUILD_AND_UP_LIMIT = Duration.ofMinutes(20);
    static final Duration HEALTHY_LIMIT = Duration.ofMinutes(4);
    static final Duration ENGINE_SETUP_LIMIT = Duration.ofMinutes(15);
    /** The compose eP-CSCF re-reads the WWSF list every 15 s: a new WWSF's Origin counts within this. */
    static final Duration WWSF_REFRESH_BOUND = Duration.ofSeconds(30);
    static final List<String> SERVICES = List.of("postgres", "web-auth-proxy", "hss", "scscf", "icscf", "ep-cscf");
    static final String ORIGIN = "http://localhost:8080";
    static final String WWSF = "wwsf.example.com";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> measured = new LinkedHashMap<>();
    private final long classStart = System.nanoTime();
    private Path repository;
    private Path work;
    private Shell shell;
    private List<String> compose;
    private String composeVersion;
    private String dockerVersion;
    private Map<String, String> dotEnv;
    private String webSocketUrl;
    private String project;
    private User demo;
    private User bob;
    private boolean started;
    /** When demo-provision exited. */
    private Instant demoFinished;

    record User(String impu, String webIdentity, String password) {
    }

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            dumpDiagnostics(context.getDisplayName() + " failed");
        }
    };

    @BeforeAll
    void composeUpAsTheReadmeSays() throws IOException {
        String mode = setting("IMS_COMPOSE_TEST", "").toLowerCase(Locale.ROOT);
        assumeTrue(mode.equals("true") || mode.equals("required"),
                "DockerComposeIT builds the five images and runs docker compose: set IMS_COMPOSE_TEST=true to run it "
                        + "when a Docker engine answers (.ci/run sets IMS_COMPOSE_TEST=required and starts one with "
                        + "scripts/docker-engine.sh)");
        boolean required = mode.equals("required");
        repository = Repo.root();
        waitForEngineSetup();

        Map<String, String> environment = new LinkedHashMap<>();
        // Debian's docker CLI first where both are installed: a newer CLI without buildx cannot BuildKit-build
        environment.put("PATH", "/usr/bin:/usr/sbin:" + System.getenv().getOrDefault("PATH", "/bin"));
        environment.putIfAbsent("DOCKER_BUILDKIT", setting("DOCKER_BUILDKIT", "1"));
        environment.putIfAbsent("COMPOSE_DOCKER_CLI_BUILD", setting("COMPOSE_DOCKER_CLI_BUILD", "1"));
        Shell probe = new Shell(repository, environment);
        Result version = probe.run(Duration.ofSeconds(30), "docker", "version", "--format", "{{.Server.Version}}");
        if (!version.ok()) {
            String why = "No Docker engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + "): "
                    + version.output().strip();
            if (required) {
                fail(why + " — IMS_COMPOSE_TEST=required: scripts/docker-engine.sh start should have started one");
            }
            assumeTrue(false, why);
        }
        dockerVersion = version.output().strip();
        if (probe.run(Duration.ofSeconds(30), "docker", "compose", "version").ok()) {
            compose = List.of("docker", "compose");
        } else {
            compose = List.of("docker-compose");
        }
        Result composeVersionResult = probe.run(Duration.ofSeconds(30), Shell.concat(compose, "version", "--short"));
        assertThat(composeVersionResult.ok()).as("Compose: %s", composeVersionResult.describe()).isTrue();
        composeVersion = composeVersionResult.output().strip();
        assertThat(probe.run(Duration.ofSeconds(30), "node", "--version").ok()).as("Node (jssip-client.mjs)").isTrue();
        ensureNodeModules(probe);

        // a fresh copy of this working tree, as a user's clone: no .env, no build output; its own compose project
        work = Files.createTempDirectory("webrtc-ims-compose-it-").resolve("webrtcims");
        copyWorkingTree(repository, work);
        shell = new Shell(work, environment);
        Result standIns = shell.run(ENGINE_SETUP_LIMIT, "scripts/stand-in-images.sh");
        assertThat(standIns.ok()).as("base images: %s", standIns.describe()).isTrue();
        System.out.println("[compose-it] Docker " + dockerVersion + ", " + String.join(" ", compose) + " "
                + composeVersion + "; base images: " + standIns.output().strip().replace('\n', ';'));

        List<String> commands = readmeDeployCommands();
        assertThat(commands).as("README Deploy commands").isNotEmpty();
        started = true;
        long before = System.nanoTime();
        Instant wallBefore = Instant.now();
        StringBuilder printed = new StringBuilder();
        for (String command : commands) {
            String line = command.replaceAll("(^|\\s)docker compose(\\s|$)", "$1" + String.join(" ", compose) + "$2");
            Result result = shell.sh(BUILD_AND_UP_LIMIT, line);
            System.out.println("[compose-it] README: " + line + " -> exit " + result.exitCode() + " in "
                    + seconds(result.took()));
            if (!result.ok()) {
                dumpDiagnostics("README command failed: " + line);
            }
            assertThat(result.ok()).as("README command `%s`:\n%s", line, tail(result.output(), 80)).isTrue();
            printed.append(result.output()).append('\n');
        }
        dotEnv = readDotEnv(work.resolve(".env"));
        project = composeProject();
        Instant created = created(containerOf("postgres"));
        measured.put("README commands (build + up)", seconds(Duration.ofNanos(System.nanoTime() - before)));
        measured.put("image build (to the first container)", seconds(Duration.between(wallBefore, created)));
        Duration healthy = awaitAllHealthy(HEALTHY_LIMIT);
        measured.put("all healthy, from the first container's creation", seconds(Duration.between(created, Instant.now())));
        System.out.println("[compose-it] all services healthy (" + seconds(healthy) + " after the README commands)");

        // the demo user the demo-provision container printed
        String demoLogs = awaitDemoProvisioned();
        demoFinished = Instant.parse(inspect(containerOf("demo-provision"), "{{.State.FinishedAt}}"));
        printed.append(demoLogs);
        Matcher url = Pattern.compile("WebSocket:\\s+(wss?://\\S+)").matcher(printed);
        assertThat(url.find()).as("demo-provision prints the WebSocket URL:\n%s", demoLogs).isTrue();
        webSocketUrl = url.group(1);
        demo = new User(dotEnvOr("DEMO_IMPU", "sip:alice@ims.example.net"),
                dotEnvOr("DEMO_WEB_IDENTITY", "alice@idp.example.com"), dotEnv.get("DEMO_PASSWORD"));
        assertThat(demo.password()).as("DEMO_PASSWORD in .env").isNotBlank();
    }

    @Test
    @Order(1)
    void everyContainerIsHealthyAndTheDemoProvisioningExitedZero() {
        for (String service : SERVICES) {
            assertThat(inspect(containerOf(service), "{{.State.Health.Status}}")).as(service).isEqualTo("healthy");
        }
        String demoContainer = containerOf("demo-provision");
        assertThat(inspect(demoContainer, "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 0");
        // the URL the README gives the user is the one the deployment prints and serves
        assertThat(Repo.read(repository.resolve("README.md"))).contains(webSocketUrl);
        assertThat(webSocketUrl).isEqualTo("ws://127.0.0.1:8094/sip");
    }

    @Test
    @Order(2)
    void theDemoUserRegistersWithJsSipAtThePrintedUrl() {
        // the eP-CSCF reads the WWSF list (the Origins it accepts) from the HSS every 15 s in compose
        // (EPCSCF_WWSFS_REFRESHINTERVAL): the demo WWSF provisioned a moment ago counts within that time
        JsonNode registered = registerWithin(demo, WWSF_REFRESH_BOUND).orElseThrow(() -> new AssertionError(
                "JsSIP did not register " + demo.impu() + " at " + webSocketUrl + " within " + WWSF_REFRESH_BOUND
                        + " of demo-provision's exit: " + lastJsSip));
        measured.put("demo user registered, after demo-provision's exit",
                seconds(Duration.between(demoFinished, Instant.now())));
        assertThat(registered.path("status").asInt()).isEqualTo(200);
        assertThat(registered.path("headers").path("p-associated-uri").toString()).contains(demo.impu());
        // the WIC page in Chromium registers the demo user too: theWicPageOfTheComposeServiceRegistersMessagesAndCalls
    }

    @Test
    @Order(3)
    void anOperatorProvisionsASecondUserThroughThePublishedApisAndItRegisters() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        bob = new User("sip:bob-" + suffix + "@ims.example.net", "bob-" + suffix + "@idp.example.com",
                "pw-" + suffix);
        String hss = "http://127.0.0.1:8091";
        String proxy = "http://127.0.0.1:8090";
        call("PUT", hss + "/admin/v1/subscriptions/bob-" + suffix, dotEnv.get("HSS_ADMIN_TOKEN"),
                "{\"impus\":[{\"identity\":\"" + bob.impu() + "\",\"default\":true}],\"allowedWwsfs\":[\"" + WWSF + "\"]}",
                200, 201);
        call("POST", hss + "/admin/v1/web-identity-mappings", dotEnv.get("HSS_ADMIN_TOKEN"),
                "{\"wwsfIdentity\":\"" + WWSF + "\",\"webIdentity\":\"" + bob.webIdentity() + "\",\"impu\":\""
                        + bob.impu() + "\",\"subscriptionId\":\"bob-" + suffix + "\"}", 201);
        // the third-party web authentication service syncs H(A1)s with its own (SYNC, scoped) token
        String a1 = bob.webIdentity() + ":" + WWSF + ":" + bob.password();
        call("PUT", proxy + "/sync/v1/credentials", dotEnv.get("PROXY_SYNC_TOKEN"),
                "{\"wwsfIdentity\":\"" + WWSF + "\",\"webIdentity\":\"" + bob.webIdentity() + "\",\"realm\":\"" + WWSF
                        + "\",\"vectors\":[{\"algorithm\":\"MD5\",\"ha1\":\"" + hex("MD5", a1)
                        + "\"},{\"algorithm\":\"SHA-256\",\"ha1\":\"" + hex("SHA-256", a1)
                        + "\"}],\"credentialVersion\":1}", 200, 201);
        JsonNode registered = register(bob, Duration.ofSeconds(15)).orElseThrow(() -> new AssertionError(
                "JsSIP did not register the provisioned " + bob.impu() + ": " + lastJsSip));
        assertThat(registered.path("status").asInt()).isEqualTo(200);
        // a wrong password is refused: the registration above really checked the synced credential
        assertThat(register(new User(bob.impu(), bob.webIdentity(), "wrong"), Duration.ofSeconds(1))).isEmpty();
    }

    /**
     * The compose service {@code wic-page} on its published port, opened by Debian's Chromium (playwright-core, fake
     * media): the demo user and the second user sign in on two pages, register, exchange a MESSAGE and a call with
     * audio both ways (system-tests/js/wic-browser.mjs, as WicPageInChromiumTest does against the launcher).
     */
    @Test
    @Order(4)
    void theWicPageOfTheComposeServiceRegistersMessagesAndCallsInChromium() throws Exception {
        assertThat(bob).as("the second user of the test before").isNotNull();
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("pageUrl", "http://127.0.0.1:8080/");
        scenario.put("webSocketUrl", webSocketUrl);
        scenario.put("wwsf", WWSF);
        scenario.put("domain", "ims.example.net");
        scenario.put("timeoutMs", 20_000);
        scenario.put("mediaSeconds", 3);
        Path screenshot = repository.resolve("deployment-tests/target/compose-wic-page-after-registration.png");
        Files.createDirectories(screenshot.getParent());
        scenario.put("screenshot", screenshot.toString());
        ArrayNode users = scenario.putArray("users");
        for (User user : List.of(demo, bob)) {
            users.addObject().put("impu", user.impu()).put("webIdentity", user.webIdentity())
                    .put("password", user.password());
        }
        ArrayNode steps = scenario.putArray("steps");
        List.of("register", "screenshot", "message", "call", "unregister").forEach(steps::add);
        Path js = repository.resolve("system-tests/js");
        Result result = new Shell(js, Map.of()).run(Duration.ofMinutes(4), "node",
                js.resolve("wic-browser.mjs").toString(), scenario.toString());
        Map<String, JsonNode> byStep = new LinkedHashMap<>();
        for (String line : result.output().split("\n")) {
            if (line.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.hasNonNull("step")) {
                        byStep.put(node.path("step").asText(), node);
                    }
                } catch (IOException e) {
                    // not a JSON line
                }
            }
        }
        String seen = tail(result.output(), 40);
        assertThat(byStep.keySet()).as("steps reported by wic-browser.mjs: %s", seen)
                .contains("register", "screenshot", "message", "call", "unregister");
        byStep.forEach((step, node) -> assertThat(node.path("ok").asBoolean())
                .as("step %s in Chromium against the compose page: %s", step, node).isTrue());
        assertThat(Files.size(screenshot)).as("screenshot of the page after registration").isPositive();
        JsonNode call = byStep.get("call");
        for (String side : List.of("statsA", "statsB")) {
            long before = call.path(side).path(0).path("inboundBytes").asLong();
            long after = call.path(side).path(1).path("inboundBytes").asLong();
            assertThat(after).as("audio received by %s grows during the call: %s", side, call.path(side))
                    .isGreaterThan(before);
        }
    }

    @Test
    @Order(5)
    void killNineOfEachServiceIsRecoveredByTheRestartPolicyAndNothingProvisionedIsLost() {
        assumeTrue(bob != null, "needs the provisioned second user");
        assumeTrue("root".equals(System.getProperty("user.name")),
                "kill -9 of a container's main process from the host needs root (docker kill is not a crash)");
        List<String> order = List.of("web-auth-proxy", "hss", "scscf", "icscf", "ep-cscf", "postgres");
        for (String service : order) {
            String container = containerOf(service);
            String pid = inspect(container, "{{.State.Pid}}");
            int restarts = Integer.parseInt(inspect(container, "{{.RestartCount}}"));
            String command = firstLine(shell.run(Duration.ofSeconds(10), "ps", "-o", "comm=", "-p", pid).output());
            long killed = System.nanoTime();
            Result kill = shell.run(Duration.ofSeconds(10), "kill", "-9", pid);
            assertThat(kill.ok()).as("kill -9 %s (%s of %s): %s", pid, command, service, kill.output()).isTrue();
            // the restart policy, not us, brings it back
            Duration restartedAfter = awaitCondition("restart of " + service, RECOVERY_BOUND,
                    () -> Integer.parseInt(inspect(container, "{{.RestartCount}}")) > restarts
                            && "running".equals(inspect(container, "{{.State.Status}}")));
            Optional<JsonNode> registered = registerWithin(demo,
                    RECOVERY_BOUND.minus(Duration.ofNanos(System.nanoTime() - killed)));
            Duration registeredAfter = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(registered).as("registration after kill -9 of %s (%s, pid %s) within %s: %s", service, command,
                    pid, RECOVERY_BOUND, lastJsSip).isPresent();
            awaitCondition("health of " + service, HEALTHY_LIMIT,
                    () -> "healthy".equals(inspect(container, "{{.State.Health.Status}}")));
            Duration healthyAfter = Duration.ofNanos(System.nanoTime() - killed);
            measured.put("kill -9 " + service + " (" + command + ")", "restarted after " + seconds(restartedAfter)
                    + ", registration works after " + seconds(registeredAfter) + ", healthy after "
                    + seconds(healthyAfter));
            System.out.println("[compose-it] " + measured.entrySet().stream().reduce((a, b) -> b).orElseThrow());
        }
        awaitAllHealthy(HEALTHY_LIMIT);
        // after PostgreSQL's crash everything provisioned is still there: both users register
        assertThat(register(bob, Duration.ofSeconds(15))).as("%s after PostgreSQL's kill -9: %s", bob.impu(),
                lastJsSip).isPresent();
        assertThat(register(demo, Duration.ofSeconds(15))).as("%s after PostgreSQL's kill -9: %s", demo.impu(),
                lastJsSip).isPresent();
    }

    @Test
    @Order(6)
    void downThenUpKeepsTheDataAndDownVolumesRemovesIt() {
        assumeTrue(bob != null, "needs the provisioned second user");
        long start = System.nanoTime();
        Result down = shell.run(Duration.ofMinutes(3), Shell.concat(compose, "--profile", "demo", "down"));
        assertThat(down.ok()).as(down.describe()).isTrue();
        assertThat(volume()).as("the pgdata volume after down").isPresent();
        Result up = shell.run(Duration.ofMinutes(6), Shell.concat(compose, "up", "-d"));
        assertThat(up.ok()).as(up.describe()).isTrue();
        awaitAllHealthy(HEALTHY_LIMIT);
        measured.put("down, up -d, all healthy", seconds(Duration.ofNanos(System.nanoTime() - start)));
        // bob was provisioned through the API only (demo-provision did not run again): still there
        Optional<JsonNode> registered = registerWithin(bob, Duration.ofSeconds(60));
        assertThat(registered).as("%s after down and up: %s", bob.impu(), lastJsSip).isPresent();

        String volume = volume().orElseThrow();
        Result downV = shell.run(Duration.ofMinutes(3), Shell.concat(compose, "--profile", "demo", "down", "-v"));
        assertThat(downV.ok()).as(downV.describe()).isTrue();
        started = false;
        assertThat(volume()).as("volume %s after down -v", volume).isEmpty();
    }

    @AfterAll
    void downAndReport() {
        if (shell != null && started && !"true".equals(setting("IMS_COMPOSE_KEEP", ""))) {
            shell.run(Duration.ofMinutes(3), Shell.concat(compose, "--profile", "demo", "down", "-v", "--remove-orphans"));
        }
        if (work != null && !"true".equals(setting("IMS_COMPOSE_KEEP", ""))) {
            deleteTree(work.getParent());
        }
        if (!measured.isEmpty()) {
            measured.put("whole test", seconds(Duration.ofNanos(System.nanoTime() - classStart)));
            StringBuilder report = new StringBuilder("[compose-it] Docker " + dockerVersion + ", "
                    + String.join(" ", compose) + " " + composeVersion + ", recovery bound " + RECOVERY_BOUND.toSeconds()
                    + " s\n");
            measured.forEach((k, v) -> report.append("[compose-it]   ").append(k).append(": ").append(v).append('\n'));
            System.out.print(report);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String lastJsSip = "";

    /** One JsSIP UA (system-tests/js/jssip-client.mjs): connect, REGISTER with the web credentials, un-REGISTER. */
    private Optional<JsonNode> register(User user, Duration timeout) {
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("url", webSocketUrl);
        scenario.put("origin", ORIGIN);
        scenario.put("timeoutMs", timeout.toMillis());
        ArrayNode users = scenario.putArray("users");
        users.addObject().put("impu", user.impu()).put("webIdentity", user.webIdentity()).put("wwsf", WWSF)
                .put("password", user.password()).put("expires", 600);
        scenario.putArray("steps").add("register");
        Path js = repository.resolve("system-tests/js");
        Result result = new Shell(js, Map.of()).run(timeout.multipliedBy(5).plusSeconds(20), "node",
                js.resolve("jssip-client.mjs").toString(), scenario.toString());
        lastJsSip = result.output().strip();
        for (String line : result.output().split("\n")) {
            if (line.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if ("register".equals(node.path("step").asText()) && "registered".equals(node.path("event").asText())) {
                        return Optional.of(node);
                    }
                } catch (IOException e) {
                    // not a JSON line: part of lastJsSip for the failure message
                }
            }
        }
        return Optional.empty();
    }

    /** Registration attempts one after the other (each bounded by 5 s) until one succeeds or {@code bound} ends. */
    private Optional<JsonNode> registerWithin(User user, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Optional<JsonNode> registered = Optional.empty();
        while (registered.isEmpty() && System.nanoTime() < deadline) {
            registered = register(user, Duration.ofSeconds(5));
        }
        return registered;
    }

    private void call(String method, String url, String token, String body, int... accepted) throws Exception {
        assertThat(token).as("token for %s %s in .env", method, url).isNotBlank();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, url, response.body())
                .isIn(java.util.Arrays.stream(accepted).boxed().toList());
    }

    private Duration awaitAllHealthy(Duration limit) {
        return awaitCondition("all services healthy", limit, () -> SERVICES.stream().allMatch(service -> {
            Optional<String> id = maybeContainerOf(service);
            return id.isPresent() && "healthy".equals(inspect(id.get(), "{{if .State.Health}}{{.State.Health.Status}}{{end}}"));
        }));
    }

    private String awaitDemoProvisioned() {
        awaitCondition("demo-provision to exit", HEALTHY_LIMIT,
                () -> maybeContainerOf("demo-provision").map(id -> inspect(id, "{{.State.Status}}"))
                        .filter("exited"::equals).isPresent());
        String id = containerOf("demo-provision");
        Result logs = shell.run(Duration.ofSeconds(30), "docker", "logs", id);
        assertThat(inspect(id, "{{.State.ExitCode}}")).as("demo-provision exit code; its output:\n%s", logs.output())
                .isEqualTo("0");
        return logs.output();
    }

    private interface Check {
        boolean holds();
    }

    /** Polls {@code check} (every 500 ms) until it holds; fails with the diagnostics after {@code limit}. */
    private Duration awaitCondition(String what, Duration limit, Check check) {
        long start = System.nanoTime();
        while (true) {
            if (check.holds()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - start > limit.toNanos()) {
                dumpDiagnostics("timed out waiting for " + what);
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private String composeProject() {
        Result result = shell.run(Duration.ofSeconds(30), "docker", "ps", "-a", "--filter",
                "label=com.docker.compose.project.working_dir=" + work, "--format",
                "{{.Label \"com.docker.compose.project\"}}");
        String name = firstLine(result.output());
        assertThat(name).as("compose project of %s: %s", work, result.output()).isNotBlank();
        return name;
    }

    private Optional<String> maybeContainerOf(String service) {
        Result result = shell.run(Duration.ofSeconds(30), "docker", "ps", "-a", "-q", "--filter",
                "label=com.docker.compose.project=" + project, "--filter", "label=com.docker.compose.service=" + service);
        String id = firstLine(result.output());
        return result.ok() && !id.isBlank() ? Optional.of(id) : Optional.empty();
    }

    private String containerOf(String service) {
        return maybeContainerOf(service).orElseThrow(() -> new AssertionError("no container of " + service));
    }

    private String inspect(String container, String format) {
        Result result = shell.run(Duration.ofSeconds(30), "docker", "inspect", "-f", format, container);
        return result.ok() ? result.output().strip() : "";
    }

    private Instant created(String container) {
        return Instant.parse(inspect(container, "{{.Created}}"));
    }

    private Optional<String> volume() {
        Result result = shell.run(Duration.ofSeconds(30), "docker", "volume", "ls", "-q", "--filter",
                "label=com.docker.compose.project=" + project, "--filter", "label=com.docker.compose.volume=pgdata");
        String name = firstLine(result.output());
        return name.isBlank() ? Optional.empty() : Optional.of(name);
    }

    private void dumpDiagnostics(String reason) {
        if (shell == null || project == null && work == null) {
            return;
        }
        StringBuilder out = new StringBuilder("[compose-it] ===== " + reason + ": containers and logs =====\n");
        out.append(shell.run(Duration.ofSeconds(30), "docker", "ps", "-a", "--format",
                "{{.Names}}\t{{.Status}}\t{{.Image}}").output());
        out.append(shell.run(Duration.ofMinutes(1), Shell.concat(compose, "--profile", "demo", "logs", "--no-color",
                "--tail=120")).output());
        System.out.println(out);
    }

    /** The non-comment lines of the first shell block of the README's "## Deploy" section. */
    private List<String> readmeDeployCommands() {
        String readme = Repo.read(repository.resolve("README.md"));
        int section = readme.indexOf("\n## Deploy");
        assertThat(section).as("README.md has a '## Deploy' section").isPositive();
        Matcher block = Pattern.compile("```(?:sh|bash)\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).as("a ```sh block in README's Deploy section").isTrue();
        List<String> commands = new ArrayList<>();
        for (String line : block.group(1).split("\n")) {
            String command = line.replaceAll("\\s+#.*$", "").strip();
            if (!command.isEmpty() && !command.startsWith("#")) {
                commands.add(command);
            }
        }
        return commands;
    }

    private void waitForEngineSetup() {
        String file = setting("IMS_DOCKER_READY_FILE", "");
        if (file.isBlank()) {
            return;
        }
        Path ready = Path.of(file);
        long start = System.nanoTime();
        while (!Files.exists(ready) && System.nanoTime() - start < ENGINE_SETUP_LIMIT.toNanos()) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String state = Files.exists(ready) ? Repo.read(ready).strip() : "missing after " + ENGINE_SETUP_LIMIT;
        System.out.println("[compose-it] engine setup: " + state + " (waited " + seconds(Duration.ofNanos(System.nanoTime() - start)) + ")");
        assertThat(state).as("scripts/docker-engine.sh start (its log: see .ci/run's output)").isEqualTo("ok");
    }

    private void ensureNodeModules(Shell probe) {
        Path js = repository.resolve("system-tests/js");
        if (!Files.isDirectory(js.resolve("node_modules/jssip"))) {
            Result install = new Shell(js, Map.of()).run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.ok()).as("npm ci in system-tests/js: %s", install.describe()).isTrue();
        }
    }

    /** Tracked and untracked files of the working tree, without build output, dependencies, git data or .env. */
    private static void copyWorkingTree(Path from, Path to) throws IOException {
        Set<String> skipped = Set.of(".git", "target", "node_modules", ".idea", ".vscode");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skipped.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (!name.equals(".env") && attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readDotEnv(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Repo.read(file).split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    private String dotEnvOr(String name, String fallback) {
        String value = dotEnv.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null ? fallback : value;
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline).strip();
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
