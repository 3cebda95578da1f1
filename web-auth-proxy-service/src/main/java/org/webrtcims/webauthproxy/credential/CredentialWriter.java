package org.webrtcims.webauthproxy.credential;

import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.webauthproxy.hss.HssNotificationOutbox;

/**
 * Writes credentials with one set-based statement per chunk, inside the caller's transaction. The upsert only
 * replaces a row whose version is lower ({@code WHERE credential.credential_version < EXCLUDED...}), which
 * PostgreSQL evaluates under the row lock: two concurrent syncs of one credential leave the higher version,
 * whichever commits first. Each change gets an audit row, and each update or revocation a notification for the
 * HSS ({@link HssNotificationOutbox}, profile §5.4), in the same transaction.
 */
@Component
public class CredentialWriter {

    private static final String UPSERT = """
            INSERT INTO credential AS c (wwsf_identity, web_identity, realm, qop, credential_version, key_id,
                                         ha1_md5, ha1_sha256, ha1_sha512_256, synced_at, synced_by)
            SELECT t.w, t.u, t.r, t.q, t.v, t.k, decode(t.m, 'base64'), decode(t.s2, 'base64'),
                   decode(t.s5, 'base64'), now(), ?
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                        ?::text[]) AS t(w, u, r, q, v, k, m, s2, s5)
            ON CONFLICT (wwsf_identity, web_identity) DO UPDATE SET
                realm = EXCLUDED.realm,
                qop = EXCLUDED.qop,
                previous_credential_version = c.credential_version,
                credential_version = EXCLUDED.credential_version,
                key_id = EXCLUDED.key_id,
                ha1_md5 = EXCLUDED.ha1_md5,
                ha1_sha256 = EXCLUDED.ha1_sha256,
                ha1_sha512_256 = EXCLUDED.ha1_sha512_256,
                synced_at = EXCLUDED.synced_at,
                synced_by = EXCLUDED.synced_by,
                revoked_at = NULL
            WHERE c.credential_version < EXCLUDED.credential_version
            RETURNING wwsf_identity, web_identity, credential_version, previous_credential_version, synced_at
            """;

    private static final String AUDIT = """
            INSERT INTO credential_audit (actor, action, wwsf_identity, web_identity, old_version, new_version,
                                          algorithms)
            SELECT ?, t.a, t.w, t.u, t.o, t.n, t.g
            FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS t(a, w, u, o, n, g)
            """;

    private static final String SELECT_STORED = """
            SELECT c.wwsf_identity, c.web_identity, c.realm, c.qop, c.credential_version, c.key_id, c.ha1_md5,
                   c.ha1_sha256, c.ha1_sha512_256, c.revoked_at, c.synced_at
            FROM credential c
            JOIN unnest(?::text[], ?::text[]) AS t(w, u) ON c.wwsf_identity = t.w AND c.web_identity = t.u
            """;

    private final JdbcTemplate jdbc;
    private final VectorVault vault;
    private final HssNotificationOutbox hssNotifications;

