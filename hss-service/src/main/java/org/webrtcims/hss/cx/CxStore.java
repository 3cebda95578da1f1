package org.webrtcims.hss.cx;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.CxCause;
import org.webrtcims.hss.config.HssProperties;
import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.registration.RegistrationState;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.AlgorithmPolicy;
import org.webrtcims.hss.wwsf.WwsfView;

/**
 * The database side of the Cx API (blocking: call it on the database scheduler). The hot path of UAR, MAR and SAR,
 * so it uses plain JDBC, no ORM. Each read starts with <em>one</em> statement by primary keys that returns the
 * IMPU's registration and the provisioning version; provisioning data (the mapping, its subscription with IMPUs,
 * allowed WWSFs and WAFs, the WWSF with its origins) comes from a {@link ProvisioningCache} of that version, or is
 * loaded in one more statement. A change to provisioning data committed by anyone (any HSS instance, psql) raises
 * the version, so the next request never answers from older data. Each state change is one compare-and-set
 * {@code UPDATE} (see {@link #changeRegistration}).
 */
@Component
public class CxStore {

    /** The subscription's parts as arrays (scalar sub-selects: one round trip for everything). */
    private static final String SUBSCRIPTION_COLUMNS = """
            s.id AS s_id, s.private_identity AS s_private_identity, s.enabled AS s_enabled,
            ARRAY(SELECT i.impu FROM subscription_impu i WHERE i.subscription_id = s.id ORDER BY i.position) AS s_impus,
            ARRAY(SELECT i.barred FROM subscription_impu i WHERE i.subscription_id = s.id ORDER BY i.position)
                AS s_barred,
            ARRAY(SELECT i.is_default FROM subscription_impu i WHERE i.subscription_id = s.id ORDER BY i.position)
                AS s_default,
            ARRAY(SELECT a.wwsf_identity FROM subscription_allowed_wwsf a WHERE a.subscription_id = s.id) AS s_wwsfs,
            ARRAY(SELECT a.waf_name FROM subscription_allowed_waf a WHERE a.subscription_id = s.id) AS s_wafs""";

    private static final String REGISTRATION_COLUMNS = """
            r.state AS r_state, r.scscf_name AS r_scscf_name, r.private_identity AS r_private_identity,
            r.auth_pending AS r_auth_pending""";

    /** UAR / MAR / SAR: the mappings of a web identity, each with its subscription and WWSF. */
    private static final String MAPPINGS_OF = """
            SELECT m.id, m.wwsf_identity, m.web_identity, m.impu, m.subscription_id, m.enabled, m.created_at,
                   m.updated_at,
                   %s,
                   w.identity AS w_identity, w.realm AS w_realm, w.algorithm_policy AS w_policy, w.enabled AS w_enabled,
                   ARRAY(SELECT o.origin FROM wwsf_origin o WHERE o.wwsf_identity = w.identity) AS w_origins
            FROM web_identity_mapping m
            JOIN subscription s ON s.id = m.subscription_id
            LEFT JOIN wwsf w ON w.identity = m.wwsf_identity
            WHERE m.web_identity = ?""".formatted(SUBSCRIPTION_COLUMNS);

    /** SAR / LIR: the subscription holding an IMPU. */
    private static final String SUBSCRIPTION_OF = """
            SELECT %s
            FROM subscription_impu si
            JOIN subscription s ON s.id = si.subscription_id
            WHERE si.impu = ?""".formatted(SUBSCRIPTION_COLUMNS);

    /**
     * Every Cx request: the provisioning version (migration V3) and the IMPU's registration, in one statement by
     * primary keys. The version says whether cached provisioning data may answer.
     */
    private static final String VERSION_AND_REGISTRATION = """
            SELECT (SELECT v.version FROM provisioning_version v WHERE v.id = 1) AS version, %s
            FROM (VALUES (1)) AS one (x)
            LEFT JOIN impu_registration r ON r.impu = ?""".formatted(REGISTRATION_COLUMNS);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ProvisioningCache cache;

    public CxStore(JdbcTemplate jdbc, TransactionTemplate transactions, HssProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cache = new ProvisioningCache(properties.cx().provisioningCacheEntries());
    }

    /** A mapping of a web identity with the subscription it leads into and its WWSF (null when there is none). */
    private record Provisioned(MappingView mapping, SubscriptionView subscription, WwsfView wwsf) {
    }

