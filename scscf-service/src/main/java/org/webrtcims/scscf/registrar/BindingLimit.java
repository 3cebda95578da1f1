package org.webrtcims.scscf.registrar;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.webrtcims.scscf.config.ScscfProperties.TooManyBindings;

/**
 * The per-IMPU binding limit (24.229 §5.4.1.2.2, profile D16). With {@code REPLACE_OLDEST} (Kamailio
 * ims_registrar {@code maxcontact_behaviour=2}) the bindings that expire first make room, so a client that
 * reconnects without {@code +sip.instance} (a new contact each time) is never locked out; with {@code REJECT}
 * the REGISTER gets 403.
 */
public final class BindingLimit {

    private BindingLimit() {
    }

    /**
     * @return the contact URIs of existing bindings to remove so the new ones fit (empty when they fit), or
     *         null when the REGISTER must be refused (REJECT, or more new contacts than the limit)
     */
    public static List<String> toReplace(List<Binding> existing, List<ContactSpec> contacts, int maxBindings,
                                         TooManyBindings behaviour) {
        List<ContactSpec> added = contacts.stream().filter(c -> existing.stream().noneMatch(b -> refreshes(c, b)))
                .toList();
        int excess = existing.size() + added.size() - maxBindings;
        if (excess <= 0) {
            return List.of();
        }
        if (behaviour == TooManyBindings.REJECT || added.size() > maxBindings) {
            return null;
        }
        // bindings this REGISTER refreshes stay; of the others, the ones that expire first go (stable: older id)
        return existing.stream().filter(b -> contacts.stream().noneMatch(c -> refreshes(c, b)))
                .sorted(Comparator.comparing(Binding::expiresAt)).limit(excess).map(Binding::contactUri).toList();
    }

    /** The contact refreshes the binding: same URI, or same instance and reg-id (RFC 5626 §6). */
    private static boolean refreshes(ContactSpec contact, Binding binding) {
        return binding.contactUri().equals(contact.uri()) || (contact.instanceId() != null
                && contact.instanceId().equals(binding.instanceId()) && Objects.equals(contact.regId(), binding.regId()));
    }
}
