package org.webrtcims.hss.notify;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.webrtcims.cx.CxPaths;
import org.webrtcims.cx.DeregistrationNotice;
import org.webrtcims.cx.DeregistrationReason;
import org.webrtcims.hss.config.HssProperties;

import reactor.netty.http.client.HttpClient;

/**
 * The RTR outbox (profile §5.2): a notice is written in the same transaction as the change that causes it, and
 * delivered to the S-CSCF's {@code POST /cx-notify/v1/deregistrations} until it answers 2xx, with exponential
 * back-off while it is down. Instances claim due notices with a lease, so several HSSs do not send one twice
 * at the same time.
 */
@Component
public class DeregistrationNotices {

    private static final Logger log = LoggerFactory.getLogger(DeregistrationNotices.class);

    private record Due(long id, String scscfName, String impi, List<String> impus, String reasonCode,
                       String reasonInfo, int attempts) {
    }

    private final JdbcTemplate jdbc;
    private final HssProperties properties;
    private final WebClient client;

    public DeregistrationNotices(JdbcTemplate jdbc, HssProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        // connect and response timeouts on every RTR: an S-CSCF that black-holes SYNs holds the poller no longer
        this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) properties.deregistrationNotices().connectTimeout().toMillis())
                .responseTimeout(properties.deregistrationNotices().requestTimeout()))).build();
    }

    /** Queues a notice; call inside the transaction of the change that de-registers the IMPUs. */
    public void enqueue(String scscfName, String impi, List<String> impus, DeregistrationReason.Code code,
                        String info) {
        jdbc.update("""
                        INSERT INTO deregistration_notice (scscf_name, impi, impus, reason_code, reason_info,
                                                           created_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, now(), now())""",
                scscfName, impi, String.join("\n", impus), code.name(), info);
        log.info("RTR queued for {}: {} IMPU(s), {}", scscfName, impus.size(), code);
    }

    /** Sends every due notice once; runs on the scheduling thread, never on an event loop. */
    @Scheduled(fixedDelayString = "${hss.deregistration-notices.poll-interval:1s}")
    public void deliverDue() {
        Duration lease = properties.deregistrationNotices().requestTimeout().multipliedBy(3);
        List<Due> due = jdbc.query("""
                        UPDATE deregistration_notice SET next_attempt_at = now() + make_interval(secs => ?)
                        WHERE id IN (SELECT id FROM deregistration_notice
                                     WHERE delivered_at IS NULL AND next_attempt_at <= now()
                                     ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
                        RETURNING id, scscf_name, impi, impus, reason_code, reason_info, attempts""",
                (rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Arrays.asList(rs.getString(4).split("\n")), rs.getString(5), rs.getString(6), rs.getInt(7)),
                (double) lease.toSeconds());
        for (Due notice : due) {
            deliver(notice);
        }
    }

    private void deliver(Due notice) {
        String error = null;
        try {
            HssProperties.Scscf scscf = properties.scscf(notice.scscfName()).orElse(null);
            if (scscf == null || scscf.notifyUrl() == null) {
                error = "no notify-url configured for this S-CSCF";
            } else {
                client.post().uri(scscf.notifyUrl().resolve(CxPaths.DEREGISTRATIONS))
                        .headers(h -> h.setBearerAuth(properties.deregistrationNotices().token()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(new DeregistrationNotice(notice.impi(), notice.impus(), new DeregistrationReason(
                                DeregistrationReason.Code.valueOf(notice.reasonCode()), notice.reasonInfo())))
                        .retrieve().toBodilessEntity()
                        .block(properties.deregistrationNotices().requestTimeout().plusSeconds(1));
            }
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (error == null) {
            jdbc.update("UPDATE deregistration_notice SET delivered_at = now(), attempts = attempts + 1, "
                    + "last_error = NULL WHERE id = ?", notice.id());
            log.info("RTR {} delivered to {}", notice.id(), notice.scscfName());
        } else {
            long backoff = Math.min(properties.deregistrationNotices().maxBackoff().toSeconds(),
                    1L << Math.min(notice.attempts(), 20));
            jdbc.update("UPDATE deregistration_notice SET attempts = attempts + 1, last_error = ?, "
                            + "next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                    error.length() > 500 ? error.substring(0, 500) : error, (double) backoff, notice.id());
            log.warn("RTR {} to {} failed (attempt {}), retry in {} s: {}", notice.id(), notice.scscfName(),
                    notice.attempts() + 1, backoff, error);
        }
    }
}
