package org.webrtcims.scscf.registrar;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.webrtcims.scscf.config.ScscfProperties;

/**
 * The registration hot path's two SQL statements (issue 12), one per REGISTER of a full registration. Blocking:
 * call on the database scheduler.
 * <ol>
 *   <li>{@link #atChallenge}: the first REGISTER reads in one statement whether the private identity is locked
 *       for the source (or everywhere) and this S-CSCF's bindings of the IMPU; the bindings go into the auth
 *       context, so the answering REGISTER does not read them again.</li>
 *   <li>{@link #register}: a correct answer writes everything in one statement (one implicit transaction): the
 *       lockout check under the lockout rows' row locks (a correct answer arriving after the limit was reached
 *       is refused like a wrong one, so guesses beyond the limit learn nothing), the lockout reset, the flow
 *       replacement (RFC 5626 §6), the bindings that make room (max-bindings), the take-over of another
 *       S-CSCF's bindings of the IMPU (issue 11 finding 4), the binding upsert, and the removal of SARs still
 *       queued for the IMPU (they predate this registration and must not undo it); it also says whether a reg
 *       event subscription watches the implicit set (issue 13), so an unwatched registration costs no more.</li>
 * </ol>
 */
@Component
public class RegistrationStore {

    /** What the first REGISTER read. */
    public record ChallengeState(boolean locked, List<Binding> bindings) {
        public ChallengeState {
            bindings = List.copyOf(bindings);
        }
    }

    /**
     * What the registration wrote: refused because locked; nothing written because the SAR it relied on is no
     * longer covered by a binding here ({@code needsSar}: e.g. the HSS removed the registration since the
     * challenge); or the IMPU's bindings here afterwards.
     */
    public record Registration(boolean locked, boolean needsSar, List<Binding> bindings, boolean tookOver,
                               boolean subscribed) {
        public Registration {
            bindings = List.copyOf(bindings);
        }
    }

    private static final String IDENTITY_WIDE = "*";

    private static final String AT_CHALLENGE = """
            SELECT l.locked, b.*
            FROM (SELECT EXISTS (SELECT 1 FROM auth_lockout WHERE impi = ? AND source IN (?, ?)
                                 AND locked_until > now()) AS locked) l
            LEFT JOIN registration_binding b ON b.impu = ? AND b.owner = ? AND b.expires_at > now()
            ORDER BY b.id""";

