package org.webrtcims.hss.registration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;
import org.webrtcims.cx.DeregistrationReason;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.webrtcims.hss.cx.CxMemory;
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
    private final CxMemory memory;

    public AdministrativeDeregistration(ImpuRegistrationRepository registrations, DeregistrationNotices notices,
                                        CxMemory memory) {
        this.registrations = registrations;
        this.notices = notices;
        this.memory = memory;
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
        if (!done.isEmpty()) {
            // the caller's CxMemory.afterOwnWrite reads these rows into memory once the transaction committed
            List<String> changed = List.copyOf(done);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        memory.registrationsChangedByOwnWrite(changed);
                    }
                });
            } else {
                memory.registrationsChangedByOwnWrite(changed);
            }
        }
        return done;
    }
}
