package org.webrtcims.testdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.ports.FreePorts;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one way this project starts a PostgreSQL of its own (the launcher's server, the tests' shared embedded server
 * in {@link TestPostgres}, and a test's own server it may stop) or names an external one. The PostgreSQL server of a
 * local system: an embedded PostgreSQL 14 (zonky, from the jar's linux-amd64 binaries;
 * it runs as root too) or an external server. Each service that owns data gets its own database on it
 * (architecture: "no service reads another's tables"), created when missing.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres embedded;
    private final JdbcTarget server;
    private boolean stopped;

    private LocalPostgres(EmbeddedPostgres embedded, JdbcTarget server) {
        this.embedded = embedded;
        this.server = server;
    }

    /**
     * Starts an embedded server on a free port.
     *
     * @param dataDirectory where its data lives and stays (initialized on first use), or null for a temporary
     *                      directory that is deleted on {@link #close()}
     */
    public static LocalPostgres embedded(Path dataDirectory) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // not zonky's port-0 probe: a port outside the ephemeral range cannot be taken while initdb runs
                .setPort(FreePorts.next())
                // the launcher stops PostgreSQL itself, after the services that use it
                .setRegisterShutdownHook(false);
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        try {
            EmbeddedPostgres started = builder.start();
            return new LocalPostgres(started,
                    new JdbcTarget(started.getJdbcUrl("postgres", "postgres"), "postgres", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL"
                    + (dataDirectory == null ? "" : " in " + dataDirectory), e);
        }
    }

    /** An existing server; nothing is started or stopped. */
    public static LocalPostgres external(JdbcTarget server) {
        return new LocalPostgres(null, server);
    }

    /** The server's {@code postgres} database and account. */
    public JdbcTarget server() {
        return server;
    }

    /** The server's {@code postgres} database, for a test that uses it directly (schema {@code public}). */
    public TestDatabase testDatabase() {
        return new TestDatabase(server.url(), server.user(), server.password(), "public");
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * The database {@code name} on this server, created (owned by the connecting account) when missing. On an
     * external server the account needs {@code CREATEDB} unless the database already exists.
     */
    public JdbcTarget database(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database names are lower-case letters, digits and _: " + name);
        }
        try (Connection connection = DriverManager.getConnection(server.url(), server.user(), server.password())) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
                log.info("Created database {} on {}", name, server.url());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + server.url()
                    + " as " + server.user() + ": " + e.getMessage(), e);
        }
        return server.withDatabase(name);
    }

    /**
     * Stops the embedded server (an external one keeps running): new connections are refused and open ones are
     * closed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (embedded != null && !stopped) {
            stopped = true;
            try {
                embedded.close();
            } catch (IOException e) {
                // Ctrl-C reaches the postmaster too (same process group): it may be down already
                log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