    // every sub-statement sees the same snapshot; none touches a row another one changes (the contact URIs of
    // this REGISTER are excluded from the deletes and the take-over), so the outcome does not depend on the
    // order PostgreSQL runs them in. The last SELECT sees the snapshot too: the IMPU's bindings afterwards are
    // the upserted rows, the taken-over rows, and this S-CSCF's other rows that no sub-statement deleted.
    private static final String REGISTER = """
            WITH p AS (SELECT ?::text AS impu, ?::text AS impi, ?::text AS source, ?::text AS owner,
                              ?::text[] AS uris, ?::text[] AS replaced),
            n AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                      AS n(contact_uri, contact_params, instance_id, reg_id, expires_ms)),
            lk AS MATERIALIZED (
                SELECT l.locked_until FROM auth_lockout l, p
                WHERE l.impi = p.impi AND l.source IN (p.source, ?) FOR UPDATE OF l),
            unlocked AS (SELECT coalesce(bool_and(locked_until IS NULL OR locked_until <= now()), true) AS ok FROM lk),
            covered AS (SELECT NOT ?::boolean OR EXISTS (
                    SELECT 1 FROM registration_binding r, p
                    WHERE r.impu = p.impu AND r.owner = p.owner AND r.impi = p.impi AND r.expires_at > now()
                      AND r.sar_at > to_timestamp(?::bigint / 1000.0) - interval '1 millisecond') AS ok),
            allowed AS (SELECT u.ok AND c.ok AS ok, u.ok AS unlocked FROM unlocked u, covered c),
            reset AS (
                DELETE FROM auth_lockout l USING p
                WHERE (SELECT ok FROM allowed) AND l.impi = p.impi AND l.source IN (p.source, ?)),
            flow AS (
                DELETE FROM registration_binding b USING p, n
                WHERE (SELECT ok FROM allowed) AND b.impu = p.impu AND n.instance_id IS NOT NULL
                  AND n.reg_id IS NOT NULL AND b.instance_id = n.instance_id AND b.reg_id = n.reg_id
                  AND b.contact_uri <> ALL (p.uris)
                RETURNING b.id),
            room AS (
                DELETE FROM registration_binding b USING p
                WHERE (SELECT ok FROM allowed) AND b.impu = p.impu AND b.owner = p.owner
                  AND b.contact_uri = ANY (p.replaced) AND b.contact_uri <> ALL (p.uris)
                RETURNING b.id),
            leftovers AS (
                DELETE FROM registration_binding b USING p
                WHERE (SELECT ok FROM allowed) AND b.impu = p.impu AND b.owner <> p.owner
                  AND b.expires_at <= now() AND b.contact_uri <> ALL (p.uris)),
            taken AS (
                UPDATE registration_binding b SET owner = p.owner FROM p
                WHERE (SELECT ok FROM allowed) AND b.impu = p.impu AND b.owner <> p.owner
                  AND b.expires_at > now() AND b.contact_uri <> ALL (p.uris)
                  AND NOT EXISTS (SELECT 1 FROM n WHERE n.instance_id = b.instance_id AND n.reg_id = b.reg_id)
                RETURNING b.*),
            saved AS (
                INSERT INTO registration_binding AS b (impu, impi, contact_uri, contact_params, instance_id, reg_id,
                    path, call_id, cseq, wwsf_identity, associated_uris, expires_at, updated_at, owner, sar_at)
                SELECT p.impu, p.impi, n.contact_uri, n.contact_params, n.instance_id, n.reg_id, ?, ?, ?, ?, ?,
                       to_timestamp(n.expires_ms / 1000.0), now(), p.owner, to_timestamp(? / 1000.0)
                FROM n, p WHERE (SELECT ok FROM allowed)
                ON CONFLICT (impu, contact_uri) DO UPDATE SET impi = EXCLUDED.impi,
                    contact_params = EXCLUDED.contact_params, instance_id = EXCLUDED.instance_id,
                    reg_id = EXCLUDED.reg_id, path = EXCLUDED.path, call_id = EXCLUDED.call_id,
                    cseq = EXCLUDED.cseq, wwsf_identity = EXCLUDED.wwsf_identity,
                    associated_uris = EXCLUDED.associated_uris, expires_at = EXCLUDED.expires_at,
                    updated_at = now(), owner = EXCLUDED.owner, sar_at = EXCLUDED.sar_at
                RETURNING b.*),
            queued AS (
                DELETE FROM sar_outbox o USING p
                WHERE (SELECT ok FROM allowed) AND o.impu = p.impu AND o.server_name = p.owner)
            SELECT a.ok, a.unlocked, EXISTS (
                    SELECT 1 FROM reg_subscription s, p
                    WHERE s.impu = p.impu OR s.impu = ANY (string_to_array(?, E'\\n'))) AS subscribed,
                c.* FROM allowed a LEFT JOIN (
                SELECT false AS taken_over, s.* FROM saved s
                UNION ALL SELECT true, t.* FROM taken t
                UNION ALL SELECT false, r.* FROM registration_binding r, p
                    WHERE (SELECT ok FROM allowed) AND r.impu = p.impu AND r.owner = p.owner
                      AND r.expires_at > now() AND r.contact_uri <> ALL (p.uris)
                      AND r.id NOT IN (SELECT id FROM flow UNION ALL SELECT id FROM room)) c ON true
            ORDER BY c.id""";

    private final JdbcTemplate jdbc;
    private final String owner;

    public RegistrationStore(JdbcTemplate jdbc, ScscfProperties properties) {
        this.jdbc = jdbc;
        this.owner = properties.serverName();
    }

