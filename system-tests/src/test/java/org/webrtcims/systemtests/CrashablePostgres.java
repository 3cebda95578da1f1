package org.webrtcims.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.webrtcims.testdb.JdbcTarget;
import org.webrtcims.ports.FreePorts;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL 14 server (zonky, from the jar's linux-amd64 binaries, as the launcher's
 * {@code LocalPostgres} runs it) on a fixed port and data directory, so that it can be killed with SIGKILL and started
 * again <em>on the same data</em> and port: what a crash and an automatic restart (systemd, a container's restart
 * policy) do to a real server. The postmaster runs as its own OS process ({@code pg_ctl start} detaches it).
 *
 * <p>{@code synchronous_commit=on} (zonky turns it off): a committed transaction must survive a kill of the server,
 * as with PostgreSQL's default. zonky also starts the postmaster with {@code -F} (no fsync): that loses nothing on a
 * kill of the processes (the kernel keeps the written pages), only on a crash of the machine, which this does not
 * simulate.
 */
final class CrashablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;
    private ProcessHandle postmaster;

    private CrashablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Initializes {@code dataDirectory} (when empty) and starts the server on a free port. */
    static CrashablePostgres start(Path dataDirectory) {
        CrashablePostgres postgres = new CrashablePostgres(dataDirectory, FreePorts.next());
        postgres.startServer();
        return postgres;
    }

    /** The server's {@code postgres} database as the {@code postgres} superuser (trust authentication). */
    JdbcTarget server() {
        return new JdbcTarget("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /** The postmaster's PID, from the first line of {@code postmaster.pid}. */
    long postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return Long.parseLong(lines.get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read postmaster.pid in " + dataDirectory, e);
        }
    }

    /**
     * {@code kill -9} of the postmaster, then waits until its backends and auxiliary processes have exited too (they
     * notice the postmaster's death by themselves; a restart refuses to start while any still holds the old shared
     * memory). Those still there after {@code grace} are killed as well.
     */
    void killPostmaster(Duration grace) {
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        awaitExit(postmaster, Duration.ofSeconds(10));
        for (ProcessHandle child : children) {
            if (!awaitExit(child, grace)) {
                child.destroyForcibly();
                awaitExit(child, Duration.ofSeconds(10));
            }
        }
        OrphanGuard.forget(postmaster);
    }

    /**
     * Starts the server again on the same data directory and port, as a supervisor would after a crash: PostgreSQL
     * finds the stale {@code postmaster.pid} and runs crash recovery (WAL replay). Returns when it accepts connections.
     */
    void restart() {
        closeServerObject();
        startServer();
    }

    private void startServer() {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // the test stops it itself; OrphanGuard kills it if the JVM exits first
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
        postmaster = ProcessHandle.of(postmasterPid())
                .orElseThrow(() -> new IllegalStateException("The postmaster of " + dataDirectory + " is not running"));
        OrphanGuard.watch(postmaster);
    }

    /**
     * zonky's object of the killed server: its close releases the data directory's lock (a new start in this JVM
     * needs it) after a {@code pg_ctl stop} that only reports that the (dead) postmaster cannot be signalled.
     */
    private void closeServerObject() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // the server is gone already; the lock is released all the same
            }
            server = null;
        }
    }

    /** Stops the server ({@code pg_ctl stop}) or, when that fails, kills it. */
    @Override
    public void close() {
        if (postmaster != null && postmaster.isAlive()) {
            closeServerObject();
            if (postmaster.isAlive()) {
                OrphanGuard.killTree(postmaster);
            }
        } else {
            closeServerObject();
        }
        if (postmaster != null) {
            OrphanGuard.forget(postmaster);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }
}
