package org.webrtcims.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Crash recovery: the core runs as six OS processes (the five services from their exec jars, PostgreSQL's
 * postmaster), real JsSIP WICs register without pause ({@code js/register-loop.mjs}), and each process in turn is
 * killed with SIGKILL (no shutdown of any kind: what an OOM kill, a kernel panic of a container or {@code kill -9}
 * does) and started again the same way, as a supervisor (systemd, Kubernetes, Compose's restart policy) would. After
 * every restart: every loop user registers again within {@link #RECOVERY_BOUND} of the restarted process being
 * ready, with nobody touching anything else, and every mapping, subscription, WWSF and credential provisioned so far
 * (including one written just before the kill) is still there. Registrations that fail during the outage are
 * expected; they are counted and printed with the measured times ({@code target/chaos/recovery.txt}).
 */
@ExtendWith(NodeModules.class)
class KillNineRecoveryIT {

    /** After the restarted process is ready, every loop user must have registered again within this. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final int LOOP_USERS = 3;
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final Path WORK = Path.of("target", "chaos").toAbsolutePath();

    private static long startNanos;
    private static ProcessCore core;
    private static NodeScript loop;
    private static final List<ProvisionedUser> provisioned = new ArrayList<>();
    private static int userCount;

    @BeforeAll
    static void startCore() throws IOException {
        // CI (.ci/run) runs the same crash test against the real deployment instead: DockerComposeIT kills each
        // service's process and PostgreSQL with kill -9 under Compose's restart policy (both do not fit in CI's time)
        org.junit.jupiter.api.Assumptions.assumeFalse("required".equals(System.getenv("IMS_COMPOSE_TEST")),
                "IMS_COMPOSE_TEST=required: DockerComposeIT runs the kill -9 recovery test on the Compose deployment");
        startNanos = System.nanoTime();
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Path root = Path.of(System.getProperty("systemtests.root.dir", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("systemtests.version", "0.1.0-SNAPSHOT");
        core = ProcessCore.start(WORK, ProcessCore.execJars(root, version), Map.of());
    }

    @AfterAll
    static void stopCore() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
            OrphanGuard.forget(loop.handle());
        }
        if (core != null) {
            core.close();
        }
    }

    @Test
    @DisplayName("kill -9 of each service and of PostgreSQL while users register: nothing provisioned is lost and "
            + "registration works again within 30 s of the restart, without any operator action")
    void killNineOfEachServiceAndPostgres_whileUsersRegister_losesNothing_andRegistrationRecoversUnaided() {
        List<ProvisionedUser> loopUsers = new ArrayList<>();
        for (int i = 0; i < LOOP_USERS; i++) {
            loopUsers.add(newUser());
        }
        newUser(); // provisioned but idle: must survive too
        loop = NodeScript.start("register-loop.mjs", loopScenario(loopUsers));
        OrphanGuard.watch(loop.handle());
        long warmStart = System.currentTimeMillis();
        await("every loop user registers once before the first kill").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).until(() -> allUsersSucceededSince(warmStart));

        List<Outcome> outcomes = new ArrayList<>();
        List<Crash> crashes = new ArrayList<>();
        for (Service service : Service.values()) {
            crashes.add(new Crash(service.configName(), () -> {
                long pid = core.pid(service);
                Instant killed = core.kill(service);
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("%s (pid %d) is gone after SIGKILL", service.configName(), pid).isFalse();
                return killed;
            }, () -> core.restart(service)));
        }
        crashes.add(new Crash("postgresql", () -> {
            long pid = core.postmasterPid();
            Instant killed = core.killPostgres();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("the postmaster (pid %d) is gone after SIGKILL", pid).isFalse();
            return killed;
        }, core::restartPostgres));

        NodeScript.Result finalRun = null;
        String report;
        try {
            for (Crash crash : crashes) {
                Outcome outcome = crash(crash.target(), crash.kill(), crash.restart());
                outcomes.add(outcome);
                if (outcome.restartMs() < 0) {
                    break; // the core is broken: the next crashes would say nothing
                }
            }
        } finally {
            NodeScript.Result loopResult = loop.stop(Duration.ofSeconds(5));
            OrphanGuard.forget(loop.handle());
            loop = null;
            if (outcomes.size() == crashes.size() && outcomes.stream().allMatch(o -> o.failure() == null)) {
                // at the end every user ever provisioned still registers: mapping and sealed H(A1) are intact
                finalRun = NodeScript.run("jssip-client.mjs", finalScenario(), Duration.ofMinutes(2));
            }
            long wallSeconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
            report = report(outcomes, loopResult, wallSeconds);
            System.out.println(report);
            write(WORK.resolve("recovery.txt"), report);
        }

        for (Outcome o : outcomes) {
            assertThat(o.failure()).as("%s\n%s", o.target(), report).isNull();
            assertThat(o.allUsersBackMs()).as("%s: every loop user registered again within %s of the restart\n%s",
                    o.target(), RECOVERY_BOUND, report).isLessThanOrEqualTo(RECOVERY_BOUND.toMillis());
        }
        assertThat(outcomes).as(report).hasSize(crashes.size());
        assertThat(finalRun).isNotNull();
        for (int i = 0; i < provisioned.size(); i++) {
            JsonNode line = finalRun.line(i, "register");
            assertThat(line.path("event").asString()).as("%s after all the kills: %s\n%s", provisioned.get(i), line,
                    finalRun).isEqualTo("registered");
            assertThat(line.path("status").asInt()).isEqualTo(200);
        }
    }

    /**
     * One crash: provision a user (a write just before the kill), kill, restart at once, then wait until every loop
     * user has registered again after the restart and check that everything provisioned is still there.
     */
    private Outcome crash(String target, Supplier<Instant> kill, Supplier<Instant> restart) {
        newUser();
        // the loop is running and succeeding right now: the kill lands in the middle of registrations
        long steady = System.currentTimeMillis();
        try {
            await(target + ": registrations succeed before the kill").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> allUsersSucceededSince(steady));
        } catch (ConditionTimeoutException e) {
            return Outcome.failed(target, steady, "registrations did not succeed before the kill (the previous "
                    + "crash left the core broken): " + lastAttempts(steady));
        }
        long killedAt = kill.get().toEpochMilli();
        long readyAt;
        try {
            readyAt = restart.get().toEpochMilli();
        } catch (RuntimeException e) {
            return Outcome.failed(target, killedAt, "restart failed: " + e.getMessage());
        }
        String failure = null;
        try {
            await(target + ": every loop user registers again after the restart").atMost(RECOVERY_BOUND)
                    .pollInterval(Duration.ofMillis(100)).until(() -> allUsersSucceededSince(readyAt));
        } catch (ConditionTimeoutException e) {
            failure = "not every loop user registered again within " + RECOVERY_BOUND + " of the restart: "
                    + lastAttempts(readyAt);
        }
        String lost = null;
        try {
            await(target + ": provisioned data readable").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(KillNineRecoveryIT::everythingProvisionedIsThere);
        } catch (ConditionTimeoutException | AssertionError e) {
            lost = "provisioned data missing after the restart: " + e.getMessage();
        }
        return measure(target, killedAt, readyAt, failure != null ? failure : lost);
    }

    /** Every mapping, subscription, WWSF and credential provisioned so far, read back through the admin APIs. */
    private static void everythingProvisionedIsThere() {
        for (ProvisionedUser user : provisioned) {
            JsonNode items = core.mappings(user).path("items");
            assertThat(items).as("mapping of %s", user).hasSize(1);
            assertThat(items.get(0).path("impu").asString()).as("mapping of %s", user).isEqualTo(user.impu());
            assertThat(core.subscription(subscriptionId(user)).toString()).as("subscription of %s", user)
                    .contains(user.impu());
            assertThat(core.wwsf(user.wwsf()).path("origins").toString()).contains(RunningCore.ORIGIN);
            JsonNode status = core.credentialStatus(user);
            assertThat(status.path("exists").asBoolean()).as("credential of %s: %s", user, status).isTrue();
            assertThat(status.path("revoked").asBoolean(false)).as("credential of %s: %s", user, status).isFalse();
            assertThat(status.path("credentialVersion").asLong()).as("credential of %s: %s", user, status)
                    .isEqualTo(1);
            assertThat(status.path("algorithms").toString()).as("credential of %s", user)
                    .contains("MD5").contains("SHA-256");
        }
    }

    // ---- measurements from the loop's lines -------------------------------------------------------------------------

    /** A process to crash: how to kill it (returns when) and how to start it again (returns when ready). */
    private record Crash(String target, Supplier<Instant> kill, Supplier<Instant> restart) {
    }

    /** One attempt of register-loop.mjs: user, start and end (epoch ms), outcome. */
    private record Attempt(int user, long t0, long t1, boolean ok, String kind) {

        static Attempt of(JsonNode line) {
            String kind = line.path("event").asString() + (line.has("status") ? " " + line.path("status").asInt()
                    : line.has("cause") ? " (" + line.path("cause").asString() + ")" : "");
            return new Attempt(line.path("user").asInt(), line.path("t0").asLong(), line.path("t1").asLong(),
                    line.path("ok").asBoolean(), kind);
        }
    }

    private static List<Attempt> attempts() {
        return loop.linesSoFar().stream().filter(l -> l.has("attempt")).map(Attempt::of).toList();
    }

    private static boolean allUsersSucceededSince(long sinceEpochMs) {
        List<Attempt> all = attempts();
        for (int user = 0; user < LOOP_USERS; user++) {
            int u = user;
            if (all.stream().noneMatch(a -> a.user() == u && a.ok() && a.t0() >= sinceEpochMs)) {
                return false;
            }
        }
        return true;
    }

    private static String lastAttempts(long since) {
        return attempts().stream().filter(a -> a.t1() >= since).map(a -> "user " + a.user() + " " + a.kind()
                + " (+" + (a.t0() - since) + " ms)").collect(Collectors.joining(", "));
    }

    /**
     * What a crash cost, from the loop's attempts.
     *
     * @param restartMs      kill → the restarted process ready (for PostgreSQL: accepting connections)
     * @param recoveryMs     kill → end of the first successful registration that started after the kill
     * @param allUsersBackMs ready → every loop user has completed a registration started after the restart
     * @param inFlightAtKill registrations under way (started, not answered) at the moment of the kill
     * @param failed         registrations that failed after the kill, before every user was back
     */
    private record Outcome(String target, long inFlightAtKill, long killedAt, long restartMs, long recoveryMs,
                           long allUsersBackMs, long succeeded, long failed, Map<String, Long> failureKinds,
                           String failure) {

        static Outcome failed(String target, long killedAt, String failure) {
            return new Outcome(target, 0, killedAt, -1, -1, Long.MAX_VALUE, 0, 0, Map.of(), failure);
        }
    }

    private static Outcome measure(String target, long killedAt, long readyAt, String failure) {
        List<Attempt> all = attempts();
        long inFlight = all.stream().filter(a -> a.t0() <= killedAt && a.t1() >= killedAt).count();
        OptionalLong firstOk = all.stream().filter(a -> a.ok() && a.t0() >= killedAt).mapToLong(Attempt::t1).min();
        long back = 0;
        for (int user = 0; user < LOOP_USERS; user++) {
            int u = user;
            OptionalLong t = all.stream().filter(a -> a.user() == u && a.ok() && a.t0() >= readyAt)
                    .mapToLong(Attempt::t1).min();
            back = Math.max(back, t.isPresent() ? t.getAsLong() - readyAt : Long.MAX_VALUE);
        }
        long end = back == Long.MAX_VALUE ? Long.MAX_VALUE : readyAt + back;
        List<Attempt> window = all.stream().filter(a -> a.t1() > killedAt && a.t1() <= end).toList();
        Map<String, Long> kinds = window.stream().filter(a -> !a.ok())
                .collect(Collectors.groupingBy(Attempt::kind, TreeMap::new, Collectors.counting()));
        return new Outcome(target, inFlight, killedAt, readyAt - killedAt,
                firstOk.isPresent() ? firstOk.getAsLong() - killedAt : -1, back,
                window.stream().filter(Attempt::ok).count(), window.stream().filter(a -> !a.ok()).count(), kinds,
                failure);
    }

    private static String report(List<Outcome> outcomes, NodeScript.Result loopResult, long wallSeconds) {
        StringBuilder out = new StringBuilder();
        out.append("Crash recovery (KillNineRecoveryIT), ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(loadAverage()).append('\n');
        out.append("first start (one after the other; ready after, cumulative): ").append(core.startTimes().entrySet()
                .stream().map(e -> e.getKey().configName() + String.format(" %.1f s", e.getValue().toMillis() / 1000.0))
                .collect(Collectors.joining(", "))).append('\n');
        out.append(String.format("%-15s %9s %12s %13s %15s %9s %7s  %s%n", "killed", "in flight", "kill→ready",
                "kill→1st 200", "ready→all back", "ok", "failed", "failures (JsSIP outcome, SIP status)"));
        for (Outcome o : outcomes) {
            out.append(String.format("%-15s %9d %10.1f s %11s %13s %9d %7d  %s%n", o.target(), o.inFlightAtKill(),
                    o.restartMs() / 1000.0, seconds(o.recoveryMs()), seconds(o.allUsersBackMs()), o.succeeded(),
                    o.failed(), o.failureKinds()));
            if (o.failure() != null) {
                out.append("    FAILED: ").append(o.failure()).append('\n');
            }
        }
        List<Attempt> all = loopResult.lines().stream().filter(l -> l.has("attempt")).map(Attempt::of).toList();
        out.append(String.format("registrations in the loop: %d attempts, %d ok, %d failed; %d users provisioned; "
                        + "bound: every loop user registered within %d s of the restart; JVM options %s%n",
                all.size(), all.stream().filter(Attempt::ok).count(), all.stream().filter(a -> !a.ok()).count(),
                provisioned.size(), RECOVERY_BOUND.toSeconds(), String.join(" ", ProcessCore.JVM_OPTIONS)));
        out.append("wall time of the test (start of six processes, warm-up, six crashes, final check): ")
                .append(wallSeconds).append(" s\n");
        return out.toString();
    }

    private static String seconds(long ms) {
        return ms < 0 ? "none" : ms == Long.MAX_VALUE ? "never" : String.format("%.1f s", ms / 1000.0);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    // ---- users and scenarios ----------------------------------------------------------------------------------------

    /** A new user at the system tests' WWSF ({@link RunningCore#WWSF}), provisioned now; remembered for the checks. */
    private static ProvisionedUser newUser() {
        String name = "chaos-" + (++userCount) + "-" + UUID.randomUUID().toString().substring(0, 6);
        ProvisionedUser user = core.provision(new WebUser(RunningCore.WWSF, List.of(RunningCore.ORIGIN),
                name + "@idp.systest.example.com", "sip:" + name + ".web@" + RunningCore.IMPU_DOMAIN, null,
                "pw-" + UUID.randomUUID(), "md5-only"));
        provisioned.add(user);
        return user;
    }

    private static String subscriptionId(ProvisionedUser user) {
        return new WebUser(user.wwsf(), user.origins(), user.webIdentity(), user.impu(), user.telAlias(),
                user.password(), null).subscriptionId();
    }

    private static ObjectNode loopScenario(List<ProvisionedUser> users) {
        ObjectNode scenario = NodeScript.object().put("url", core.webSocketUrl()).put("origin", RunningCore.ORIGIN)
                .put("attemptTimeoutMs", ATTEMPT_TIMEOUT.toMillis()).put("pauseMs", 300).put("failurePauseMs", 1_000)
                .put("expires", 300);
        ArrayNode list = scenario.putArray("users");
        users.forEach(u -> list.add(RunningCore.wic(u).put("instanceId", UUID.randomUUID().toString())));
        return scenario;
    }

    private static ObjectNode finalScenario() {
        ObjectNode scenario = NodeScript.object().put("url", core.webSocketUrl()).put("origin", RunningCore.ORIGIN)
                .put("timeoutMs", 30_000);
        ArrayNode list = scenario.putArray("users");
        provisioned.forEach(u -> list.add(RunningCore.wic(u)));
        scenario.putArray("steps").add("register");
        return scenario;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
