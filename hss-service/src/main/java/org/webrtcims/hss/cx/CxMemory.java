package org.webrtcims.hss.cx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.hss.registration.RegistrationView;

/**
 * The Cx API's in-memory model: {@link ProvisioningModel} and {@link RegistrationModel}, loaded from PostgreSQL and
 * kept in sync (README "In-memory model"):
 * <ul>
 * <li>this instance's own Cx writes are applied right after their commit ({@link CxStore});</li>
 * <li>its own admin writes by {@link #afterOwnWrite()} right after their commit, before the admin API answers;</li>
 * <li>anyone's writes through the {@link ChangeListener} (LISTEN/NOTIFY), which reloads everything on (re)connect.</li>
 * </ul>
 * Cx answers from memory only while the listener is connected and has checked its connection within the lease
 * ({@link #answersFromMemory()}); otherwise each request first reads the provisioning version and the IMPU's row in one
 * statement ({@link #syncForRequest}). So an answer is never older than the last notification received (milliseconds
 * behind another instance's commit), nor than the last commit while the listener is not trusted; it never depends on
 * a TTL. Plain class, no Spring context (tested with a plain DataSource).
 */
public final class CxMemory {

    private static final Logger log = LoggerFactory.getLogger(CxMemory.class);

    /** The fallback's one statement: the provisioning version and the IMPU's registration row, by primary keys. */
    private static final String VERSION_AND_REGISTRATION = """
            SELECT (SELECT v.version FROM provisioning_version v WHERE v.id = 1) AS version,
                   r.impu, r.state, r.scscf_name, r.private_identity, r.auth_pending, r.row_version
            FROM (VALUES (1)) AS one (x)
            LEFT JOIN impu_registration r ON r.impu = ?""";

    private final ProvisioningModel provisioning = new ProvisioningModel();
    private final RegistrationModel registrations = new RegistrationModel();
    private final DataSource dataSource;
    private final ModelLoader loader = new ModelLoader();
    private final long leaseNanos;
    /** serializes loads and provisioning catch-ups */
    private final Object sync = new Object();
    private final Set<String> changedByOwnAdminWrites = ConcurrentHashMap.newKeySet();
    private volatile boolean listening;
    private volatile long confirmedAt;

    public CxMemory(DataSource dataSource, Duration listenerLease) {
        this.dataSource = dataSource;
        this.leaseNanos = listenerLease.toNanos();
    }

    public ProvisioningModel provisioning() {
        return provisioning;
    }

    public RegistrationModel registrations() {
        return registrations;
    }

    /**
     * Whether Cx may answer from memory alone: the model is loaded and the listener is connected and has checked its
     * connection within the lease. False: call {@link #syncForRequest} (on a database thread) first.
     */
    public boolean answersFromMemory() {
        return listening && System.nanoTime() - confirmedAt < leaseNanos && provisioning.loaded();
    }

    // ---------------------------------------------------------------- the listener's calls

    /** The listener is connected and LISTENing, and the model was reloaded after that. */
    void listenerUp() {
        confirmedAt = System.nanoTime();
        listening = true;
    }

    /** The listener's connection answered a check and every notification received before it is applied. */
    void listenerConfirmed() {
        confirmedAt = System.nanoTime();
    }

    void listenerDown() {
        listening = false;
    }

    // ---------------------------------------------------------------- loading and catching up (blocking)

    /**
     * Everything from one snapshot (start, listener (re)connect, a TRUNCATE of registrations), read on {@code c} (the
     * listener's own connection). The snapshot is read without holding the model's lock (at 100,000 users it takes
     * seconds, during which the fallback path must keep answering); it replaces provisioning unless that has meanwhile
     * caught up further, and whatever committed after the snapshot is then caught up from the change log.
     */
    public void reloadAll(Connection c) throws SQLException {
        long started = System.nanoTime();
        registrations.beginReload();
        ModelLoader.Everything everything;
        try {
            everything = loader.everything(c);
        } catch (SQLException | RuntimeException e) {
            registrations.finishReload(null);
            throw e;
        }
        ModelLoader.Provisioning p = everything.provisioning();
        synchronized (sync) {
            if (p.version() > provisioning.version() || !provisioning.loaded()) {
                provisioning.replaceAll(p.version(), p.wwsfs(), p.subscriptions(), p.mappings());
            }
            registrations.finishReload(everything.registrations());
        }
        catchUpProvisioning(c);
        log.info("Cx model loaded in {} ms: provisioning version {}, {}, {} registration rows",
                (System.nanoTime() - started) / 1_000_000, provisioning.version(), provisioning.size(),
                registrations.size());
    }

