package org.webrtcims.scscf.registrar;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;

/**
 * Timers of the registrar (profile §7.3, §6 row 23), run on the scheduling thread: bindings past their expiry
 * (plus grace) are removed and, when an IMPU's last one goes, the HSS hears SAR TIMEOUT_DEREGISTRATION;
 * challenges never answered within reg-await-auth end with SAR AUTHENTICATION_TIMEOUT for IMPUs that are not
 * registered.
 */
@Component
public class RegistrationSweeper {

    private static final Logger log = LoggerFactory.getLogger(RegistrationSweeper.class);
    private static final Duration HSS_WAIT = Duration.ofSeconds(5);

    private final BindingStore bindings;
    private final AuthContextStore contexts;
    private final HssCxClient hss;
    private final ScscfProperties properties;

    public RegistrationSweeper(BindingStore bindings, AuthContextStore contexts, HssCxClient hss,
                               ScscfProperties properties) {
        this.bindings = bindings;
        this.contexts = contexts;
        this.hss = hss;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${scscf.registrar.sweep-interval:1s}")
    public void sweep() {
        try {
            for (BindingStore.ExpiredImpu expired : bindings.sweepExpired(
                    (int) properties.registrar().expiryGrace().toSeconds())) {
                assign(expired.impu(), expired.impi(), ServerAssignmentType.TIMEOUT_DEREGISTRATION);
            }
            List<AuthContext> unanswered = contexts.expire();
            for (AuthContext context : unanswered) {
                if (bindings.current(context.impu()).isEmpty()) {
                    assign(context.impu(), context.impi(), ServerAssignmentType.AUTHENTICATION_TIMEOUT);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Registration sweep failed; next round retries: {}", e.getMessage());
        }
    }

    private void assign(String impu, String impi, ServerAssignmentType type) {
        try {
            hss.assign(impu, new ServerAssignmentRequest(impi, properties.serverName(), type, true, null))
                    .block(HSS_WAIT);
            log.info("SAR {} sent", type);
        } catch (RuntimeException e) {
            log.warn("SAR {} failed: {}", type, e.getMessage());
        }
    }
}
