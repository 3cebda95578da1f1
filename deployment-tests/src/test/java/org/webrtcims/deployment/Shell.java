package org.webrtcims.deployment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands (docker, docker compose, node, sh) in a directory with a given environment; bounded in time. */
final class Shell {

    record Result(List<String> command, int exitCode, String output, Duration took) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + " after " + took.toMillis() + " ms\n" + output;
        }
    }

    private final Path directory;
    private final Map<String, String> environment;

    Shell(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = environment;
    }

    Path directory() {
        return directory;
    }

    /** Runs the command; stdout and stderr together; a command still running after {@code limit} is killed. */
    Result run(Duration limit, List<String> command) {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(command, 127, "cannot start: " + e.getMessage(), Duration.ZERO);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "shell-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(2_000);
                return new Result(command, 124, text(output) + "\n[killed: still running after " + limit + "]",
                        Duration.ofNanos(System.nanoTime() - start));
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted: " + command, e);
        }
        return new Result(command, process.exitValue(), text(output), Duration.ofNanos(System.nanoTime() - start));
    }

    Result run(Duration limit, String... command) {
        return run(limit, List.of(command));
    }

    /** {@code sh -c line}: a README line as a user types it. */
    Result sh(Duration limit, String line) {
        return run(limit, List.of("sh", "-c", line));
    }

    static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
