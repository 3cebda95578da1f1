package org.webrtcims.hss.cx;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.registration.RegistrationState;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.AlgorithmPolicy;
import org.webrtcims.hss.wwsf.WwsfView;

/**
 * Reads the in-memory model's data from PostgreSQL (blocking: database threads and the listener thread only), on the
 * connection it is given (a pooled one, or the listener's own). Every read of provisioning data runs in one read-only
 * {@code REPEATABLE READ} transaction, so what it returns is one committed state; the connection is left in
 * auto-commit, {@code READ COMMITTED}, read-write afterwards.
 */
public final class ModelLoader {

    private static final String WWSFS = """
            SELECT w.identity, w.realm, w.algorithm_policy, w.enabled,
                   ARRAY(SELECT o.origin FROM wwsf_origin o WHERE o.wwsf_identity = w.identity) AS origins
            FROM wwsf w""";

    private static final String SUBSCRIPTIONS = """
            SELECT s.id, s.private_identity, s.enabled,
                ARRAY(SELECT i.impu FROM subscription_impu i WHERE i.subscription_id = s.id ORDER BY i.position)
                    AS impus,
                ARRAY(SELECT i.barred FROM subscription_impu i WHERE i.subscription_id = s.id ORDER BY i.position)
                    AS barred,
                ARRAY(SELECT i.is_default FROM subscription_impu i WHERE i.subscription_id = s.id ORDER BY i.position)
                    AS defaults,
                ARRAY(SELECT a.wwsf_identity FROM subscription_allowed_wwsf a WHERE a.subscription_id = s.id) AS wwsfs,
                ARRAY(SELECT a.waf_name FROM subscription_allowed_waf a WHERE a.subscription_id = s.id) AS wafs
            FROM subscription s""";

    private static final String MAPPINGS = """
            SELECT m.id, m.wwsf_identity, m.web_identity, m.impu, m.subscription_id, m.enabled, m.created_at,
                   m.updated_at
            FROM web_identity_mapping m""";

    static final String REGISTRATIONS = """
            SELECT r.impu, r.state, r.scscf_name, r.private_identity, r.auth_pending, r.row_version
            FROM impu_registration r""";

    /** A complete provisioning state with its version. */
    public record Provisioning(long version, List<WwsfView> wwsfs, List<SubscriptionView> subscriptions,
                               List<MappingView> mappings) {
    }

    /** What changed after a version: the delta up to {@code version}, or null when the change log has a gap. */
    public record Changes(long version, ProvisioningModel.Delta delta) {
    }

    /** Everything: the provisioning data with its version and all registration rows, in one snapshot. */
    public record Everything(Provisioning provisioning, Map<String, RegistrationModel.Read> registrations) {
    }

    public Everything everything(Connection c) throws SQLException {
        try (Snapshot ignored = new Snapshot(c)) {
            Strings strings = new Strings();
            Provisioning provisioning = readProvisioning(c, strings);
            Map<String, RegistrationModel.Read> registrations = new HashMap<>();
            for (RegistrationModel.Read read : query(c, REGISTRATIONS, null, rs -> new RegistrationModel.Read(
                    new RegistrationView(strings.of(rs.getString("impu")),
                            RegistrationState.valueOf(rs.getString("state")), strings.of(rs.getString("scscf_name")),
                            strings.of(rs.getString("private_identity")), rs.getBoolean("auth_pending")),
                    true, rs.getLong("row_version")))) {
                registrations.put(read.view().impu(), read);
            }
            return new Everything(provisioning, registrations);
        }
    }

    /** The provisioning data only. */
    public Provisioning provisioning(Connection c) throws SQLException {
        try (Snapshot ignored = new Snapshot(c)) {
            return readProvisioning(c, new Strings());
        }
    }

