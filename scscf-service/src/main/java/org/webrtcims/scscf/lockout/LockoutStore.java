package org.webrtcims.scscf.lockout;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.webrtcims.scscf.config.ScscfProperties;

/**
 * Failed digest verifications per private identity, in PostgreSQL so that every S-CSCF instance sees the same
 * lockout (profile §6 row 17: no standard, needed because offline H(A1)s bypass the IdP's own lockout).
 * Blocking: call on the database scheduler.
 */
@Component
public class LockoutStore {

    private final JdbcTemplate jdbc;
    private final int maxFailures;
    private final Duration window;
    private final Duration lockDuration;

    public LockoutStore(JdbcTemplate jdbc, ScscfProperties properties) {
        this.jdbc = jdbc;
        this.maxFailures = properties.lockout().maxFailures();
        this.window = properties.lockout().window();
        this.lockDuration = properties.lockout().duration();
    }

    public boolean isLocked(String impi) {
        Boolean locked = jdbc.query("SELECT locked_until > now() FROM auth_lockout WHERE impi = ?",
                rs -> rs.next() && rs.getBoolean(1), impi);
        return Boolean.TRUE.equals(locked);
    }

    /** Counts a failure; returns true when this failure locks the identity. */
    public boolean recordFailure(String impi) {
        Integer failures = jdbc.queryForObject("""
                        INSERT INTO auth_lockout AS l (impi, failures, window_start) VALUES (?, 1, now())
                        ON CONFLICT (impi) DO UPDATE SET
                            failures = CASE WHEN l.window_start < now() - make_interval(secs => ?) THEN 1
                                            ELSE l.failures + 1 END,
                            window_start = CASE WHEN l.window_start < now() - make_interval(secs => ?) THEN now()
                                                ELSE l.window_start END
                        RETURNING failures""", Integer.class, impi, (double) window.toSeconds(),
                (double) window.toSeconds());
        if (failures != null && failures >= maxFailures) {
            jdbc.update("UPDATE auth_lockout SET locked_until = now() + make_interval(secs => ?), failures = 0, "
                    + "window_start = now() WHERE impi = ?", (double) lockDuration.toSeconds(), impi);
            return true;
        }
        return false;
    }

    /** A successful authentication clears the count (not an active lock). */
    public void recordSuccess(String impi) {
        jdbc.update("DELETE FROM auth_lockout WHERE impi = ? AND (locked_until IS NULL OR locked_until <= now())",
                impi);
    }
}
