package org.webrtcims.scscf.registrar;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.outbox.SarOutbox;

/**
 * Registration bindings in PostgreSQL, so a restarted or second S-CSCF instance keeps serving them. Blocking:
 * call on the database scheduler.
 *
 * <p>S-CSCF instances share the table; each binding names its owner, the S-CSCF whose Server-Name the HSS
 * stores for the IMPU (issue 11 finding 4). This store reads, removes and sweeps the bindings of this S-CSCF
 * ({@code scscf.server-name}) only. Registrations are written by {@link RegistrationStore#register} (one
 * statement, which also takes over the IMPU's bindings left by another S-CSCF once the HSS has assigned the IMPU
 * here).
 */
@Component
public class BindingStore {

    public static final RowMapper<Binding> ROW = (rs, i) -> new Binding(rs.getString("impu"), rs.getString("impi"),
            rs.getString("contact_uri"), rs.getString("contact_params"), rs.getString("instance_id"),
            (Integer) rs.getObject("reg_id"), lines(rs.getString("path")), rs.getString("call_id"),
            rs.getLong("cseq"), rs.getString("wwsf_identity"), lines(rs.getString("associated_uris")),
            rs.getTimestamp("expires_at").toInstant(), rs.getString("owner"), instant(rs.getTimestamp("sar_at")));

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SarOutbox outbox;
    private final String owner;
    private final int maxBindings;

    public BindingStore(JdbcTemplate jdbc, TransactionTemplate transactions, SarOutbox outbox,
                        ScscfProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.owner = properties.serverName();
        this.maxBindings = properties.registrar().maxBindings();
    }

    /** Unexpired bindings of the IMPU at this S-CSCF. */
    public List<Binding> current(String impu) {
        return jdbc.query("SELECT * FROM registration_binding WHERE impu = ? AND owner = ? AND expires_at > now() "
                + "ORDER BY id", ROW, impu, owner);
    }

    /**
     * After {@link RegistrationStore#register} took over another S-CSCF's bindings of the IMPU: only the newest
     * {@code max-bindings} are kept (the leftovers must not block registrations, profile D16). Rare (after an
     * I-CSCF reselection); returns the IMPU's bindings afterwards.
     */
    public List<Binding> trimAfterTakeOver(String impu) {
        return transactions.execute(tx -> {
            trim(impu);
            return current(impu);
        });
    }

    private void trim(String impu) {
        jdbc.update("""
                DELETE FROM registration_binding WHERE impu = ? AND id NOT IN (
                    SELECT id FROM registration_binding WHERE impu = ? ORDER BY updated_at DESC, id DESC LIMIT ?)""",
                impu, impu, maxBindings);
    }

    /**
     * Removes the given contacts of this S-CSCF (all of the IMPU's when {@code contactUris} is null); returns what
     * remains.
     */
    public List<Binding> remove(String impu, Collection<String> contactUris) {
        return transactions.execute(tx -> {
            if (contactUris == null) {
                jdbc.update("DELETE FROM registration_binding WHERE impu = ? AND owner = ?", impu, owner);
            } else {
                for (String uri : contactUris) {
                    jdbc.update("DELETE FROM registration_binding WHERE impu = ? AND contact_uri = ? AND owner = ?",
                            impu, uri, owner);
                }
            }
            return current(impu);
        });
    }

    /**
     * As {@link #remove}, and when the IMPU's last binding here goes, SAR USER_DEREGISTRATION is queued in the
     * same transaction (profile §7.2).
     *
     * @return what remains, and the queued SAR (null when bindings remain or nothing was removed)
     */
    public Removal removeAndQueueDeregistration(String impu, String impi, Collection<String> contactUris) {
        return transactions.execute(tx -> {
            List<Binding> before = current(impu);
            List<Binding> after = remove(impu, contactUris);
            SarOutbox.Entry sar = after.isEmpty() && before.size() > after.size()
                    ? outbox.enqueue(impu, impi, ServerAssignmentType.USER_DEREGISTRATION) : null;
            return new Removal(before, after, sar);
        });
    }

    /** What a de-registration changed. */
    public record Removal(List<Binding> before, List<Binding> after, SarOutbox.Entry sar) {
    }

    /** RTR (profile §5.2): the HSS removed these IMPUs from this S-CSCF; returns the removed bindings. */
    public List<Binding> removeAll(Collection<String> impus) {
        List<Binding> removed = new java.util.ArrayList<>();
        for (String impu : impus) {
            removed.addAll(jdbc.query("DELETE FROM registration_binding WHERE impu = ? RETURNING *", ROW, impu));
        }
        return removed;
    }

    /**
     * Deletes this S-CSCF's bindings expired for longer than {@code graceSeconds} and queues SAR
     * TIMEOUT_DEREGISTRATION for each IMPU left with no binding here (profile §7.3), in one transaction; returns
     * the queued SARs (each IMPU returned by exactly one caller, even with several instances of this S-CSCF).
     */
    public Swept sweepExpired(int graceSeconds) {
        return transactions.execute(tx -> {
            List<Binding> removed = new java.util.ArrayList<>();
            java.util.Set<ExpiredImpu> last = new java.util.LinkedHashSet<>();
            jdbc.query("""
                            WITH gone AS (
                                DELETE FROM registration_binding
                                WHERE owner = ? AND expires_at < now() - make_interval(secs => ?)
                                RETURNING *)
                            SELECT g.*, NOT EXISTS (SELECT 1 FROM registration_binding b
                                              WHERE b.impu = g.impu AND b.owner = ?
                                                AND b.expires_at >= now() - make_interval(secs => ?)) AS last
                            FROM gone g ORDER BY g.id""",
                    rs -> {
                        Binding binding = ROW.mapRow(rs, removed.size());
                        removed.add(binding);
                        if (rs.getBoolean("last")) {
                            last.add(new ExpiredImpu(binding.impu(), binding.impi()));
                        }
                    }, owner, (double) graceSeconds, owner, (double) graceSeconds);
            // (the CTE's DELETE is not visible to the outer query: "remaining" = not expired past the grace)
            List<SarOutbox.Entry> sars = last.stream()
                    .map(e -> outbox.enqueue(e.impu(), e.impi(), ServerAssignmentType.TIMEOUT_DEREGISTRATION))
                    .toList();
            return new Swept(removed, sars);
        });
    }

    /** What an expiry sweep removed: the bindings (reg event NOTIFYs) and the SARs queued for the IMPUs left bare. */
    public record Swept(List<Binding> removed, List<SarOutbox.Entry> sars) {
    }

    /**
     * Deletes bindings of other S-CSCFs that expired more than {@code orphanGraceSeconds} ago: their owner sweeps
     * its own within seconds, so it is gone (scaled down, or crashed and never back). No SAR: the HSS accepts a
     * de-registration only from the S-CSCF it stores, and that S-CSCF's users are moved by reselection when they
     * register again (issue 11 finding 4).
     *
     * @return how many were deleted
     */
    public int sweepOrphans(long orphanGraceSeconds) {
        return jdbc.update("DELETE FROM registration_binding WHERE owner <> ? "
                + "AND expires_at < now() - make_interval(secs => ?)", owner, (double) orphanGraceSeconds);
    }

    /** An IMPU whose last binding expired. */
    public record ExpiredImpu(String impu, String impi) {
    }

    private static List<String> lines(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }
}
