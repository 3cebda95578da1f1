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
 * ({@code scscf.server-name}) only; when the HSS has assigned the IMPU to this S-CSCF (a successful SAR
 * REGISTRATION/RE_REGISTRATION, then {@link #save}), it takes over the IMPU's bindings left by another one.
 */
@Component
public class BindingStore {

    static final RowMapper<Binding> ROW = (rs, i) -> new Binding(rs.getString("impu"), rs.getString("impi"),
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
     * Adds or refreshes the bindings and removes the ones they replace (same instance and reg-id, RFC 5626
     * §6), in one transaction; returns the IMPU's bindings afterwards.
     */
    public List<Binding> save(String impu, Collection<Binding> bindings) {
        return save(impu, bindings, () -> { });
    }

    /**
     * As {@link #save(String, Collection)}, running {@code alsoInTransaction} in the same transaction first.
     * Call only after the HSS assigned the IMPU to this S-CSCF (SAR REGISTRATION/RE_REGISTRATION succeeded):
     * the IMPU's other bindings become this S-CSCF's (a take-over from an S-CSCF that stopped answering; the
     * newest {@code max-bindings} are kept), and SARs still queued for the IMPU are dropped (they predate this
     * assignment and must not undo it).
     */
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
                                    reg_id, path, call_id, cseq, wwsf_identity, associated_uris, expires_at, updated_at,
                                    owner)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)
                                ON CONFLICT (impu, contact_uri) DO UPDATE SET impi = EXCLUDED.impi,
                                    contact_params = EXCLUDED.contact_params, instance_id = EXCLUDED.instance_id,
                                    reg_id = EXCLUDED.reg_id, path = EXCLUDED.path, call_id = EXCLUDED.call_id,
                                    cseq = EXCLUDED.cseq, wwsf_identity = EXCLUDED.wwsf_identity,
                                    associated_uris = EXCLUDED.associated_uris, expires_at = EXCLUDED.expires_at,
                                    updated_at = now(), owner = EXCLUDED.owner""",
                        impu, b.impi(), b.contactUri(), b.contactParams(), b.instanceId(), b.regId(),
                        String.join("\n", b.path()), b.callId(), b.cseq(), b.wwsfIdentity(),
                        String.join("\n", b.associatedUris()), Timestamp.from(b.expiresAt()), owner);
            }
            takeOver(impu);
            jdbc.update("DELETE FROM sar_outbox WHERE impu = ? AND server_name = ?", impu, owner);
            return current(impu);
        });
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

    /** The HSS serves the IMPU from this S-CSCF now: the bindings another S-CSCF left become ours. */
    private void takeOver(String impu) {
        jdbc.update("DELETE FROM registration_binding WHERE impu = ? AND owner <> ? AND expires_at <= now()",
                impu, owner);
        if (jdbc.update("UPDATE registration_binding SET owner = ? WHERE impu = ? AND owner <> ?",
                owner, impu, owner) > 0) {
            // the leftovers must not block the new registration (profile D16): keep the newest ones
            trim(impu);
        }
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

    /** RTR (profile §5.2): the HSS removed these IMPUs from this S-CSCF. */
    public int removeAll(Collection<String> impus) {
        int removed = 0;
        for (String impu : impus) {
            removed += jdbc.update("DELETE FROM registration_binding WHERE impu = ?", impu);
        }
        return removed;
    }

    /**
     * Deletes this S-CSCF's bindings expired for longer than {@code graceSeconds} and queues SAR
     * TIMEOUT_DEREGISTRATION for each IMPU left with no binding here (profile §7.3), in one transaction; returns
     * the queued SARs (each IMPU returned by exactly one caller, even with several instances of this S-CSCF).
     */
    public List<SarOutbox.Entry> sweepExpired(int graceSeconds) {
        return transactions.execute(tx -> jdbc.query("""
                        WITH gone AS (
                            DELETE FROM registration_binding
                            WHERE owner = ? AND expires_at < now() - make_interval(secs => ?)
                            RETURNING impu, impi)
                        SELECT DISTINCT g.impu, g.impi FROM gone g
                        WHERE NOT EXISTS (SELECT 1 FROM registration_binding b
                                          WHERE b.impu = g.impu AND b.owner = ?
                                            AND b.expires_at >= now() - make_interval(secs => ?))""",
                (rs, i) -> new ExpiredImpu(rs.getString(1), rs.getString(2)), owner, (double) graceSeconds,
                owner, (double) graceSeconds)
                // (the CTE's DELETE is not visible to the outer query: "remaining" = not expired past the grace)
                .stream().map(e -> outbox.enqueue(e.impu(), e.impi(), ServerAssignmentType.TIMEOUT_DEREGISTRATION))
                .toList());
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