    /** The IMPU's registration and the provisioning version it was read with (null: do not cache). */
    private record Versioned(Long version, RegistrationView registration) {
    }

    /**
     * The mapping of (WWSF, Web identity) with its subscription, WWSF and the IMPU's registration. Without a WWSF
     * identity (a REGISTER whose Authorization lacks {@code wwsf-identity}) the web identity must lead to exactly one
     * mapping into the IMPU's subscription.
     */
    public CxContext load(String wwsfIdentity, String webIdentity, String impu) {
        Versioned read = versionAndRegistration(impu);
        List<Provisioned> candidates = mappingsOf(read.version(), webIdentity);
        if (wwsfIdentity != null) {
            candidates = candidates.stream().filter(c -> c.mapping().wwsfIdentity().equals(wwsfIdentity)).toList();
        }
        if (candidates.size() > 1) {
            // several WWSFs map this web identity: the one into the subscription holding the IMPU
            candidates = candidates.stream().filter(c -> c.subscription().impu(impu).isPresent()).toList();
        }
        if (candidates.size() != 1) {
            return new CxContext(null, null, null, RegistrationView.notRegistered(impu));
        }
        Provisioned found = candidates.get(0);
        return new CxContext(found.mapping(), found.subscription(), found.wwsf(), read.registration());
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
        Versioned read = versionAndRegistration(impu);
        Optional<SubscriptionView> holder = cached(read.version(), ProvisioningCache.Kind.SUBSCRIPTION_OF_IMPU, impu,
                () -> jdbc.query(SUBSCRIPTION_OF, (rs, i) -> subscription(rs), impu).stream().findFirst());
        if (holder.isEmpty()) {
            throw new CxException(CxCause.USER_UNKNOWN, "No subscription has this public identity.");
        }
        SubscriptionView subscription = holder.get();
        boolean mapped = webIdentity != null && mappingsOf(read.version(), webIdentity).stream()
                .map(Provisioned::mapping)
                .anyMatch(m -> m.enabled() && m.subscriptionId().equals(subscription.id())
                        && (wwsfIdentity == null || m.wwsfIdentity().equals(wwsfIdentity)));
        return new ImpuContext(subscription, mapped, read.registration());
    }

    private Versioned versionAndRegistration(String impu) {
        return jdbc.queryForObject(VERSION_AND_REGISTRATION, (rs, i) -> {
            long version = rs.getLong("version");
            return new Versioned(rs.wasNull() ? null : version, registration(rs, impu));
        }, impu);
    }

    private List<Provisioned> mappingsOf(Long version, String webIdentity) {
        return cached(version, ProvisioningCache.Kind.MAPPINGS_OF_WEB_IDENTITY, webIdentity,
                () -> List.copyOf(jdbc.query(MAPPINGS_OF,
                        (rs, i) -> new Provisioned(mapping(rs), subscription(rs), wwsf(rs)), webIdentity)));
    }

    private <V> V cached(Long version, ProvisioningCache.Kind kind, String key, Supplier<V> loader) {
        return version == null ? loader.get() : cache.get(version, kind, key, loader);
    }

    /** Result of a change to a registration: the state to store and what to answer. */
    public record Change<T>(RegistrationView next, T result) {
    }

    /**
     * Applies {@code decide} to the IMPU's registration atomically: concurrent MAR/SAR (and admin
     * de-registrations) on one IMPU are serialized and none is lost.
     * <p>
     * Fast path, one statement: {@code decide} runs on {@code seen} (the state read by the caller's load, without
     * a lock) and the result is stored with a compare-and-set {@code UPDATE … WHERE <row still equals seen>}.
     * PostgreSQL re-checks that condition on the newest row version after waiting for a concurrent writer, so if
     * anyone changed the row in between, nothing is written and the slow path runs: the row is read under a row
     * lock ({@code SELECT … FOR NO KEY UPDATE}, created first if missing) and {@code decide} runs again on it, in
     * one transaction. {@code decide} must therefore be free of side effects.
     *
     * @param seen the registration as the caller read it; null forces the locking path
     */
    public <T> T changeRegistration(String impu, RegistrationView seen, Function<RegistrationView, Change<T>> decide) {
        if (seen != null) {
            // (a row that does not exist yet matches no UPDATE: the first registration takes the slow path)
            Change<T> change = decide.apply(seen);
            if (change.next().equals(seen) || compareAndSet(seen, change.next())) {
                return change.result();
            }
        }
        return transactions.execute(tx -> {
            RegistrationView current = lock(impu);
            if (current == null) {
                // the first registration of this IMPU: create the row so that it can be locked; concurrent
                // callers do not clash
                jdbc.update("INSERT INTO impu_registration (impu, state, auth_pending, updated_at) "
                        + "VALUES (?, 'NOT_REGISTERED', false, now()) ON CONFLICT (impu) DO NOTHING", impu);
                current = lock(impu);
            }
            Change<T> change = decide.apply(current);
            if (!change.next().equals(current)) {
                write(change.next());
            }
            return change.result();
        });
    }

