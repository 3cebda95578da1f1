package org.webrtcims.scscf.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.scscf.config.ScscfProperties.TooManyBindings;

/** Profile D16, Kamailio ims_registrar maxcontact_behaviour=2 (replace the oldest) or 1 (reject). */
class BindingLimitTest {

    private static Binding binding(String uri, String instance, long expiresAt) {
        return new Binding("sip:alice@ims", "alice", uri, "", instance, instance == null ? null : 1, List.of(),
                "call", 1, null, List.of(), Instant.ofEpochSecond(expiresAt), "sip:scscf1");
    }

    private static ContactSpec contact(String uri, String instance) {
        return new ContactSpec(uri, 600, instance, instance == null ? null : 1, "");
    }

    private static List<Binding> five() {
        List<Binding> existing = new ArrayList<>();
        // registered in this order; "c3" was refreshed last, so it expires last
        existing.add(binding("sip:c1@x", null, 1000));
        existing.add(binding("sip:c2@x", null, 1100));
        existing.add(binding("sip:c3@x", null, 1900));
        existing.add(binding("sip:c4@x", null, 1300));
        existing.add(binding("sip:c5@x", null, 1400));
        return existing;
    }

    @Test
    void aSixthContactWithoutInstanceReplacesTheOldestByDefault() {
        assertThat(BindingLimit.toReplace(five(), List.of(contact("sip:c6@x", null)), 5,
                TooManyBindings.REPLACE_OLDEST)).containsExactly("sip:c1@x");
        assertThat(BindingLimit.toReplace(five(), List.of(contact("sip:c6@x", null), contact("sip:c7@x", null)), 5,
                TooManyBindings.REPLACE_OLDEST)).containsExactly("sip:c1@x", "sip:c2@x");
    }

    @Test
    void aRefreshIsNotANewBindingAndIsNeverReplaced() {
        assertThat(BindingLimit.toReplace(five(), List.of(contact("sip:c1@x", null)), 5, TooManyBindings.REJECT))
                .isEmpty();
        // c1 refreshed together with a new one: c2 goes, not c1
        assertThat(BindingLimit.toReplace(five(), List.of(contact("sip:c1@x", null), contact("sip:c6@x", null)), 5,
                TooManyBindings.REPLACE_OLDEST)).containsExactly("sip:c2@x");
        // same instance and reg-id, new contact (RFC 5626 §6): replaces its own flow
        List<Binding> withInstance = List.of(binding("sip:f1@x", "urn:uuid:1", 1000));
        assertThat(BindingLimit.toReplace(withInstance, List.of(contact("sip:f2@x", "urn:uuid:1")), 1,
                TooManyBindings.REJECT)).isEmpty();
    }

    @Test
    void rejectRefusesAndSoDoMoreNewContactsThanTheLimit() {
        assertThat(BindingLimit.toReplace(five(), List.of(contact("sip:c6@x", null)), 5, TooManyBindings.REJECT))
                .isNull();
        assertThat(BindingLimit.toReplace(List.of(), List.of(contact("sip:a@x", null), contact("sip:b@x", null)), 1,
                TooManyBindings.REPLACE_OLDEST)).isNull();
    }
}
