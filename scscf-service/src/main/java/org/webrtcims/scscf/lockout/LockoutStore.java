package org.webrtcims.scscf.lockout;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.webrtcims.scscf.config.ScscfProperties;

/**
 * Digest answers per private identity, in PostgreSQL so that every S-CSCF instance sees the same lockout
 * (profile §6 row 17: no standard, needed because offline H(A1)s bypass the IdP's own lockout). Blocking: call on
 * the database scheduler.
 *
 * <p>Two counters per identity, both taken by {@link #countAttempt} in <b>one</b> statement for every wrong
 * digest answer, so that parallel guesses are serialised by the row locks of {@code INSERT … ON CONFLICT DO
 * UPDATE} and at most {@code max-failures} of them are answered as wrong; the others get the locked answer
 * (issue 12: the digest is checked in memory first, so a correct answer costs no count; a correct answer is
 * registered by {@code RegistrationStore.register}, which checks the lock under the same row locks and refuses
 * it when locked, so an answer beyond the limit learns nothing whether it was right or wrong):
 * <ul>
 *   <li>per (identity, source address): {@code max-failures} (5) answers within {@code window} (15 min) lock
 *       that identity <em>for that source only</em> for {@code duration} (15 min): a stranger guessing from one
 *       address cannot lock the victim out of its own address;</li>
 *   <li>per identity ({@code source = '*'}): {@code identity-max-failures} (50) answers from all sources
 *       together lock it everywhere, against guessing spread over many addresses.</li>
 * </ul>
 * The wrong answer that reaches a threshold gets the plain 403 and sets the lock; later ones get the locked
 * 403, and a locked identity is not challenged ({@code RegistrationStore.atChallenge}). A success clears both
 * counters of that identity and source (in the registration's statement).
 */
@Component
public class LockoutStore {

    /** The outcome of {@link #countAttempt}. */
    public enum Attempt {
        /** Verify the digest. */
        ALLOWED,
        /** Verify it; it reached a threshold, so the lock is set from now on (log once). */
        ALLOWED_AND_NOW_LOCKED,
        /** Refuse without verifying: a lock is active for this source or for the identity. */
        LOCKED
    }

    private static final String IDENTITY_WIDE = "*";

    private final JdbcTemplate jdbc;
    private final int maxFailures;
    private final int identityMaxFailures;
    private final Duration window;
    private final Duration lockDuration;

    public LockoutStore(JdbcTemplate jdbc, ScscfProperties properties) {
        this.jdbc = jdbc;
        this.maxFailures = properties.lockout().maxFailures();
        this.identityMaxFailures = properties.lockout().identityMaxFailures();
        this.window = properties.lockout().window();
        this.lockDuration = properties.lockout().duration();
    }

    /**
     * Counts one wrong digest answer for (identity, source) and for the identity, atomically.
     * A lock that has run out, or a window that has, starts a new count.
     */
    public Attempt countAttempt(String impi, String source) {
        double windowSeconds = window.toSeconds();
        double lockSeconds = lockDuration.toSeconds();
        // one statement: both rows are counted (and locked when a threshold is reached) under their row locks
        List<Attempt> rows = jdbc.query("""
                        WITH counted AS (
                            INSERT INTO auth_lockout AS l (impi, source, attempts, window_start, locked_until)
                            VALUES (?, ?, 1, now(), CASE WHEN 1 >= ? THEN now() + make_interval(secs => ?) END),
                                   (?, ?, 1, now(), CASE WHEN 1 >= ? THEN now() + make_interval(secs => ?) END)
                            ON CONFLICT (impi, source) DO UPDATE SET
                                attempts = CASE WHEN l.locked_until <= now() OR (l.locked_until IS NULL
                                                     AND l.window_start <= now() - make_interval(secs => ?))
                                                THEN 1 ELSE l.attempts + 1 END,
                                window_start = CASE WHEN l.locked_until <= now() OR (l.locked_until IS NULL
                                                     AND l.window_start <= now() - make_interval(secs => ?))
                                                THEN now() ELSE l.window_start END,
                                locked_until = CASE
                                    WHEN l.locked_until > now() THEN l.locked_until
                                    WHEN l.locked_until IS NULL AND l.window_start > now() - make_interval(secs => ?)
                                         AND l.attempts + 1 >= CASE WHEN l.source = ? THEN ? ELSE ? END
                                        THEN now() + make_interval(secs => ?)
                                    WHEN 1 >= CASE WHEN l.source = ? THEN ? ELSE ? END
                                        THEN now() + make_interval(secs => ?)
                                    ELSE NULL END
                            RETURNING l.source, l.attempts, l.locked_until)
                        SELECT attempts, locked_until IS NOT NULL AS locked,
                               CASE WHEN source = ? THEN ? ELSE ? END AS threshold FROM counted""",
                (rs, n) -> {
                    int attempts = rs.getInt(1);
                    int threshold = rs.getInt(3);
                    if (attempts > threshold) {
                        return Attempt.LOCKED;
                    }
                    return rs.getBoolean(2) ? (attempts == threshold ? Attempt.ALLOWED_AND_NOW_LOCKED
                            : Attempt.LOCKED) : Attempt.ALLOWED;
                },
                impi, source, maxFailures, lockSeconds,
                impi, IDENTITY_WIDE, identityMaxFailures, lockSeconds,
                windowSeconds, windowSeconds, windowSeconds,
                IDENTITY_WIDE, identityMaxFailures, maxFailures, lockSeconds,
                IDENTITY_WIDE, identityMaxFailures, maxFailures, lockSeconds,
                IDENTITY_WIDE, identityMaxFailures, maxFailures);
        if (rows.contains(Attempt.LOCKED)) {
            return Attempt.LOCKED;
        }
        return rows.contains(Attempt.ALLOWED_AND_NOW_LOCKED) ? Attempt.ALLOWED_AND_NOW_LOCKED : Attempt.ALLOWED;
    }
}
