package org.webrtcims.scscf.regevent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.registrar.Binding;
import org.webrtcims.scscf.registrar.BindingStore;

/**
 * Reg event subscriptions in PostgreSQL ({@code reg_subscription}, V5), shared by the S-CSCF instances like the
 * bindings, and the bindings a subscription watches. Blocking: call on the database scheduler.
 *
 * <p>Every NOTIFY takes its version in a transaction that first bumps the row (row lock) and then reads the
 * bindings: of two changes notified at once, the one with the higher version read the later state.
 */
@Component
public class SubscriptionStore {

    private static final RowMapper<Subscription> ROW = (rs, i) -> new Subscription(rs.getLong("id"),
            rs.getString("impu"), rs.getString("call_id"), rs.getString("local_tag"), rs.getString("remote_tag"),
            rs.getString("local_uri"), rs.getString("remote_uri"), rs.getString("remote_target"),
            lines(rs.getString("route_set")), rs.getString("event"), rs.getString("subscriber"),
            rs.getInt("version"), rs.getTimestamp("expires_at").toInstant());

    private static final String BINDINGS_OF = """
            SELECT * FROM registration_binding
            WHERE owner = ? AND expires_at > now()
              AND (impu = ? OR ? = ANY (string_to_array(associated_uris, E'\\n')))
            ORDER BY id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String owner;

    public SubscriptionStore(JdbcTemplate jdbc, TransactionTemplate transactions, ScscfProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.owner = properties.serverName();
    }

    /** This S-CSCF's unexpired bindings whose IMPU, or one of whose associated URIs (implicit set), is {@code uri}. */
    public List<Binding> bindingsOf(String uri) {
        return jdbc.query(BINDINGS_OF, BindingStore.ROW, owner, uri, uri);
    }

    /** A new subscription (its first NOTIFY has version 0) and the bindings read after it was written. */
    public Notifiable insert(Subscription s) {
        return transactions.execute(tx -> {
            Long id = jdbc.queryForObject("""
                    INSERT INTO reg_subscription (impu, call_id, local_tag, remote_tag, local_uri, remote_uri,
                        remote_target, route_set, event, subscriber, version, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id""", Long.class,
                    s.impu(), s.callId(), s.localTag(), s.remoteTag(), s.localUri(), s.remoteUri(), s.remoteTarget(),
                    String.join("\n", s.routeSet()), s.event(), s.subscriber(), Timestamp.from(s.expiresAt()));
            Subscription saved = new Subscription(id, s.impu(), s.callId(), s.localTag(), s.remoteTag(), s.localUri(),
                    s.remoteUri(), s.remoteTarget(), s.routeSet(), s.event(), s.subscriber(), 0, s.expiresAt());
            return withBindings(saved);
        });
    }

    /**
     * A refreshing SUBSCRIBE (RFC 6665 §4.2.1.2): new expiry and, when it carried a Contact, a new remote target
     * (target refresh); the version of the NOTIFY that follows is taken. Empty when the dialog is unknown.
     */
    public Optional<Notifiable> refresh(String callId, String localTag, Instant expiresAt, String remoteTarget) {
        return transactions.execute(tx -> jdbc.query("""
                        UPDATE reg_subscription SET expires_at = ?, remote_target = coalesce(?, remote_target),
                            version = version + 1
                        WHERE call_id = ? AND local_tag = ? RETURNING *""", ROW, Timestamp.from(expiresAt),
                remoteTarget, callId, localTag).stream().findFirst().map(this::withBindings));
    }

    /** Removes the dialog's subscription (unsubscribe); its final NOTIFY gets the next version. */
    public Optional<Notifiable> remove(String callId, String localTag) {
        return transactions.execute(tx -> jdbc.query(
                        "DELETE FROM reg_subscription WHERE call_id = ? AND local_tag = ? RETURNING *", ROW, callId,
                        localTag).stream().findFirst()
                .map(s -> new Notifiable(s.withVersion(s.version() + 1), bindingsOf(s.impu()), true)));
    }

    /** Removes one subscription (its NOTIFY failed: 481, 408, timeout; RFC 6665 §4.2.2). */
    public boolean remove(long id) {
        return jdbc.update("DELETE FROM reg_subscription WHERE id = ?", id) > 0;
    }

    /** The unexpired subscriptions to any of these URIs. */
    public List<Subscription> subscribedTo(Collection<String> uris) {
        if (uris.isEmpty()) {
            return List.of();
        }
        return jdbc.query(c -> {
            var st = c.prepareStatement("SELECT * FROM reg_subscription WHERE impu = ANY (?) AND expires_at > now() "
                    + "ORDER BY id");
            st.setArray(1, c.createArrayOf("text", uris.toArray()));
            return st;
        }, ROW);
    }

    /**
     * The next NOTIFY of a subscription: its version taken (under the row's lock) and the bindings read after; when
     * none is left, the subscription is removed in the same transaction (its NOTIFY is the final one). Empty when
     * it is gone.
     */
    public Optional<Notifiable> next(long id) {
        return transactions.execute(tx -> jdbc.query(
                "UPDATE reg_subscription SET version = version + 1 WHERE id = ? RETURNING *", ROW, id)
                .stream().findFirst().map(this::withBindings));
    }

    /** Call in a transaction that wrote the row: its bindings; none → the row is removed (final NOTIFY). */
    private Notifiable withBindings(Subscription s) {
        List<Binding> bindings = bindingsOf(s.impu());
        if (bindings.isEmpty()) {
            jdbc.update("DELETE FROM reg_subscription WHERE id = ?", s.id());
        }
        return new Notifiable(s, bindings, bindings.isEmpty());
    }

    /** Removes the expired subscriptions (RFC 6665 §4.2.2); each is returned by exactly one caller. */
    public List<Notifiable> sweepExpired() {
        return transactions.execute(tx -> jdbc.query(
                        "DELETE FROM reg_subscription WHERE expires_at <= now() RETURNING *", ROW).stream()
                .map(s -> new Notifiable(s.withVersion(s.version() + 1), bindingsOf(s.impu()), true)).toList());
    }

    /**
     * A subscription with the version of its next NOTIFY, and the bindings that NOTIFY reports; {@code ended}: the
     * subscription is gone, this NOTIFY is its last ({@code Subscription-State: terminated}).
     */
    public record Notifiable(Subscription subscription, List<Binding> bindings, boolean ended) {
        public Notifiable {
            bindings = List.copyOf(bindings);
        }
    }

    private static List<String> lines(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }
}
