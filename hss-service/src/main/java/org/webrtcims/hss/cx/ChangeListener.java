package org.webrtcims.hss.cx;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link CxMemory} in sync with what anyone commits: LISTENs on {@code hss_provisioning} and
 * {@code hss_registration} (migration V4) on a dedicated connection (not a pooled one), from a dedicated daemon
 * thread; what a notification makes it read (changed keys, changed rows, a full reload) it reads on that connection
 * too, so it never takes a connection from the database threads' pool. On every (re)connect it LISTENs first, then
 * reloads everything, then lets Cx answer from memory. Each loop waits up to {@code checkInterval} for
 * notifications, applies them, checks the connection with a round trip and applies what arrived with it, then
 * confirms to {@link CxMemory}; a lost connection makes Cx read from the database per request until it is back and
 * reloaded. Plain class: no Spring.
 */
public final class ChangeListener {

    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    private static final long PRUNE_EVERY_NANOS = Duration.ofMinutes(5).toNanos();

    /** Opens the listener's own connection. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final CxMemory memory;
    private final int checkMillis;
    private final Duration retention;
    private final AtomicInteger connects = new AtomicInteger();
    private volatile boolean running;
    private volatile int backendPid;
    private volatile Connection current;
    private Thread thread;

    public ChangeListener(Connector connector, CxMemory memory, Duration checkInterval, Duration retention) {
        this.connector = connector;
        this.memory = memory;
        this.checkMillis = (int) Math.max(1, checkInterval.toMillis());
        this.retention = retention;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "hss-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        memory.listenerDown();
        Connection c = current;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many times the listener has connected and reloaded (for tests and the log). */
    public int connects() {
        return connects.get();
    }

    /** The PostgreSQL backend process of the current (or last) listener connection (for tests and operators). */
    public int backendPid() {
        return backendPid;
    }

    private void run() {
        long backoffMillis = 100;
        long lastPrune = System.nanoTime() - PRUNE_EVERY_NANOS;
        while (running) {
            try (Connection c = connector.connect(); Statement st = c.createStatement()) {
                current = c;
                PGConnection pg = c.unwrap(PGConnection.class);
                String schema;
                try (ResultSet rs = st.executeQuery("SELECT current_schema(), pg_backend_pid()")) {
                    rs.next();
                    schema = rs.getString(1);
                    backendPid = rs.getInt(2);
                }
                st.execute("LISTEN hss_provisioning");
                st.execute("LISTEN hss_registration");
                memory.reloadAll(c); // after LISTEN: nothing committed from now on can be missed
                memory.listenerUp();
                int n = connects.incrementAndGet();
                if (n > 1) {
                    log.info("Change listener reconnected (connect #{}); Cx answers from memory again", n);
                }
                backoffMillis = 100;
                while (running) {
                    apply(c, schema, pg.getNotifications(checkMillis));
                    try (ResultSet rs = st.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                    apply(c, schema, pg.getNotifications()); // what arrived with the check, without waiting
                    memory.listenerConfirmed();
                    if (System.nanoTime() - lastPrune > PRUNE_EVERY_NANOS) {
                        lastPrune = System.nanoTime();
                        memory.prune(c, retention);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                memory.listenerDown();
                if (running) {
                    log.warn("Change listener lost its connection or failed to apply a change ({}); Cx reads from the "
                            + "database per request until it reconnects, next attempt in {} ms", e.toString(),
                            backoffMillis);
                }
            } finally {
                memory.listenerDown();
                current = null;
            }
            if (running) {
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private void apply(Connection c, String schema, PGNotification[] notifications) throws SQLException {
        if (notifications == null || notifications.length == 0) {
            return;
        }
        long provisioningVersion = -1;
        Map<String, Long> registrations = new HashMap<>();
        for (PGNotification n : notifications) {
            String[] parts = n.getParameter().split(" ", 3);
            if (!parts[0].equals(schema) || parts.length < 2) {
                continue; // another schema of the same database
            }
            long version = Long.parseLong(parts[1]);
            if (n.getName().equals("hss_provisioning")) {
                provisioningVersion = Math.max(provisioningVersion, version);
            } else if (n.getName().equals("hss_registration") && parts.length == 3) {
                registrations.merge(parts[2], version, Math::max);
            }
        }
        if (provisioningVersion >= 0) {
            memory.provisioningChanged(c, provisioningVersion);
        }
        if (!registrations.isEmpty()) {
            memory.registrationsChanged(c, registrations);
        }
    }
}
