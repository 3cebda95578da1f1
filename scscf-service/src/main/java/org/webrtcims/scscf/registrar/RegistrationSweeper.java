package org.webrtcims.scscf.registrar;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.outbox.SarOutbox;
import org.webrtcims.scscf.regevent.RegEventNotifier;

/**
 * Timers of the registrar (profile §7.3, §6 row 23), run on the scheduling thread: this S-CSCF's bindings past
 * their expiry (plus grace) are removed and, when an IMPU's last one goes, SAR TIMEOUT_DEREGISTRATION is queued
 * in the same transaction and sent through the {@link SarOutbox}; challenges never answered within
 * reg-await-auth end with SAR AUTHENTICATION_TIMEOUT for IMPUs that are not registered. Bindings of other
 * S-CSCFs are theirs to sweep, unless they expired longer than {@code orphan-grace} ago (their owner is gone).
 */
@Component
public class RegistrationSweeper {

    private static final Logger log = LoggerFactory.getLogger(RegistrationSweeper.class);

    private final BindingStore bindings;
    private final AuthContextStore contexts;
    private final SarOutbox outbox;
    private final ScscfProperties properties;
    private final RegEventNotifier regEvent;

    public RegistrationSweeper(BindingStore bindings, AuthContextStore contexts, SarOutbox outbox,
                               ScscfProperties properties, RegEventNotifier regEvent) {
        this.regEvent = regEvent;
        this.bindings = bindings;
        this.contexts = contexts;
        this.outbox = outbox;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${scscf.registrar.sweep-interval:1s}")
    public void sweep() {
        try {
            BindingStore.Swept swept = bindings.sweepExpired((int) properties.registrar().expiryGrace().toSeconds());
            for (SarOutbox.Entry sar : swept.sars()) {
                outbox.deliver(sar).subscribe();
            }
            // reg event (profile §7.3): contact event="expired"; the registration terminated when the last went
            regEvent.bindingsRemoved(swept.removed(), RegEventNotifier.Cause.EXPIRED);
            int orphans = bindings.sweepOrphans(properties.registrar().orphanGrace().toSeconds());
            if (orphans > 0) {
                log.info("Removed {} binding(s) of S-CSCFs that stopped sweeping them", orphans);
            }
            List<AuthContext> unanswered = contexts.expire();
            for (AuthContext context : unanswered) {
                if (bindings.current(context.impu()).isEmpty()) {
                    outbox.send(context.impu(), context.impi(), ServerAssignmentType.AUTHENTICATION_TIMEOUT)
                            .subscribe();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Registration sweep failed; next round retries: {}", e.getMessage());
        }
    }
}
