package org.webrtcims.systemtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run of a Node client of {@code system-tests/js} ({@code jssip-client.mjs}, {@code sipjs-client.mjs},
 * {@code raw-ws.mjs}): {@code node <script> '<scenario json>'}, whose stdout is one JSON object per line
 * (js/README.md). Collects the lines as they come (a test can wait for one while the script still runs), stderr
 * for diagnostics, and the exit code.
 */
final class NodeScript {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String script;
    private final Process process;
    private final List<JsonNode> lines = new ArrayList<>();
    /** When each line arrived, in ms since the start (for the diagnostics of a failure). */
    private final List<Long> arrivals = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final List<String> notJson = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private NodeScript(String script, Process process) {
        this.script = script;
        this.process = process;
        this.stdoutReader = daemon("node-stdout-" + script, () -> readLines(process.getInputStream(), this::onStdout));
        this.stderrReader = daemon("node-stderr-" + script, () -> readLines(process.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
            }
        }));
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** {@code system-tests/js}: surefire passes it; otherwise relative to the module directory. */
    static Path jsDirectory() {
        String configured = System.getProperty("systemtests.js.dir");
        Path js = configured != null ? Path.of(configured) : Path.of("js");
        if (!Files.isRegularFile(js.resolve("package.json"))) {
            throw new IllegalStateException("No Node clients at " + js.toAbsolutePath()
                    + " (set -Dsystemtests.js.dir=<repo>/system-tests/js)");
        }
        return js.toAbsolutePath();
    }

    /** Starts {@code node <script> <scenario as JSON>} in {@code system-tests/js}. */
    static NodeScript start(String script, Object scenario) {
        NodeModules.ensureInstalled();
        Path js = jsDirectory();
        try {
            Process process = new ProcessBuilder("node", script, JSON.writeValueAsString(scenario))
                    .directory(js.toFile()).start();
            process.getOutputStream().close();
            return new NodeScript(script, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start node " + script, e);
        }
    }

    /** Runs the script to its end (at most {@code timeout}). */
    static Result run(String script, Object scenario, Duration timeout) {
        return start(script, scenario).await(timeout);
    }

    /** Waits until a line matching {@code predicate} has been printed; fails if the script ends first or times out. */
    JsonNode awaitLine(Predicate<JsonNode> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                Optional<JsonNode> hit = lines.stream().filter(predicate).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !stdoutReader.isAlive())) {
                    throw new AssertionError("node " + script + ": the expected line did not come "
                            + (left <= 0 ? "within " + timeout : "before the script ended") + "\n" + snapshot());
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The JSON lines printed so far (the script may still run). */
    List<JsonNode> linesSoFar() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Ends a script that runs until it is told to (e.g. {@code register-loop.mjs}): SIGTERM, on which it prints its
     * {@code done} line and exits; SIGKILL after {@code timeout}. Returns what it printed.
     */
    Result stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            stdoutReader.join(5_000);
            stderrReader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return snapshot();
    }

    /** The OS process (so that a test can make sure it does not outlive the JVM). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for the script to exit (killing it after {@code timeout}) and returns what it printed. */
    Result await(Duration timeout) {
        try {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            stdoutReader.join(5_000);
            stderrReader.join(5_000);
            Result result = snapshot();
            if (!ended) {
                throw new AssertionError("node " + script + " did not end within " + timeout + "\n" + result);
            }
            return result;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private Result snapshot() {
        synchronized (lines) {
            synchronized (stderr) {
                return new Result(script, process.isAlive() ? null : process.exitValue(), List.copyOf(lines),
                        List.copyOf(arrivals), List.copyOf(notJson), stderr.toString());
            }
        }
    }

    private void onStdout(String line) {
        synchronized (lines) {
            try {
                lines.add(JSON.readTree(line));
                arrivals.add((System.nanoTime() - startNanos) / 1_000_000);
            } catch (JacksonException e) {
                notJson.add(line);
            }
            lines.notifyAll();
        }
    }

    private static void readLines(InputStream in, java.util.function.Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    sink.accept(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * What a script printed.
     *
     * @param exitCode null while it still runs
     * @param lines    the JSON lines of stdout
     * @param arrivals when each line arrived, in ms since the script started
     * @param notJson  stdout lines that are not JSON (a contract violation of the script)
     * @param stderr   for diagnostics
     */
    record Result(String script, Integer exitCode, List<JsonNode> lines, List<Long> arrivals, List<String> notJson,
                  String stderr) {

        /** The lines of one user and step (e.g. user 0, "register"). */
        List<JsonNode> lines(int user, String step) {
            return lines.stream().filter(l -> l.path("user").asInt(-1) == user && step.equals(l.path("step").asString()))
                    .toList();
        }

        /** The single outcome line of one user and step; fails with every line when there is not exactly one. */
        JsonNode line(int user, String step) {
            List<JsonNode> found = lines(user, step);
            if (found.size() != 1) {
                throw new AssertionError("expected one line for user " + user + " step " + step + ", got "
                        + found.size() + "\n" + this);
            }
            return found.get(0);
        }

        List<JsonNode> events(String event) {
            return lines.stream().filter(l -> event.equals(l.path("event").asString())).toList();
        }

        /** The final {@code done} line. */
        JsonNode done() {
            List<JsonNode> done = events("done");
            if (done.size() != 1) {
                throw new AssertionError("expected one done line\n" + this);
            }
            return done.get(0);
        }

        @Override
        public String toString() {
            return "node " + script + " exit " + exitCode + "\n--- stdout (JSON lines, +ms since start)\n"
                    + IntStream.range(0, lines.size()).mapToObj(i -> "+" + arrivals.get(i) + " " + lines.get(i))
                    .collect(Collectors.joining("\n"))
                    + (notJson.isEmpty() ? "" : "\n--- stdout (not JSON)\n" + String.join("\n", notJson))
                    + "\n--- stderr\n" + stderr;
        }
    }
}
