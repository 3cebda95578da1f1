package org.webrtcims.scscf.registrar;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration bindings in PostgreSQL, so a restarted or second S-CSCF instance keeps serving them. Blocking:
 * call on the database scheduler.
 */
@Component
public class BindingStore {

    private static final RowMapper<Binding> ROW = (rs, i) -> new Binding(rs.getString("impu"), rs.getString("impi"),
            rs.getString("contact_uri"), rs.getString("contact_params"), rs.getString("instance_id"),
            (Integer) rs.getObject("reg_id"), lines(rs.getString("path")), rs.getString("call_id"),
            rs.getLong("cseq"), rs.getString("wwsf_identity"), lines(rs.getString("associated_uris")),
            rs.getTimestamp("expires_at").toInstant());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public BindingStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Unexpired bindings of the IMPU. */
    public List<Binding> current(String impu) {
        return jdbc.query("SELECT * FROM registration_binding WHERE impu = ? AND expires_at > now() ORDER BY id",
                ROW, impu);
    }

    /**
     * Adds or refreshes the bindings and removes the ones they replace (same instance and reg-id, RFC 5626
     * §6), in one transaction; returns the IMPU's bindings afterwards.
     */
    public List<Binding> save(String impu, Collection<Binding> bindings) {
        return save(impu, bindings, () -> { });
    }

    /** As {@link #save(String, Collection)}, running {@code alsoInTransaction} in the same transaction first. */
    public List<Binding> save(String impu, Collection<Binding> bindings, Runnable alsoInTransaction) {
        return transactions.execute(tx -> {
            alsoInTransaction.run();
            for (Binding b : bindings) {
                if (b.instanceId() != null && b.regId() != null) {
                    jdbc.update("DELETE FROM registration_binding WHERE impu = ? AND instance_id = ? AND reg_id = ? "
                            + "AND contact_uri <> ?", impu, b.instanceId(), b.regId(), b.contactUri());
                }
                jdbc.update("""
                                INSERT INTO registration_binding (impu, impi, contact_uri, contact_params, instance_id,
                                    reg_id, path, call_id, cseq, wwsf_identity, associated_uris, expires_at, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                                ON CONFLICT (impu, contact_uri) DO UPDATE SET impi = EXCLUDED.impi,
                                    contact_params = EXCLUDED.contact_params, instance_id = EXCLUDED.instance_id,
                                    reg_id = EXCLUDED.reg_id, path = EXCLUDED.path, call_id = EXCLUDED.call_id,
                                    cseq = EXCLUDED.cseq, wwsf_identity = EXCLUDED.wwsf_identity,
                                    associated_uris = EXCLUDED.associated_uris, expires_at = EXCLUDED.expires_at,
                                    updated_at = now()""",
                        impu, b.impi(), b.contactUri(), b.contactParams(), b.instanceId(), b.regId(),
                        String.join("\n", b.path()), b.callId(), b.cseq(), b.wwsfIdentity(),
                        String.join("\n", b.associatedUris()), Timestamp.from(b.expiresAt()));
            }
            return current(impu);
        });
    }

    /** Removes the given contacts (all of the IMPU's when {@code contactUris} is null); returns what remains. */
    public List<Binding> remove(String impu, Collection<String> contactUris) {
        return transactions.execute(tx -> {
            if (contactUris == null) {
                jdbc.update("DELETE FROM registration_binding WHERE impu = ?", impu);
            } else {
                for (String uri : contactUris) {
                    jdbc.update("DELETE FROM registration_binding WHERE impu = ? AND contact_uri = ?", impu, uri);
                }
            }
            return current(impu);
        });
    }

    public int removeAll(Collection<String> impus) {
        int removed = 0;
        for (String impu : impus) {
            removed += jdbc.update("DELETE FROM registration_binding WHERE impu = ?", impu);
        }
        return removed;
    }

    /**
     * Deletes bindings expired for longer than {@code graceSeconds}; returns the IMPUs left with no binding
     * (each returned by exactly one caller, even with several S-CSCF instances sweeping).
     */
    public List<ExpiredImpu> sweepExpired(int graceSeconds) {
        return transactions.execute(tx -> jdbc.query("""
                        WITH gone AS (
                            DELETE FROM registration_binding
                            WHERE expires_at < now() - make_interval(secs => ?)
                            RETURNING impu, impi)
                        SELECT DISTINCT g.impu, g.impi FROM gone g
                        WHERE NOT EXISTS (SELECT 1 FROM registration_binding b
                                          WHERE b.impu = g.impu AND b.expires_at >= now() - make_interval(secs => ?))""",
                (rs, i) -> new ExpiredImpu(rs.getString(1), rs.getString(2)), (double) graceSeconds,
                (double) graceSeconds));
                // (the CTE's DELETE is not visible to the outer query: "remaining" = not expired past the grace)
    }

    /** An IMPU whose last binding expired. */
    public record ExpiredImpu(String impu, String impi) {
    }

    private static List<String> lines(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }
}
