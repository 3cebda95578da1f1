package org.webrtcims.webauthproxy.hss;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.webrtcims.webauthproxy.config.WebAuthProxyProperties;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

/**
 * Delivers the {@link HssNotificationOutbox} to the HSS (profile §5.4): every due entry is POSTed to
 * {@code /admin/v1/notifications/credential-changes} until the HSS answers 2xx, with {@link RetryBackoff}
 * while it does not. Runs on the scheduling thread, never on an event loop; every call has a connect and a
 * response timeout.
 */
@Component
public class HssNotifier {

    private static final Logger log = LoggerFactory.getLogger(HssNotifier.class);

    private record Due(long id, String wwsfIdentity, String webIdentity, String change, int attempts) {
    }

    private final JdbcTemplate jdbc;
    private final WebAuthProxyProperties.Hss settings;
    private final WebClient client;

    public HssNotifier(JdbcTemplate jdbc, WebAuthProxyProperties properties) {
        this.jdbc = jdbc;
        this.settings = properties.hss();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.responseTimeout());
        this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenOff() {
        if (!settings.enabled()) {
            log.warn("web-auth-proxy.hss.base-url is empty: credential revocations and updates are NOT sent to "
                    + "the HSS (profile §5.4); registrations of revoked users live until their next refresh");
        }
    }

    /**
     * Sends every due notification once, revocations first (a backlog of updates after a large sync must not
     * delay a revocation), in claims of 100 until none is due. A failure to reach the HSS at all ends the pass:
     * the remaining notifications would only wait for the same timeout.
     */
    @Scheduled(fixedDelayString = "${web-auth-proxy.hss.poll-interval:1s}")
    public void deliverDue() {
        if (!settings.enabled()) {
            return;
        }
        Duration lease = settings.responseTimeout().multipliedBy(3);
        List<Due> due;
        do {
            due = jdbc.query("""
                            UPDATE hss_notification SET next_attempt_at = now() + make_interval(secs => ?)
                            WHERE id IN (SELECT id FROM hss_notification
                                         WHERE next_attempt_at <= now()
                                         ORDER BY (change = 'REVOKED') DESC, id LIMIT 100 FOR UPDATE SKIP LOCKED)
                            RETURNING id, wwsf_identity, web_identity, change, attempts""",
                    (rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5)),
                    (double) Math.max(1, lease.toSeconds()));
            for (Due notification : due) {
                if (!deliver(notification)) {
                    return;
                }
            }
        } while (due.size() == 100);
    }

    /** @return false when the HSS could not be reached at all (no HTTP answer) */
    private boolean deliver(Due notification) {
        String error = null;
        boolean reached = true;
        try {
            client.post().uri(settings.baseUrl().resolve(CredentialChange.PATH))
                    .headers(h -> h.setBearerAuth(settings.token()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new CredentialChange(notification.wwsfIdentity(), notification.webIdentity(),
                            notification.change()))
                    .retrieve().toBodilessEntity()
                    .block(settings.responseTimeout().plusSeconds(1));
        } catch (WebClientResponseException e) {
            error = "HSS answered " + e.getStatusCode().value();
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            reached = false;
        }
        if (error == null) {
            // delivered: the change itself stays in credential_audit
            jdbc.update("DELETE FROM hss_notification WHERE id = ?", notification.id());
            log.info("Credential change {} {} delivered to the HSS", notification.id(), notification.change());
            return true;
        }
        Duration backoff = RetryBackoff.after(notification.attempts() + 1, settings.maxBackoff());
        jdbc.update("UPDATE hss_notification SET attempts = attempts + 1, last_error = ?, "
                        + "next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                error.length() > 500 ? error.substring(0, 500) : error, (double) backoff.toSeconds(),
                notification.id());
        log.warn("Credential change {} to the HSS failed (attempt {}), retry in {} s: {}", notification.id(),
                notification.attempts() + 1, backoff.toSeconds(), error);
        return reached;
    }
}
