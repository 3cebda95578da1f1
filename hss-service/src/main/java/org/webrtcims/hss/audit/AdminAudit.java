package org.webrtcims.hss.audit;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The append-only record of operators' changes (who, what, on which object, when). */
@Component
public class AdminAudit {

    public record Entry(long id, Instant occurredAt, String actor, String action, String target, String detail) {
    }

    private final JdbcTemplate jdbc;

    public AdminAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Call inside the transaction of the change. */
    public void record(String actor, String action, String target, String detail) {
        jdbc.update("INSERT INTO admin_audit (actor, action, target, detail) VALUES (?, ?, ?, ?)", actor, action,
                target, detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000));
    }

    public List<Entry> recent(String target, int limit) {
        String where = target == null ? "" : " WHERE target = ?";
        Object[] args = target == null ? new Object[] {limit} : new Object[] {target, limit};
        return jdbc.query("SELECT id, occurred_at, actor, action, target, detail FROM admin_audit" + where
                        + " ORDER BY id DESC LIMIT ?",
                (rs, i) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), args);
    }
}