    public CredentialWriter(JdbcTemplate jdbc, VectorVault vault, HssNotificationOutbox hssNotifications) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.hssNotifications = hssNotifications;
    }

    /** Upserts distinct credentials; call inside a transaction. Results are in the order of {@code credentials}. */
    public List<WriteOutcome> upsert(List<ValidCredential> credentials, String actor) {
        if (credentials.isEmpty()) {
            return List.of();
        }
        Map<CredentialKey, WriteOutcome> written = jdbc.execute((ConnectionCallback<Map<CredentialKey, WriteOutcome>>)
                connection -> upsertRows(connection, credentials, actor));
        List<ValidCredential> notWritten = credentials.stream().filter(c -> !written.containsKey(c.key())).toList();
        Map<CredentialKey, WriteOutcome> refused = notWritten.isEmpty() ? Map.of() : classifyRefused(notWritten);
        List<WriteOutcome> outcomes = new ArrayList<>(credentials.size());
        List<WriteOutcome> changes = new ArrayList<>();
        Map<CredentialKey, ValidCredential> byKey = new HashMap<>();
        for (ValidCredential credential : credentials) {
            byKey.put(credential.key(), credential);
            WriteOutcome outcome = written.containsKey(credential.key()) ? written.get(credential.key())
                    : refused.get(credential.key());
            outcomes.add(outcome);
            if (outcome.kind() == WriteOutcome.Kind.CREATED || outcome.kind() == WriteOutcome.Kind.UPDATED) {
                changes.add(outcome);
            }
        }
        audit(changes, byKey, actor);
        hssNotifications.enqueue(changes.stream().filter(c -> c.kind() == WriteOutcome.Kind.UPDATED)
                .map(WriteOutcome::key).toList(), "UPDATED");
        return outcomes;
    }

    /** Marks a credential revoked; empty when it does not exist, the version when it is (or already was) revoked. */
    public Optional<RevocationOutcome> revoke(CredentialKey key, String actor) {
        List<Long> revoked = jdbc.query("""
                        UPDATE credential SET revoked_at = now()
                        WHERE wwsf_identity = ? AND web_identity = ? AND revoked_at IS NULL
                        RETURNING credential_version""",
                (rs, i) -> rs.getLong(1), key.wwsfIdentity(), key.webIdentity());
        if (!revoked.isEmpty()) {
            jdbc.update("""
                            INSERT INTO credential_audit (actor, action, wwsf_identity, web_identity, old_version,
                                                          new_version)
                            VALUES (?, 'REVOKED', ?, ?, ?, ?)""",
                    actor, key.wwsfIdentity(), key.webIdentity(), revoked.get(0), revoked.get(0));
            hssNotifications.enqueue(List.of(key), "REVOKED");
            return Optional.of(new RevocationOutcome(revoked.get(0), true));
        }
        List<Long> existing = jdbc.query(
                "SELECT credential_version FROM credential WHERE wwsf_identity = ? AND web_identity = ?",
                (rs, i) -> rs.getLong(1), key.wwsfIdentity(), key.webIdentity());
        return existing.stream().findFirst().map(version -> new RevocationOutcome(version, false));
    }

    /** @param changed false when the credential had been revoked before */
    public record RevocationOutcome(long credentialVersion, boolean changed) {
    }

    private Map<CredentialKey, WriteOutcome> upsertRows(Connection connection, List<ValidCredential> credentials,
                                                        String actor) throws SQLException {
        int n = credentials.size();
        String[] w = new String[n], u = new String[n], r = new String[n], q = new String[n], k = new String[n];
        String[] m = new String[n], s2 = new String[n], s5 = new String[n];
        Long[] v = new Long[n];
        Base64.Encoder b64 = Base64.getEncoder();
        for (int i = 0; i < n; i++) {
            ValidCredential c = credentials.get(i);
            SealedVectors sealed = vault.seal(c.key(), c.ha1ByAlgorithm());
            w[i] = c.key().wwsfIdentity();
            u[i] = c.key().webIdentity();
            r[i] = c.realm();
            q[i] = c.qop();
            v[i] = c.credentialVersion();
            k[i] = sealed.keyId();
            m[i] = sealed.md5() == null ? null : b64.encodeToString(sealed.md5());
            s2[i] = sealed.sha256() == null ? null : b64.encodeToString(sealed.sha256());
            s5[i] = sealed.sha512_256() == null ? null : b64.encodeToString(sealed.sha512_256());
        }
        Map<CredentialKey, WriteOutcome> written = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
            ps.setString(1, actor);
            ps.setArray(2, text(connection, w));
            ps.setArray(3, text(connection, u));
            ps.setArray(4, text(connection, r));
            ps.setArray(5, text(connection, q));
            ps.setArray(6, connection.createArrayOf("bigint", v));
            ps.setArray(7, text(connection, k));
            ps.setArray(8, text(connection, m));
            ps.setArray(9, text(connection, s2));
            ps.setArray(10, text(connection, s5));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CredentialKey key = new CredentialKey(rs.getString(1), rs.getString(2));
                    long previous = rs.getLong(4);
                    Long previousVersion = rs.wasNull() ? null : previous;
                    written.put(key, new WriteOutcome(key,
                            previousVersion == null ? WriteOutcome.Kind.CREATED : WriteOutcome.Kind.UPDATED,
                            rs.getLong(3), previousVersion, rs.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        return written;
    }

    /** Rows the upsert left alone hold a version ≥ the synced one: same version and content → UNCHANGED. */
    private Map<CredentialKey, WriteOutcome> classifyRefused(List<ValidCredential> refused) {
        String[] w = refused.stream().map(c -> c.key().wwsfIdentity()).toArray(String[]::new);
        String[] u = refused.stream().map(c -> c.key().webIdentity()).toArray(String[]::new);
        Map<CredentialKey, ValidCredential> wanted = new HashMap<>();
        refused.forEach(c -> wanted.put(c.key(), c));
        Map<CredentialKey, WriteOutcome> outcomes = new HashMap<>();
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(SELECT_STORED)) {
                ps.setArray(1, text(connection, w));
                ps.setArray(2, text(connection, u));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        CredentialKey key = new CredentialKey(rs.getString(1), rs.getString(2));
                        long storedVersion = rs.getLong(5);
                        boolean same = rs.getObject(10) == null
                                && sameContent(wanted.get(key), rs, storedVersion);
                        outcomes.put(key, new WriteOutcome(key,
                                same ? WriteOutcome.Kind.UNCHANGED : WriteOutcome.Kind.STALE, storedVersion, null,
                                rs.getObject(11, OffsetDateTime.class)));
                    }
                }
            }
            return null;
        });
        return outcomes;
    }

    private boolean sameContent(ValidCredential wanted, ResultSet stored, long storedVersion) throws SQLException {
        if (wanted.credentialVersion() != storedVersion || !wanted.realm().equals(stored.getString(3))
                || !wanted.qop().equals(stored.getString(4))) {
            return false;
        }
        SealedVectors sealed = new SealedVectors(stored.getString(6), stored.getBytes(7), stored.getBytes(8),
                stored.getBytes(9));
        Map<DigestAlgorithm, String> storedHa1s = vault.open(wanted.key(), sealed);
        if (!storedHa1s.keySet().equals(wanted.ha1ByAlgorithm().keySet())) {
            return false;
        }
        boolean equal = true;
        for (Map.Entry<DigestAlgorithm, String> e : wanted.ha1ByAlgorithm().entrySet()) {
            equal &= MessageDigest.isEqual(e.getValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    storedHa1s.get(e.getKey()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return equal;
    }

    private void audit(List<WriteOutcome> changes, Map<CredentialKey, ValidCredential> byKey, String actor) {
        if (changes.isEmpty()) {
            return;
        }
        int n = changes.size();
        String[] a = new String[n], w = new String[n], u = new String[n], g = new String[n];
        Long[] o = new Long[n], nv = new Long[n];
        for (int i = 0; i < n; i++) {
            WriteOutcome change = changes.get(i);
            a[i] = change.kind().name();
            w[i] = change.key().wwsfIdentity();
            u[i] = change.key().webIdentity();
            o[i] = change.previousVersion();
            nv[i] = change.storedVersion();
            g[i] = byKey.get(change.key()).algorithmList();
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(AUDIT)) {
                ps.setString(1, actor);
                ps.setArray(2, text(connection, a));
                ps.setArray(3, text(connection, w));
                ps.setArray(4, text(connection, u));
                ps.setArray(5, connection.createArrayOf("bigint", o));
                ps.setArray(6, connection.createArrayOf("bigint", nv));
                ps.setArray(7, text(connection, g));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Array text(Connection connection, String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }
}
