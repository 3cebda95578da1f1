package org.webrtcims.epcscf.routing;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.webrtcims.epcscf.flow.Flow;

/**
 * What a reg-event NOTIFY does to the eP-CSCF's flows (profile §7.4, D13): an identity the network de-registered is
 * no longer asserted. When the terminated AOR is a flow's registered IMPU, that registration is unbound (the flow
 * gets 403 for originating requests once it has none left); when it is only one of the registration's
 * P-Associated-URIs (e.g. a tel alias), that URI is dropped from the set the flow may assert. With a contact URI, only
 * flows whose registration granted that contact are touched (one tab's binding expired, the others stay).
 */
public final class IdentityRevocation {

    private IdentityRevocation() {
    }

    /**
     * @param aor     the registration's AOR the NOTIFY reported terminated
     * @param contact the contact URI reported terminated, or null for the whole registration
     * @return how many flows changed
     */
    public static int revoke(Collection<Flow> flows, String aor, String contact) {
        int changed = 0;
        for (Flow flow : flows) {
            boolean touched = false;
            for (Map.Entry<String, Flow.Registration> entry : flow.registrations().entrySet()) {
                Flow.Registration registration = entry.getValue();
                if (contact != null && registration.contacts().stream()
                        .noneMatch(c -> OriginatingRules.sameUri(c, contact))) {
                    continue;
                }
                List<String> associated = OriginatingRules.associated(registration);
                boolean registered = OriginatingRules.sameUri(entry.getKey(), aor);
                boolean isAssociated = associated.stream().anyMatch(a -> OriginatingRules.sameUri(
                        OriginatingRules.uriOf(a), aor));
                if (registered || contact != null && isAssociated) {
                    flow.unbind(entry.getKey());
                    touched = true;
                } else if (isAssociated) {
                    List<String> left = associated.stream()
                            .filter(a -> !OriginatingRules.sameUri(OriginatingRules.uriOf(a), aor)).toList();
                    if (left.isEmpty()) {
                        flow.unbind(entry.getKey());
                    } else {
                        flow.rebind(entry.getKey(), new Flow.Registration(registration.impi(), left,
                                registration.serviceRoute(), registration.contacts()));
                    }
                    touched = true;
                }
            }
            if (touched) {
                changed++;
            }
        }
        return changed;
    }
}