    /**
     * The full load: flat scans of each table, joined here (at 100,000 users the per-row sub-selects of the keyed
     * queries take ten times longer), with equal strings shared (an IMPU, a subscription id, a WWSF identity is held
     * once however many views name it).
     */
    private static Provisioning readProvisioning(Connection c, Strings strings) throws SQLException {
        long version = version(c);
        Map<String, List<String>> origins = new HashMap<>();
        for (String[] row : query(c, "SELECT wwsf_identity, origin FROM wwsf_origin", null, ModelLoader::pair)) {
            origins.computeIfAbsent(strings.of(row[0]), k -> new ArrayList<>(1)).add(row[1]);
        }
        List<WwsfView> wwsfs = query(c, "SELECT identity, realm, algorithm_policy, enabled FROM wwsf", null,
                rs -> new WwsfView(strings.of(rs.getString(1)), strings.of(rs.getString(2)),
                        AlgorithmPolicy.valueOf(rs.getString(3)), rs.getBoolean(4),
                        Set.copyOf(origins.getOrDefault(rs.getString(1), List.of()))));

        Map<String, List<SubscriptionView.Impu>> impus = new HashMap<>();
        for (Object[] row : query(c, "SELECT subscription_id, impu, barred, is_default FROM subscription_impu "
                + "ORDER BY subscription_id, position", null, rs -> new Object[] {rs.getString(1),
                        new SubscriptionView.Impu(strings.of(rs.getString(2)), rs.getBoolean(3), rs.getBoolean(4))})) {
            impus.computeIfAbsent(strings.of((String) row[0]), k -> new ArrayList<>(2))
                    .add((SubscriptionView.Impu) row[1]);
        }
        Map<String, List<String>> allowedWwsfs = new HashMap<>();
        for (String[] row : query(c, "SELECT subscription_id, wwsf_identity FROM subscription_allowed_wwsf", null,
                ModelLoader::pair)) {
            allowedWwsfs.computeIfAbsent(strings.of(row[0]), k -> new ArrayList<>(1)).add(strings.of(row[1]));
        }
        Map<String, List<String>> allowedWafs = new HashMap<>();
        for (String[] row : query(c, "SELECT subscription_id, waf_name FROM subscription_allowed_waf", null,
                ModelLoader::pair)) {
            allowedWafs.computeIfAbsent(strings.of(row[0]), k -> new ArrayList<>(1)).add(strings.of(row[1]));
        }
        List<SubscriptionView> subscriptions = query(c, "SELECT id, private_identity, enabled FROM subscription", null,
                rs -> {
                    String id = strings.of(rs.getString(1));
                    return new SubscriptionView(id, strings.of(rs.getString(2)), rs.getBoolean(3),
                            List.copyOf(impus.getOrDefault(id, List.of())),
                            Set.copyOf(allowedWwsfs.getOrDefault(id, List.of())),
                            Set.copyOf(allowedWafs.getOrDefault(id, List.of())));
                });
        List<MappingView> mappings = query(c, MAPPINGS, null, rs -> new MappingView(rs.getLong("id"),
                strings.of(rs.getString("wwsf_identity")), strings.of(rs.getString("web_identity")),
                strings.of(rs.getString("impu")), strings.of(rs.getString("subscription_id")),
                rs.getBoolean("enabled"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant()));
        return new Provisioning(version, wwsfs, subscriptions, mappings);
    }

    private static String[] pair(ResultSet rs) throws SQLException {
        return new String[] {rs.getString(1), rs.getString(2)};
    }

    /** Shares equal strings during one full load. */
    private static final class Strings {
        private final Map<String, String> seen = new HashMap<>();

        String of(String s) {
            return s == null ? null : seen.computeIfAbsent(s, k -> k);
        }
    }

    /**
     * The keys changed after {@code since} with their current values, or null when {@code provision_change} does not
     * hold every version after {@code since} (pruned, or a TRUNCATE): then only a full load is right.
     */
    public Changes changesSince(Connection c, long since) throws SQLException {
        try (Snapshot ignored = new Snapshot(c)) {
            long version = version(c);
            if (version <= since) {
                return new Changes(version, null);
            }
            Set<String> wwsfKeys = new HashSet<>();
            Set<String> subscriptionKeys = new HashSet<>();
            Set<String> webIdentityKeys = new HashSet<>();
            Set<Long> versions = new HashSet<>();
            boolean all = false;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT version, kind, key FROM provisioning_change WHERE version > ? AND version <= ?")) {
                st.setLong(1, since);
                st.setLong(2, version);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        versions.add(rs.getLong(1));
                        String key = rs.getString(3);
                        switch (rs.getString(2)) {
                            case "W" -> wwsfKeys.add(key);
                            case "S" -> subscriptionKeys.add(key);
                            case "M" -> webIdentityKeys.add(key);
                            default -> all = true;
                        }
                    }
                }
            }
            if (all || versions.size() != version - since) {
                return null;
            }
            Map<String, WwsfView> wwsfs = new HashMap<>();
            for (WwsfView w : query(c, WWSFS + " WHERE w.identity = ANY (?)", wwsfKeys, ModelLoader::wwsf)) {
                wwsfs.put(w.identity(), w);
            }
            Map<String, SubscriptionView> subscriptions = new HashMap<>();
            for (SubscriptionView s : query(c, SUBSCRIPTIONS + " WHERE s.id = ANY (?)", subscriptionKeys,
                    ModelLoader::subscription)) {
                subscriptions.put(s.id(), s);
            }
            Map<String, List<MappingView>> mappings = new HashMap<>();
            for (MappingView m : query(c, MAPPINGS + " WHERE m.web_identity = ANY (?)", webIdentityKeys,
                    ModelLoader::mapping)) {
                mappings.computeIfAbsent(m.webIdentity(), k -> new ArrayList<>(1)).add(m);
            }
            return new Changes(version, new ProvisioningModel.Delta(wwsfKeys, wwsfs, subscriptionKeys, subscriptions,
                    webIdentityKeys, mappings));
        }
    }

    /** The current rows of some IMPUs (absent: no row). */
    public Map<String, RegistrationModel.Read> registrations(Connection c, Collection<String> impus)
            throws SQLException {
        Map<String, RegistrationModel.Read> result = new HashMap<>();
        for (RegistrationModel.Read read : query(c, REGISTRATIONS + " WHERE r.impu = ANY (?)", impus,
                ModelLoader::registration)) {
            result.put(read.view().impu(), read);
        }
        return result;
    }

    /** Deletes change-log rows older than {@code seconds}. */
    public int prune(Connection c, long seconds) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "DELETE FROM provisioning_change WHERE recorded_at < now() - make_interval(secs => ?)")) {
            st.setLong(1, seconds);
            return st.executeUpdate();
        }
    }

    /** A read-only REPEATABLE READ transaction on {@code c}, ended (and the connection restored) by close. */
    private static final class Snapshot implements AutoCloseable {
        private final Connection c;

        Snapshot(Connection c) throws SQLException {
            this.c = c;
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
        }

        @Override
        public void close() throws SQLException {
            try {
                c.rollback(); // read only: nothing to commit
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setReadOnly(false);
            }
        }
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT version FROM provisioning_version WHERE id = 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(Connection c, String sql, Collection<String> keys, Row<T> row)
            throws SQLException {
        if (keys != null && keys.isEmpty()) {
            return List.of();
        }
        List<T> result = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setFetchSize(2_000);
            if (keys != null) {
                st.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    result.add(row.map(rs));
                }
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- row mapping

    static MappingView mapping(ResultSet rs) throws SQLException {
        return new MappingView(rs.getLong("id"), rs.getString("wwsf_identity"), rs.getString("web_identity"),
                rs.getString("impu"), rs.getString("subscription_id"), rs.getBoolean("enabled"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    static SubscriptionView subscription(ResultSet rs) throws SQLException {
        String[] impus = strings(rs.getArray("impus"));
        Boolean[] barred = booleans(rs.getArray("barred"));
        Boolean[] defaults = booleans(rs.getArray("defaults"));
        List<SubscriptionView.Impu> list = new ArrayList<>(impus.length);
        for (int i = 0; i < impus.length; i++) {
            list.add(new SubscriptionView.Impu(impus[i], barred[i], defaults[i]));
        }
        return new SubscriptionView(rs.getString("id"), rs.getString("private_identity"), rs.getBoolean("enabled"),
                List.copyOf(list), Set.of(strings(rs.getArray("wwsfs"))), Set.of(strings(rs.getArray("wafs"))));
    }

    static WwsfView wwsf(ResultSet rs) throws SQLException {
        return new WwsfView(rs.getString("identity"), rs.getString("realm"),
                AlgorithmPolicy.valueOf(rs.getString("algorithm_policy")), rs.getBoolean("enabled"),
                Set.of(strings(rs.getArray("origins"))));
    }

    static RegistrationModel.Read registration(ResultSet rs) throws SQLException {
        return new RegistrationModel.Read(new RegistrationView(rs.getString("impu"),
                RegistrationState.valueOf(rs.getString("state")), rs.getString("scscf_name"),
                rs.getString("private_identity"), rs.getBoolean("auth_pending")), true, rs.getLong("row_version"));
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    private static Boolean[] booleans(Array array) throws SQLException {
        return array == null ? new Boolean[0] : (Boolean[]) array.getArray();
    }
}