    /** A notification: provisioning version {@code version} is committed (read on the listener's connection). */
    public void provisioningChanged(Connection c, long version) throws SQLException {
        if (version > provisioning.version()) {
            catchUpProvisioning(c);
        }
    }

    /**
     * Brings provisioning up to the committed version: only the keys {@code provisioning_change} names, or everything
     * when the log cannot say (never loaded, pruned, a TRUNCATE).
     */
    public void catchUpProvisioning() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            catchUpProvisioning(c);
        }
    }

    private void catchUpProvisioning(Connection c) throws SQLException {
        synchronized (sync) {
            ModelLoader.Changes changes = provisioning.loaded() ? loader.changesSince(c, provisioning.version()) : null;
            if (changes == null) {
                ModelLoader.Provisioning p = loader.provisioning(c);
                provisioning.replaceAll(p.version(), p.wwsfs(), p.subscriptions(), p.mappings());
                log.info("Cx provisioning reloaded at version {}: {}", p.version(), provisioning.size());
            } else if (changes.delta() != null) {
                provisioning.apply(changes.version(), changes.delta());
            }
        }
    }

    /**
     * Notifications: the rows of these IMPUs changed with these versions ({@code *}: all of them); read on the
     * listener's connection.
     */
    public void registrationsChanged(Connection c, Map<String, Long> notified) throws SQLException {
        if (notified.containsKey("*")) {
            reloadAll(c);
            return;
        }
        List<String> behind = new ArrayList<>();
        notified.forEach((impu, version) -> {
            if (!registrations.hasAtLeast(impu, version)) {
                behind.add(impu); // (this instance's own writes are already applied: no read)
            }
        });
        if (behind.isEmpty()) {
            return;
        }
        Map<String, RegistrationModel.Read> rows = loader.registrations(c, behind);
        for (String impu : behind) {
            RegistrationModel.Read row = rows.get(impu);
            if (row != null) {
                registrations.apply(row.view(), row.version());
            } else {
                registrations.deleted(impu, notified.get(impu));
            }
        }
    }

    /** An admin transaction of this instance changed these IMPUs' rows (called when it commits). */
    public void registrationsChangedByOwnWrite(Collection<String> impus) {
        changedByOwnAdminWrites.addAll(impus);
    }

    /**
     * After an admin transaction of this instance committed (on its database thread, before the API answers): the
     * provisioning change and the IMPUs it de-registered are in memory, so the next Cx request sees them even before
     * the notification arrives.
     */
    public void afterOwnWrite() throws SQLException {
        catchUpProvisioning();
        catchUpOwnRegistrations();
    }

    /**
     * {@link #afterOwnWrite()} for admin services, after their {@code TransactionTemplate} returned: passes the
     * transaction's result through.
     */
    public <T> T afterOwnWrite(T result) {
        try {
            afterOwnWrite();
        } catch (SQLException e) {
            // committed, but memory could not follow: the caller gets a database error and may retry (the admin
            // writes are idempotent PUTs or fail as duplicates); the listener brings memory up to date anyway
            throw new org.springframework.dao.DataAccessResourceFailureException(
                    "Committed; the in-memory model could not read the change yet", e);
        }
        return result;
    }

    private void catchUpOwnRegistrations() throws SQLException {
        if (!changedByOwnAdminWrites.isEmpty()) {
            List<String> impus = new ArrayList<>(changedByOwnAdminWrites);
            changedByOwnAdminWrites.removeAll(impus);
            try (Connection c = dataSource.getConnection()) {
                loader.registrations(c, impus).values()
                        .forEach(row -> registrations.apply(row.view(), row.version()));
            }
        }
    }

    /**
     * The fallback while the listener is not trusted (database thread): one statement reads the provisioning version
     * and the IMPU's row; provisioning catches up when the version moved; the row read is what this request uses.
     */
    public RegistrationModel.Read syncForRequest(String impu) throws SQLException {
        long version;
        RegistrationModel.Read row = null;
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(VERSION_AND_REGISTRATION)) {
            st.setString(1, impu);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                version = rs.getLong("version");
                if (rs.getString("state") != null) {
                    row = ModelLoader.registration(rs);
                }
            }
        }
        if (version > provisioning.version()) {
            catchUpProvisioning();
        }
        if (row == null) {
            return new RegistrationModel.Read(RegistrationView.notRegistered(impu), false, 0);
        }
        registrations.apply(row.view(), row.version());
        return row;
    }

    /** Deletes old change-log rows (the listener, now and then). */
    void prune(Connection c, Duration retention) throws SQLException {
        int deleted = loader.prune(c, retention.toSeconds());
        if (deleted > 0) {
            log.debug("Deleted {} provisioning_change rows older than {}", deleted, retention);
        }
    }
}
