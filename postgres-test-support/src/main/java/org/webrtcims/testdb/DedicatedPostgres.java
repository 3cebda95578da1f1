package org.webrtcims.testdb;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.webrtcims.ports.FreePorts;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of one test's own, which the test may stop to see how a service behaves when its
 * database goes away. Always embedded (zonky): a shared or external server must not be stopped.
 */
public final class DedicatedPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private boolean stopped;

    private DedicatedPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    public static DedicatedPostgres start() {
        try {
            return new DedicatedPostgres(EmbeddedPostgres.builder().setPort(FreePorts.next()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a dedicated embedded PostgreSQL", e);
        }
    }

    public TestDatabase database() {
        return new TestDatabase(server.getJdbcUrl("postgres", "postgres"), "postgres", "", "public");
    }

    /** Stops the server: new connections are refused and open ones are closed. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