    /** One statement: the lockout state of (impi, source) and this S-CSCF's unexpired bindings of the IMPU. */
    public ChallengeState atChallenge(String impi, String source, String impu) {
        boolean[] locked = {false};
        List<Binding> bindings = new ArrayList<>();
        jdbc.query(AT_CHALLENGE, rs -> {
            locked[0] = rs.getBoolean("locked");
            if (rs.getString("contact_uri") != null) {
                bindings.add(BindingStore.ROW.mapRow(rs, bindings.size()));
            }
        }, impi, source, IDENTITY_WIDE, impu, owner);
        return new ChallengeState(locked[0], bindings);
    }

    /**
     * One statement (see the class comment). Call only after the HSS assigned the IMPU to this S-CSCF (SAR
     * REGISTRATION/RE_REGISTRATION succeeded).
     *
     * @param bindings the new or refreshed bindings, all of {@code impu}, {@code impi}, one REGISTER
     * @param replaced contact URIs of this S-CSCF's bindings that make room (max-bindings)
     * @param sarAt    when the HSS last assigned the IMPU here for this registration (now, when SAR was sent)
     * @param sarSkipped no SAR was sent (profile D11): write only while a binding of {@code impi} here still has
     *                 {@code sarAt}, else nothing is written and {@code needsSar} is answered
     */
    public Registration register(String impu, String impi, String source, List<Binding> bindings,
                                 Collection<String> replaced, java.time.Instant sarAt, boolean sarSkipped) {
        // one row per contact URI (a URI twice in one REGISTER: the last wins, as when upserted one by one)
        Map<String, Binding> byUri = new LinkedHashMap<>();
        bindings.forEach(b -> byUri.put(b.contactUri(), b));
        List<Binding> rows = List.copyOf(byUri.values());
        Binding first = rows.isEmpty() ? null : rows.get(0);
        boolean[] ok = {true};
        boolean[] unlocked = {true};
        boolean[] tookOver = {false};
        boolean[] subscribed = {false};
        List<Binding> after = new ArrayList<>();
        jdbc.query((Connection c) -> {
            PreparedStatement st = c.prepareStatement(REGISTER);
            String[] uris = rows.stream().map(Binding::contactUri).toArray(String[]::new);
            int i = 0;
            st.setString(++i, impu);
            st.setString(++i, impi);
            st.setString(++i, source);
            st.setString(++i, owner);
            st.setArray(++i, c.createArrayOf("text", uris));
            st.setArray(++i, c.createArrayOf("text", replaced.toArray(String[]::new)));
            st.setArray(++i, c.createArrayOf("text", uris));
            st.setArray(++i, c.createArrayOf("text", rows.stream().map(Binding::contactParams).toArray()));
            st.setArray(++i, c.createArrayOf("text", rows.stream().map(Binding::instanceId).toArray()));
            st.setArray(++i, c.createArrayOf("int4", rows.stream().map(Binding::regId).toArray()));
            st.setArray(++i, c.createArrayOf("int8", rows.stream().map(b -> b.expiresAt().toEpochMilli())
                    .toArray()));
            st.setString(++i, IDENTITY_WIDE);
            st.setBoolean(++i, sarSkipped);
            st.setLong(++i, sarAt.toEpochMilli());
            st.setString(++i, IDENTITY_WIDE);
            st.setString(++i, first == null ? "" : String.join("\n", first.path()));
            st.setString(++i, first == null ? "" : first.callId());
            st.setLong(++i, first == null ? 0 : first.cseq());
            st.setString(++i, first == null ? null : first.wwsfIdentity());
            st.setString(++i, first == null ? "" : String.join("\n", first.associatedUris()));
            st.setLong(++i, sarAt.toEpochMilli());
            // issue 13: whether anyone subscribed to the reg event of the implicit set (then NOTIFYs follow)
            st.setString(++i, first == null ? "" : String.join("\n", first.associatedUris()));
            return st;
        }, rs -> {
            ok[0] = rs.getBoolean("ok");
            unlocked[0] = rs.getBoolean("unlocked");
            subscribed[0] = rs.getBoolean("subscribed");
            if (rs.getString("contact_uri") != null) {
                tookOver[0] |= rs.getBoolean("taken_over");
                after.add(BindingStore.ROW.mapRow(rs, after.size()));
            }
        });
        return new Registration(!unlocked[0], unlocked[0] && !ok[0], after, tookOver[0], subscribed[0]);
    }

}
