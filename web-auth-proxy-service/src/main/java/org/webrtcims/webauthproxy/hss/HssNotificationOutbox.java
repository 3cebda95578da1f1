package org.webrtcims.webauthproxy.hss;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.List;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.webrtcims.webauthproxy.config.WebAuthProxyProperties;
import org.webrtcims.webauthproxy.credential.CredentialKey;

/**
 * Queues credential-change notifications for the HSS in the caller's transaction (the transaction of the
 * revoke or update), so a committed change is never lost to an HSS that is down. Nothing is queued while
 * notifications are off ({@code web-auth-proxy.hss.base-url} empty).
 */
@Component
public class HssNotificationOutbox {

    private final JdbcTemplate jdbc;
    private final boolean enabled;

    public HssNotificationOutbox(JdbcTemplate jdbc, WebAuthProxyProperties properties) {
        this.jdbc = jdbc;
        this.enabled = properties.hss().enabled();
    }

    /** Call inside the transaction of the change. */
    public void enqueue(List<CredentialKey> keys, String change) {
        if (!enabled || keys.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO hss_notification (wwsf_identity, web_identity, change)
                    SELECT t.w, t.u, ? FROM unnest(?::text[], ?::text[]) AS t(w, u)""")) {
                Array w = connection.createArrayOf("text", keys.stream().map(CredentialKey::wwsfIdentity).toArray());
                Array u = connection.createArrayOf("text", keys.stream().map(CredentialKey::webIdentity).toArray());
                ps.setString(1, change);
                ps.setArray(2, w);
                ps.setArray(3, u);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
