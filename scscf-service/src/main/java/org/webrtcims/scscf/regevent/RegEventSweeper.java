package org.webrtcims.scscf.regevent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends expired reg event subscriptions (RFC 6665 §4.2.2): removed from the table (one instance wins each) and
 * told so by a last NOTIFY, {@code Subscription-State: terminated;reason=timeout}. Runs on the scheduling thread,
 * which may block.
 */
@Component
public class RegEventSweeper {

    private static final Logger log = LoggerFactory.getLogger(RegEventSweeper.class);

    private final SubscriptionStore store;
    private final RegEventNotifier notifier;

    public RegEventSweeper(SubscriptionStore store, RegEventNotifier notifier) {
        this.store = store;
        this.notifier = notifier;
    }

    @Scheduled(fixedDelayString = "${scscf.reg-event.sweep-interval:5s}")
    public void sweep() {
        try {
            for (SubscriptionStore.Notifiable expired : store.sweepExpired()) {
                notifier.sendState(expired, "timeout");
            }
        } catch (RuntimeException e) {
            log.warn("reg event subscription sweep failed; next round retries: {}", e.getMessage());
        }
    }
}
