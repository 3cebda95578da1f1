package org.webrtcims.scscf.outbox;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.scscf.config.ScscfProperties;

import reactor.core.publisher.Mono;

/**
 * The SAR outbox (issue 11 finding 4; the shape of the HSS's RTR outbox, {@code deregistration_notice}): a SAR
 * that must reach the HSS (TIMEOUT_DEREGISTRATION, USER_DEREGISTRATION, AUTHENTICATION_FAILURE,
 * AUTHENTICATION_TIMEOUT, ADMINISTRATIVE_DEREGISTRATION) is written to {@code sar_outbox} in the transaction of
 * the change that causes it, tried at once without blocking, and, while the HSS cannot be reached or fails,
 * again with back-off ({@link SarRetryPolicy}) until it answers. Only entries under this S-CSCF's own
 * Server-Name are sent: the HSS accepts a SAR only from the S-CSCF it names.
 *
 * <p>A newer registration of the IMPU at this S-CSCF deletes its pending entries (see
 * {@code BindingStore.save}), so a TIMEOUT_DEREGISTRATION queued while the HSS was down cannot undo it later.
 */
@Component
public class SarOutbox {

    private static final Logger log = LoggerFactory.getLogger(SarOutbox.class);

    /** One queued SAR. */
    public record Entry(long id, String impu, String impi, ServerAssignmentType type, int attempts) {
    }

    private final JdbcTemplate jdbc;
    private final HssCxClient hss;
    private final DatabaseScheduler database;
    private final ScscfProperties properties;
    private final SarRetryPolicy policy;

    public SarOutbox(JdbcTemplate jdbc, HssCxClient hss, DatabaseScheduler database, ScscfProperties properties) {
        this.jdbc = jdbc;
        this.hss = hss;
        this.database = database;
        this.properties = properties;
        this.policy = new SarRetryPolicy(properties.sarOutbox().initialBackoff(), properties.sarOutbox().maxBackoff());
    }

    /**
     * Queues a SAR under this S-CSCF's name; call inside the transaction of the change that causes it (blocking).
     * The entry is leased for the immediate attempt ({@link #deliver}), so the poller leaves it alone meanwhile.
     */
    public Entry enqueue(String impu, String impi, ServerAssignmentType type) {
        Long id = jdbc.queryForObject("""
                        INSERT INTO sar_outbox (server_name, impu, impi, assignment_type, created_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, now(), now() + make_interval(secs => ?)) RETURNING id""",
                Long.class, properties.serverName(), impu, impi, type.name(), (double) lease().toSeconds());
        return new Entry(id, impu, impi, type, 0);
    }

    /**
     * Queues (on the database scheduler) and tries at once; completes when the attempt has been recorded. Never
     * fails: a SAR that cannot even be queued (database down) is logged, and the SIP answer goes out anyway.
     */
    public Mono<Void> send(String impu, String impi, ServerAssignmentType type) {
        return database.call(() -> enqueue(impu, impi, type)).flatMap(this::deliver)
                .onErrorResume(e -> {
                    log.warn("SAR {} could not be queued: {}", type, e.getMessage());
                    return Mono.empty();
                });
    }

    /**
     * One attempt, without blocking: the HSS's answer (positive or a Cx cause) deletes the entry, anything else
     * schedules the next attempt. Never fails.
     */
    public Mono<Void> deliver(Entry entry) {
        return hss.assign(entry.impu(), new ServerAssignmentRequest(entry.impi(), properties.serverName(),
                        entry.type(), true, null))
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(error -> database.run(() -> record(entry, error.orElse(null))))
                .onErrorResume(e -> {
                    log.warn("SAR {} outbox entry {} not updated ({}); the poller retries after its lease",
                            entry.type(), entry.id(), e.getMessage());
                    return Mono.empty();
                });
    }

    /** @return the outcome, after writing it down */
    SarRetryPolicy.Outcome record(Entry entry, Throwable error) {
        SarRetryPolicy.Outcome outcome = SarRetryPolicy.outcomeOf(error);
        switch (outcome) {
            case DELIVERED -> {
                jdbc.update("DELETE FROM sar_outbox WHERE id = ?", entry.id());
                log.debug("SAR {} sent", entry.type());
            }
            case REFUSED -> {
                jdbc.update("DELETE FROM sar_outbox WHERE id = ?", entry.id());
                log.info("SAR {} refused by the HSS ({}); not retried", entry.type(), error.getMessage());
            }
            case RETRY -> {
                Duration delay = policy.delayAfter(entry.attempts() + 1);
                String message = String.valueOf(error.getMessage());
                jdbc.update("UPDATE sar_outbox SET attempts = attempts + 1, last_error = ?, "
                                + "next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                        message.length() > 500 ? message.substring(0, 500) : message,
                        delay.toMillis() / 1000.0, entry.id());
                log.warn("SAR {} failed (attempt {}), retry in {} ms: {}", entry.type(), entry.attempts() + 1,
                        delay.toMillis(), message);
            }
        }
        return outcome;
    }

    /**
     * Sends the due entries of this S-CSCF, oldest first; runs on the scheduling thread (never a SIP or Netty
     * thread) and stops at the first entry that has to be retried (the HSS is down: the others would wait for
     * the same timeout; their lease brings them back).
     */
    @Scheduled(fixedDelayString = "${scscf.sar-outbox.poll-interval:1s}")
    public void deliverDue() {
        try {
            List<Entry> due = jdbc.query("""
                            UPDATE sar_outbox SET next_attempt_at = now() + make_interval(secs => ?)
                            WHERE id IN (SELECT id FROM sar_outbox
                                         WHERE server_name = ? AND next_attempt_at <= now()
                                         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                            RETURNING id, impu, impi, assignment_type, attempts""",
                    (rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3),
                            ServerAssignmentType.valueOf(rs.getString(4)), rs.getInt(5)),
                    (double) lease().toSeconds(), properties.serverName(), properties.sarOutbox().batchSize());
            for (Entry entry : due.stream().sorted(java.util.Comparator.comparingLong(Entry::id)).toList()) {
                Throwable error = attempt(entry);
                if (record(entry, error) == SarRetryPolicy.Outcome.RETRY) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.warn("SAR outbox round failed; next round retries: {}", e.getMessage());
        }
    }

    private Throwable attempt(Entry entry) {
        try {
            hss.assign(entry.impu(), new ServerAssignmentRequest(entry.impi(), properties.serverName(), entry.type(),
                    true, null)).block(properties.hss().responseTimeout().plusSeconds(1));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** How long a claimed entry is left alone: longer than any one attempt. */
    private Duration lease() {
        return properties.hss().responseTimeout().plus(properties.hss().connectTimeout()).multipliedBy(3)
                .plusSeconds(1);
    }
}
