package org.webrtcims.hss.cx;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.CxCause;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionView;

/**
 * The data side of the Cx API. Reads come from {@link CxMemory} (provisioning and registration state in memory);
 * each change of a registration is written through to PostgreSQL first, as one compare-and-set {@code UPDATE} (see
 * {@link #changeRegistration}), and applied to memory after it commits, with the row version the database gave it.
 * The methods that take a {@link RegistrationModel.Read} never touch the database; the others (and
 * {@link #changeRegistration}) may block: call them on the database scheduler.
 */
@Component
public class CxStore {

    private static final String REGISTRATION_COLUMNS = """
            r.impu, r.state, r.scscf_name, r.private_identity, r.auth_pending, r.row_version""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CxMemory memory;

    public CxStore(JdbcTemplate jdbc, TransactionTemplate transactions, CxMemory memory) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.memory = memory;
    }

    /**
     * The IMPU's registration as Cx may use it now: from memory while the listener is trusted, else read from the
     * database (blocking).
     */
    public RegistrationModel.Read registration(String impu) {
        if (memory.answersFromMemory()) {
            return memory.registrations().read(impu);
        }
        try {
            return memory.syncForRequest(impu);
        } catch (SQLException e) {
            throw new org.springframework.dao.DataAccessResourceFailureException("Cannot read the registration", e);
        }
    }

    /**
     * The mapping of (WWSF, Web identity) with its subscription, WWSF and the IMPU's registration. Without a WWSF
     * identity (a REGISTER whose Authorization lacks {@code wwsf-identity}) the web identity must lead to exactly one
     * mapping into the IMPU's subscription.
     */
    public CxContext load(String wwsfIdentity, String webIdentity, String impu) {
        return load(wwsfIdentity, webIdentity, impu, registration(impu));
    }

    /** As {@link #load(String, String, String)} with the registration already read: memory only. */
    public CxContext load(String wwsfIdentity, String webIdentity, String impu, RegistrationModel.Read registration) {
        ProvisioningModel.Provisioned found = memory.provisioning().find(wwsfIdentity, webIdentity, impu);
        if (found == null) {
            return new CxContext(null, null, null, RegistrationView.notRegistered(impu));
        }
        return new CxContext(found.mapping(), found.subscription(), found.wwsf(), registration.view());
    }

    /** What SAR and LIR read. */
    public record ImpuContext(SubscriptionView subscription, boolean webIdentityMapped,
                              RegistrationView registration) {
    }

    /**
     * The subscription holding {@code impu} (USER_UNKNOWN when no subscription has it), whether an enabled mapping
     * of {@code webIdentity} (under {@code wwsfIdentity}, if given) leads into it (false when {@code webIdentity}
     * is null), and the IMPU's registration.
     */
    public ImpuContext impuContext(String impu, String webIdentity, String wwsfIdentity) {
        return impuContext(impu, webIdentity, wwsfIdentity, registration(impu));
    }

    /** As {@link #impuContext(String, String, String)} with the registration already read: memory only. */
    public ImpuContext impuContext(String impu, String webIdentity, String wwsfIdentity,
                                   RegistrationModel.Read registration) {
        Optional<SubscriptionView> holder = memory.provisioning().subscriptionOf(impu);
        if (holder.isEmpty()) {
            throw new CxException(CxCause.USER_UNKNOWN, "No subscription has this public identity.");
        }
        SubscriptionView subscription = holder.get();
        return new ImpuContext(subscription,
                memory.provisioning().mapsInto(webIdentity, wwsfIdentity, subscription.id()), registration.view());
    }

    /** Result of a change to a registration: the state to store and what to answer. */
    public record Change<T>(RegistrationView next, T result) {
    }

    /** The row as written or read, with its version (V4). */
    private record Row(RegistrationView view, long version) {
    }

    /** What the locking path stored, to apply to memory once committed. */
    private record Locked<T>(T result, Row row) {
    }

    /**
     * Applies {@code decide} to the IMPU's registration atomically: concurrent MAR/SAR (and admin
     * de-registrations) on one IMPU, on any HSS instance, are serialized and none is lost.
     * <p>
     * No statement when {@code decide} changes nothing on {@code seen} (a re-registration). Otherwise, fast path, one
     * statement: the result is stored with a compare-and-set {@code UPDATE … WHERE <row still equals seen>}.
     * PostgreSQL re-checks that condition on the newest row version after waiting for a concurrent writer, so if
     * anyone changed the row in between (or memory was behind), nothing is written and the slow path runs: the row is
     * read under a row lock ({@code SELECT … FOR NO KEY UPDATE}, created first if missing) and {@code decide} runs
     * again on it, in one transaction. {@code decide} must therefore be free of side effects. What was stored (or
     * read under the lock) goes to memory after the commit.
     *
     * @param seen the registration as the caller read it; null forces the locking path
     */
    public <T> T changeRegistration(String impu, RegistrationView seen, Function<RegistrationView, Change<T>> decide) {
        if (seen != null) {
            // (a row that does not exist yet matches no UPDATE: the first registration takes the slow path)
            Change<T> change = decide.apply(seen);
            if (change.next().equals(seen)) {
                return change.result();
            }
            Long version = compareAndSet(seen, change.next());
            if (version != null) {
                memory.registrations().apply(change.next(), version);
                return change.result();
            }
        }
        Locked<T> locked = transactions.execute(tx -> {
            Row current = lock(impu);
            if (current == null) {
                // the first registration of this IMPU: create the row so that it can be locked; concurrent
                // callers do not clash
                jdbc.update("INSERT INTO impu_registration (impu, state, auth_pending, updated_at) "
                        + "VALUES (?, 'NOT_REGISTERED', false, now()) ON CONFLICT (impu) DO NOTHING", impu);
                current = lock(impu);
            }
            Change<T> change = decide.apply(current.view());
            if (!change.next().equals(current.view())) {
                return new Locked<>(change.result(), new Row(change.next(), write(change.next())));
            }
            return new Locked<>(change.result(), current);
        });
        memory.registrations().apply(locked.row().view(), locked.row().version());
        return locked.result();
    }

    private Row lock(String impu) {
        List<Row> rows = jdbc.query("SELECT " + REGISTRATION_COLUMNS
                        + " FROM impu_registration r WHERE r.impu = ? FOR NO KEY UPDATE",
                (rs, i) -> {
                    RegistrationModel.Read read = ModelLoader.registration(rs);
                    return new Row(read.view(), read.version());
                }, impu);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** @return the new row version, or null when the row no longer equals {@code expected} */
    private Long compareAndSet(RegistrationView expected, RegistrationView next) {
        List<Long> versions = jdbc.queryForList("""
                        UPDATE impu_registration SET state = ?, scscf_name = ?, private_identity = ?, auth_pending = ?,
                            updated_at = now()
                        WHERE impu = ? AND state = ? AND scscf_name IS NOT DISTINCT FROM ?
                          AND private_identity IS NOT DISTINCT FROM ? AND auth_pending = ?
                        RETURNING row_version""", Long.class,
                next.state().name(), next.scscfName(), next.privateIdentity(), next.authPending(),
                expected.impu(), expected.state().name(), expected.scscfName(), expected.privateIdentity(),
                expected.authPending());
        return versions.isEmpty() ? null : versions.get(0);
    }

    private long write(RegistrationView next) {
        return jdbc.queryForObject("UPDATE impu_registration SET state = ?, scscf_name = ?, private_identity = ?, "
                        + "auth_pending = ?, updated_at = now() WHERE impu = ? RETURNING row_version", Long.class,
                next.state().name(), next.scscfName(), next.privateIdentity(), next.authPending(), next.impu());
    }
}
