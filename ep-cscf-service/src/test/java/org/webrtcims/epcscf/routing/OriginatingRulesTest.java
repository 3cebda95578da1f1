package org.webrtcims.epcscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.flow.Flow;

/** Profile §8.1 originating rules: asserted identity, Service-Route, double Record-Route. */
class OriginatingRulesTest {

    private static final Flow.Registration ALICE = new Flow.Registration("alice@idp.example.com",
            List.of("<sip:alice.web@ims.example.net>", "<tel:+15551230001>"),
            List.of("<sip:orig@scscf1.ims.example.net:5060;transport=tcp;lr>"));

    private static Map<String, Flow.Registration> alice() {
        Map<String, Flow.Registration> registrations = new LinkedHashMap<>();
        registrations.put("sip:alice.web@ims.example.net", ALICE);
        return registrations;
    }

    @Test
    void withoutPreferredIdentityTheDefaultImpuIsAsserted() {
        assertThat(OriginatingRules.assertedIdentity(alice(), null, "sip:alice.web@ims.example.net").orElseThrow()
                .assertedIdentity()).isEqualTo("<sip:alice.web@ims.example.net>");
    }

    @Test
    void anAssociatedPreferredIdentityIsAsserted() {
        OriginatingRules.Asserted asserted = OriginatingRules.assertedIdentity(alice(), "tel:+15551230001", null)
                .orElseThrow();
        assertThat(asserted.assertedIdentity()).isEqualTo("<tel:+15551230001>");
        assertThat(asserted.registration()).isSameAs(ALICE);
    }

    @Test
    void aPreferredIdentityOutsideTheAssociatedSetFallsBackToTheDefaultImpu() {
        assertThat(OriginatingRules.assertedIdentity(alice(), "sip:bob.web@ims.example.net", null).orElseThrow()
                .assertedIdentity()).isEqualTo("<sip:alice.web@ims.example.net>");
    }

    @Test
    void associatedUrisListedInOneHeaderValueAreSplit() {
        Flow.Registration listed = new Flow.Registration(null,
                List.of("<sip:alice.web@ims.example.net>, <tel:+15551230001>"), List.of());
        assertThat(OriginatingRules.assertedIdentity(Map.of("sip:alice.web@ims.example.net", listed),
                "tel:+15551230001", null).orElseThrow().assertedIdentity()).isEqualTo("<tel:+15551230001>");
    }

    @Test
    void noRegistrationNoIdentity() {
        assertThat(OriginatingRules.assertedIdentity(Map.of(), "sip:alice.web@ims.example.net", null)).isEmpty();
    }

    @Test
    void theServiceRouteIsTheRoute() {
        assertThat(OriginatingRules.routeFromServiceRoute(ALICE))
                .containsExactly("<sip:orig@scscf1.ims.example.net:5060;transport=tcp;lr>");
    }

    @Test
    void inviteSubscribeAndReferAreRecordRoutedTwiceMessageIsNot() {
        assertThat(OriginatingRules.createsDialog("INVITE")).isTrue();
        assertThat(OriginatingRules.createsDialog("SUBSCRIBE")).isTrue();
        assertThat(OriginatingRules.createsDialog("REFER")).isTrue();
        assertThat(OriginatingRules.createsDialog("MESSAGE")).isFalse();
        assertThat(OriginatingRules.coreSideEntry("epcscf.ims.example.net", 5060))
                .isEqualTo("<sip:epcscf.ims.example.net:5060;transport=tcp;lr>");
        assertThat(OriginatingRules.flowSideEntry("ft-Ak2", "epcscf.ims.example.net", 5060))
                .isEqualTo("<sip:ft-Ak2@epcscf.ims.example.net:5060;transport=ws;lr;ob>");
    }

    @Test
    void identitiesCompareHostWithoutCaseAndIgnoreParameters() {
        assertThat(OriginatingRules.sameUri("sip:alice.web@IMS.example.net;user=phone",
                "sip:alice.web@ims.example.net")).isTrue();
        assertThat(OriginatingRules.sameUri("sip:Alice.web@ims.example.net", "sip:alice.web@ims.example.net"))
                .isFalse();
    }
}
