package org.webrtcims.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure the Node clients' dependencies (JsSIP, SIP.js, ws: exact versions of {@code js/package-lock.json}) are
 * installed before a test class runs: {@code npm ci --no-audit --no-fund} in {@code system-tests/js} when
 * {@code node_modules} is missing or older than the lock file, once per JVM. A clean clone therefore needs only
 * Node 20+ with npm on the PATH and access to the npm registry; without Node the tests fail with a message that
 * says so.
 */
public final class NodeModules implements BeforeAllCallback {

    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final int MIN_NODE_MAJOR = 20;
    private static boolean ready;

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureInstalled();
    }

    static synchronized void ensureInstalled() {
        if (ready) {
            return;
        }
        Path js = NodeScript.jsDirectory();
        checkNode();
        if (stale(js)) {
            npmCi(js);
            if (stale(js)) {
                throw new IllegalStateException("`npm ci` in " + js + " succeeded but node_modules/.package-lock.json"
                        + " is still missing or older than package-lock.json");
            }
        }
        ready = true;
    }

    /** npm ci writes node_modules/.package-lock.json: missing or older than the lock file means "run npm ci". */
    private static boolean stale(Path js) {
        Path installed = js.resolve("node_modules").resolve(".package-lock.json");
        Path lock = js.resolve("package-lock.json");
        try {
            return !Files.exists(installed)
                    || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static void checkNode() {
        Output version = exec(List.of("node", "--version"), null, Duration.ofSeconds(30),
                "the system tests need Node " + MIN_NODE_MAJOR + "+ (`node`) and npm on the PATH to run JsSIP and "
                        + "SIP.js (see system-tests/README.md)");
        Matcher m = Pattern.compile("v(\\d+)\\.").matcher(version.text());
        if (version.exitCode() != 0 || !m.find() || Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException("The system tests need Node " + MIN_NODE_MAJOR + "+; `node --version` "
                    + "said: " + version.text().strip() + " (exit " + version.exitCode() + ")");
        }
    }

    private static void npmCi(Path js) {
        Output ci = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), js, NPM_CI_TIMEOUT,
                "`npm` was not found on the PATH: the system tests install JsSIP and SIP.js with `npm ci` in " + js
                        + " (Node " + MIN_NODE_MAJOR + "+ with npm; see system-tests/README.md)");
        if (ci.exitCode() != 0) {
            throw new IllegalStateException("`npm ci --no-audit --no-fund` in " + js + " failed (exit " + ci.exitCode()
                    + "); it needs the npm registry. Output:\n" + ci.text());
        }
    }

    private record Output(int exitCode, String text) {
    }

    private static Output exec(List<String> command, Path directory, Duration timeout, String missingMessage) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Path log;
        Process process;
        try {
            log = Files.createTempFile("systemtests-" + command.get(0), ".log");
            builder.redirectOutput(log.toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(missingMessage + " [" + e.getMessage() + "]", e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Output(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the output of " + command, e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
