package org.webrtcims.scscf.routing;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.scscf.outbox.SarOutbox;
import org.webrtcims.scscf.registrar.Binding;

/**
 * The registrations sessions are routed by: this S-CSCF's unexpired bindings of a public identity, found through
 * the implicit registration set (a binding is reached by its own IMPU and by every URI of its P-Associated-URI
 * list, compared with {@link ImpuMatch}), and the removal of a binding whose flow failed (RFC 5626 §7). Blocking:
 * call on the database scheduler.
 */
public class RegisteredContacts {

    private static final RowMapper<Binding> ROW = (rs, i) -> new Binding(rs.getString("impu"), rs.getString("impi"),
            rs.getString("contact_uri"), rs.getString("contact_params"), rs.getString("instance_id"),
            (Integer) rs.getObject("reg_id"), lines(rs.getString("path")), rs.getString("call_id"),
            rs.getLong("cseq"), rs.getString("wwsf_identity"), lines(rs.getString("associated_uris")),
            rs.getTimestamp("expires_at").toInstant(), rs.getString("owner"), instant(rs.getTimestamp("sar_at")));

    /** What removing a failed flow's binding changed. */
    public record Removal(boolean removed, boolean last, SarOutbox.Entry sar) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SarOutbox outbox;
    private final String owner;

    public RegisteredContacts(JdbcTemplate jdbc, TransactionTemplate transactions, SarOutbox outbox, String owner) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.owner = owner;
    }

    /**
     * This S-CSCF's unexpired bindings reached by {@code uri} (sip or tel, name-addr or URI), one per contact URI,
     * oldest first. One statement: a pre-filter on the user part, then the exact comparison here.
     */
    public List<Binding> bindingsOf(String uri) {
        Optional<String> key = ImpuMatch.canonical(uri);
        if (key.isEmpty()) {
            return List.of();
        }
        String user = ImpuMatch.userOf(key.get());
        if (user.isEmpty()) {
            return List.of(); // a node's address (no user part) is nobody's public identity
        }
        List<Binding> candidates = jdbc.query("""
                SELECT * FROM registration_binding
                WHERE owner = ? AND expires_at > now()
                  AND (strpos(impu, ?) > 0 OR strpos(coalesce(associated_uris, ''), ?) > 0)
                ORDER BY id""", ROW, owner, user, user);
        Map<String, Binding> byContact = new LinkedHashMap<>();
        for (Binding binding : candidates) {
            if (reaches(binding, key.get())) {
                byContact.putIfAbsent(binding.contactUri(), binding);
            }
        }
        return new ArrayList<>(byContact.values());
    }

    /** Whether any of the URIs has a binding here (the originating served user, 24.229 §5.4.3.2). */
    public boolean anyRegistered(Collection<String> uris) {
        return uris.stream().anyMatch(uri -> !bindingsOf(uri).isEmpty());
    }

    /**
     * A 430 Flow Failed came back for this binding's flow (RFC 5626 §7): the binding is deleted, and when it was
     * the IMPU's last one here SAR {@code TIMEOUT_DEREGISTRATION} is queued in the same transaction, as for an
     * expiry (profile §7.3). Deliver the returned entry with {@link SarOutbox#deliver}.
     */
    public Removal removeFailedFlow(Binding binding) {
        return transactions.execute(tx -> {
            int deleted = jdbc.update("DELETE FROM registration_binding WHERE impu = ? AND contact_uri = ? AND owner = ?",
                    binding.impu(), binding.contactUri(), owner);
            if (deleted == 0) {
                return new Removal(false, false, null);
            }
            Integer left = jdbc.queryForObject("SELECT count(*) FROM registration_binding WHERE impu = ? AND owner = ? "
                    + "AND expires_at > now()", Integer.class, binding.impu(), owner);
            boolean last = left == null || left == 0;
            SarOutbox.Entry sar = last ? outbox.enqueue(binding.impu(), binding.impi(),
                    ServerAssignmentType.TIMEOUT_DEREGISTRATION) : null;
            return new Removal(true, last, sar);
        });
    }

    static boolean reaches(Binding binding, String canonicalTarget) {
        if (ImpuMatch.canonical(binding.impu()).map(canonicalTarget::equals).orElse(false)) {
            return true;
        }
        return binding.associatedUris().stream()
                .anyMatch(uri -> ImpuMatch.canonical(uri).map(canonicalTarget::equals).orElse(false));
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static List<String> lines(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }
}