    private RegistrationView lock(String impu) {
        List<RegistrationView> rows = jdbc.query("SELECT " + REGISTRATION_COLUMNS
                        + " FROM impu_registration r WHERE r.impu = ? FOR NO KEY UPDATE",
                (rs, i) -> registration(rs, impu), impu);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private boolean compareAndSet(RegistrationView expected, RegistrationView next) {
        return jdbc.update("""
                        UPDATE impu_registration SET state = ?, scscf_name = ?, private_identity = ?, auth_pending = ?,
                            updated_at = now()
                        WHERE impu = ? AND state = ? AND scscf_name IS NOT DISTINCT FROM ?
                          AND private_identity IS NOT DISTINCT FROM ? AND auth_pending = ?""",
                next.state().name(), next.scscfName(), next.privateIdentity(), next.authPending(),
                expected.impu(), expected.state().name(), expected.scscfName(), expected.privateIdentity(),
                expected.authPending()) == 1;
    }

    private void write(RegistrationView next) {
        jdbc.update("UPDATE impu_registration SET state = ?, scscf_name = ?, private_identity = ?, auth_pending = ?, "
                        + "updated_at = now() WHERE impu = ?", next.state().name(), next.scscfName(),
                next.privateIdentity(), next.authPending(), next.impu());
    }

    // ---------------------------------------------------------------- row mapping

    private static MappingView mapping(ResultSet rs) throws SQLException {
        return new MappingView(rs.getLong("id"), rs.getString("wwsf_identity"), rs.getString("web_identity"),
                rs.getString("impu"), rs.getString("subscription_id"), rs.getBoolean("enabled"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static SubscriptionView subscription(ResultSet rs) throws SQLException {
        String[] impus = strings(rs.getArray("s_impus"));
        Boolean[] barred = booleans(rs.getArray("s_barred"));
        Boolean[] defaults = booleans(rs.getArray("s_default"));
        List<SubscriptionView.Impu> list = new ArrayList<>(impus.length);
        for (int i = 0; i < impus.length; i++) {
            list.add(new SubscriptionView.Impu(impus[i], barred[i], defaults[i]));
        }
        return new SubscriptionView(rs.getString("s_id"), rs.getString("s_private_identity"),
                rs.getBoolean("s_enabled"), List.copyOf(list), Set.of(strings(rs.getArray("s_wwsfs"))),
                Set.of(strings(rs.getArray("s_wafs"))));
    }

    private static WwsfView wwsf(ResultSet rs) throws SQLException {
        String identity = rs.getString("w_identity");
        if (identity == null) {
            return null;
        }
        return new WwsfView(identity, rs.getString("w_realm"), AlgorithmPolicy.valueOf(rs.getString("w_policy")),
                rs.getBoolean("w_enabled"), Set.of(strings(rs.getArray("w_origins"))));
    }

    /** The registration columns; a missing row is NOT_REGISTERED. */
    private static RegistrationView registration(ResultSet rs, String impu) throws SQLException {
        String state = rs.getString("r_state");
        if (state == null) {
            return RegistrationView.notRegistered(impu);
        }
        return new RegistrationView(impu, RegistrationState.valueOf(state), rs.getString("r_scscf_name"),
                rs.getString("r_private_identity"), rs.getBoolean("r_auth_pending"));
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    private static Boolean[] booleans(Array array) throws SQLException {
        return array == null ? new Boolean[0] : (Boolean[]) array.getArray();
    }
}
