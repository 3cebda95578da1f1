package org.webrtcims.hss.registration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;
import org.webrtcims.cx.DeregistrationReason;
import org.webrtcims.hss.notify.DeregistrationNotices;

/**
 * De-registers IMPUs on an operator's change (mapping or subscription disabled or deleted, IMPU barred):
 * their state becomes NOT_REGISTERED and the serving S-CSCF gets an RTR (TS 29.228 §6.2.1), queued in the
 * caller's transaction.
 */
@Component
public class AdministrativeDeregistration {

    private final ImpuRegistrationRepository registrations;
    private final DeregistrationNotices notices;

    public AdministrativeDeregistration(ImpuRegistrationRepository registrations, DeregistrationNotices notices) {
        this.registrations = registrations;
        this.notices = notices;
    }

    /** @return the IMPUs that were registered and are now de-registered */
    public List<String> deregister(Collection<String> impus, Predicate<RegistrationView> which,
                                   DeregistrationReason.Code code, String info) {
        Map<List<String>, List<String>> byServerAndImpi = new LinkedHashMap<>();
        List<String> done = new ArrayList<>();
        for (String impu : impus.stream().sorted().toList()) {
            registrations.lock(impu).ifPresent(row -> {
                RegistrationView view = row.view();
                if (view.state() != RegistrationState.NOT_REGISTERED && view.hasServer() && which.test(view)) {
                    row.apply(RegistrationView.notRegistered(impu));
                    byServerAndImpi.computeIfAbsent(java.util.Arrays.asList(view.scscfName(), view.privateIdentity()),
                            k -> new ArrayList<>()).add(impu);
                    done.add(impu);
                }
            });
        }
        byServerAndImpi.forEach((key, list) -> notices.enqueue(key.get(0), key.get(1), list, code, info));
        return done;
    }
}
