package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.AuthorizationType;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.CxResult;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.ServerCapabilities;
import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.registration.RegistrationState;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.AlgorithmPolicy;
import org.webrtcims.hss.wwsf.WwsfView;

/** TS 29.228 §6.1 decisions of the HSS, on plain values. */
class CxRulesTest {

    private static final String IMPU = "sip:alice.web@ims.example.net";
    private static final String S1 = "sip:scscf1.ims.example.net";
    private static final String S2 = "sip:scscf2.ims.example.net";

    private final CxRules rules = new CxRules(new ServerCapabilities(List.of(), List.of(), List.of(S1, S2)),
            Set.of("ims.example.net"));
    private final MappingView mapping = new MappingView(1, "wwsf.example.com", "alice@idp.example.com", IMPU, "s1",
            true, Instant.EPOCH, Instant.EPOCH);
    private final SubscriptionView subscription = new SubscriptionView("s1", null, true,
            List.of(new SubscriptionView.Impu(IMPU, false, true), new SubscriptionView.Impu("tel:+1555", true, false)),
            Set.of("wwsf.example.com"), Set.of());
    private final WwsfView wwsf = new WwsfView("wwsf.example.com", "wwsf.example.com", AlgorithmPolicy.MD5_ONLY, true,
            Set.of());

    private static CxCause causeOf(Runnable r) {
        try {
            r.run();
        } catch (CxException e) {
            return e.cxCause();
        }
        return null;
    }

    @Test
    void identityChecksInTheOrderOfTheProfile() {
        assertThat(causeOf(() -> rules.checkIdentities(null, null, wwsf, IMPU, true))).isEqualTo(CxCause.USER_UNKNOWN);
        assertThat(causeOf(() -> rules.checkIdentities(mapping, subscription, wwsf, "sip:bob@ims.example.net", true)))
                .isEqualTo(CxCause.IDENTITIES_DONT_MATCH);
        assertThat(causeOf(() -> rules.checkIdentities(mapping, subscription, null, IMPU, true)))
                .isEqualTo(CxCause.WWSF_NOT_ALLOWED);
        assertThat(causeOf(() -> rules.checkIdentities(mapping, subscription, wwsf, "tel:+1555", true)))
                .isEqualTo(CxCause.AUTHORIZATION_REJECTED);
        assertThat(causeOf(() -> rules.checkIdentities(mapping, subscription, wwsf, "tel:+1555", false))).isNull();
        assertThat(causeOf(() -> rules.checkIdentities(mapping, subscription, wwsf, IMPU, true))).isNull();
    }

    @Test
    void uarFromAVisitedNetworkNotAllowedIsRoamingNotAllowed() {
        assertThatThrownBy(() -> rules.authorize(AuthorizationType.REGISTRATION, "visited.example.org",
                RegistrationView.notRegistered(IMPU)))
                .isInstanceOfSatisfying(CxException.class, e -> assertThat(e.cxCause())
                        .isEqualTo(CxCause.ROAMING_NOT_ALLOWED));
    }

    @Test
    void uarWithAnAssignedServerIsSubsequentRegistration() {
        RegistrationView pinned = rules.pinForAuthentication(RegistrationView.notRegistered(IMPU), S2);
        assertThat(pinned.authPending()).isTrue();
        var answer = rules.authorize(AuthorizationType.REGISTRATION, "ims.example.net", pinned);
        assertThat(answer.result()).isEqualTo(CxResult.DIAMETER_SUBSEQUENT_REGISTRATION);
        assertThat(answer.resultCode()).isEqualTo(2002);
        assertThat(answer.serverName()).isEqualTo(S2);
    }

    @Test
    void marForAnImpuRegisteredAtTheSameScscfChangesNothingButAnotherScscfIsPinnedPending() {
        // TS 29.228 §6.3.1: the name is compared when registered; overwritten (pending) only when it differs
        RegistrationView registered = new RegistrationView(IMPU, RegistrationState.REGISTERED, S1, "a", false);
        assertThat(rules.pinForAuthentication(registered, S1)).isSameAs(registered);
        RegistrationView moved = rules.pinForAuthentication(registered, S2);
        assertThat(moved.scscfName()).isEqualTo(S2);
        assertThat(moved.authPending()).isTrue();
        RegistrationView unregistered = new RegistrationView(IMPU, RegistrationState.UNREGISTERED, S1, "a", false);
        assertThat(rules.pinForAuthentication(unregistered, S1).authPending()).isTrue();
    }

    /**
     * Issue 11 finding 4: the I-CSCF's reselection (UAR REGISTRATION_AND_CAPABILITIES) gets the capable S-CSCFs
     * even for a registered IMPU; the new S-CSCF's MAR re-pins, its SAR REGISTRATION succeeds, and a late
     * de-registration from the S-CSCF that was lost changes nothing.
     */
    @Test
    void anotherScscfTakesARegistrationOverAfterReselection() {
        RegistrationView atS1 = new RegistrationView(IMPU, RegistrationState.REGISTERED, S1, "a", false);
        var capabilities = rules.authorize(AuthorizationType.REGISTRATION_AND_CAPABILITIES, "ims.example.net", atS1);
        assertThat(capabilities.result()).isEqualTo(CxResult.DIAMETER_FIRST_REGISTRATION);
        assertThat(capabilities.serverName()).isNull();
        assertThat(capabilities.serverCapabilities().serverNames()).containsExactly(S1, S2);
        RegistrationView pinnedS2 = rules.pinForAuthentication(atS1, S2);
        CxRules.Assignment taken = rules.assign(pinnedS2, S2, ServerAssignmentType.REGISTRATION, "a", false);
        assertThat(taken.next().scscfName()).isEqualTo(S2);
        assertThat(taken.next().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(rules.assign(taken.next(), S1, ServerAssignmentType.TIMEOUT_DEREGISTRATION, "a", false).next())
                .isEqualTo(taken.next());
        assertThat(causeOf(() -> rules.assign(taken.next(), S1, ServerAssignmentType.RE_REGISTRATION, "a", false)))
                .isEqualTo(CxCause.IDENTITY_ALREADY_REGISTERED);
    }

    /** Issue 11 finding 4: a scaled-down S-CSCF (no longer listed) is not named to the I-CSCF any more. */
    @Test
    void uarForAnImpuStoredAtAnScscfNoLongerConfiguredGetsTheCapabilities() {
        RegistrationView atRemoved = new RegistrationView(IMPU, RegistrationState.REGISTERED,
                "sip:scscf9.ims.example.net", "a", false);
        var answer = rules.authorize(AuthorizationType.REGISTRATION, "ims.example.net", atRemoved);
        assertThat(answer.result()).isEqualTo(CxResult.DIAMETER_FIRST_REGISTRATION);
        assertThat(answer.serverCapabilities().serverNames()).containsExactly(S1, S2);
        // still named for a de-registration: the HSS's assignment is what goes away
        assertThat(rules.authorize(AuthorizationType.DE_REGISTRATION, "ims.example.net", atRemoved).serverName())
                .isEqualTo("sip:scscf9.ims.example.net");
        // with no S-CSCF configured at all, the stored one is still named
        CxRules unconfigured = new CxRules(new ServerCapabilities(List.of(), List.of(), List.of()), Set.of());
        assertThat(unconfigured.authorize(AuthorizationType.REGISTRATION, "ims.example.net", atRemoved).serverName())
                .isEqualTo("sip:scscf9.ims.example.net");
    }

    @Test
    void registrationOnlyByThePinnedServer() {
        RegistrationView pinned = rules.pinForAuthentication(RegistrationView.notRegistered(IMPU), S1);
        assertThat(causeOf(() -> rules.assign(pinned, S2, ServerAssignmentType.REGISTRATION, "a", false)))
                .isEqualTo(CxCause.IDENTITY_ALREADY_REGISTERED);
        CxRules.Assignment ok = rules.assign(pinned, S1, ServerAssignmentType.REGISTRATION, "a", false);
        assertThat(ok.next().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(ok.next().authPending()).isFalse();
        assertThat(ok.returnsProfile()).isTrue();
    }

    @Test
    void reRegistrationWithUserDataAlreadyAvailableReturnsNoProfile() {
        RegistrationView registered = new RegistrationView(IMPU, RegistrationState.REGISTERED, S1, "a", false);
        assertThat(rules.assign(registered, S1, ServerAssignmentType.RE_REGISTRATION, "a", true).returnsProfile())
                .isFalse();
    }

    @Test
    void deregistrationFromAStaleServerChangesNothing() {
        RegistrationView registered = new RegistrationView(IMPU, RegistrationState.REGISTERED, S1, "a", false);
        assertThat(rules.assign(registered, S2, ServerAssignmentType.USER_DEREGISTRATION, "a", false).next())
                .isEqualTo(registered);
        assertThat(rules.assign(registered, S1, ServerAssignmentType.USER_DEREGISTRATION, "a", false).next().state())
                .isEqualTo(RegistrationState.NOT_REGISTERED);
    }

    @Test
    void authenticationFailureOfARegisteredUserKeepsTheRegistration() {
        RegistrationView registeredPending = new RegistrationView(IMPU, RegistrationState.REGISTERED, S1, "a", true);
        RegistrationView next = rules.assign(registeredPending, S1, ServerAssignmentType.AUTHENTICATION_FAILURE, "a",
                false).next();
        assertThat(next.state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(next.scscfName()).isEqualTo(S1);
        assertThat(next.authPending()).isFalse();
        RegistrationView pendingOnly = rules.pinForAuthentication(RegistrationView.notRegistered(IMPU), S1);
        assertThat(rules.assign(pendingOnly, S1, ServerAssignmentType.AUTHENTICATION_TIMEOUT, "a", false).next()
                .hasServer()).isFalse();
    }

    @Test
    void lirOfANotRegisteredImpuIsIdentityNotRegistered() {
        assertThat(causeOf(() -> rules.locate(RegistrationView.notRegistered(IMPU))))
                .isEqualTo(CxCause.IDENTITY_NOT_REGISTERED);
        RegistrationView unregisteredAssigned = new RegistrationView(IMPU, RegistrationState.UNREGISTERED, S1, null,
                false);
        assertThat(rules.locate(unregisteredAssigned).serverName()).isEqualTo(S1);
    }

    private static final String TEL = "tel:+15551230001";

    @Test
    void lirOfARegisteredImpuNamesItsScscf() {
        RegistrationView registered = new RegistrationView(IMPU, RegistrationState.REGISTERED, S1, "alice", false);
        var answer = rules.locate(registered, List.of(RegistrationView.notRegistered(TEL)));
        assertThat(answer.serverName()).isEqualTo(S1);
        assertThat(answer.result()).isEqualTo(CxResult.DIAMETER_SUCCESS);
        assertThat(answer.serverCapabilities()).isNull();
    }

    @Test
    void lirOfATelAliasNamesTheScscfOfItsRegisteredSipImpu() {
        // the S-CSCF's SAR names the sip: IMPU only; the tel: alias of the same subscription has no row
        RegistrationView sip = new RegistrationView(IMPU, RegistrationState.REGISTERED, S2, "alice", false);
        assertThat(rules.locate(RegistrationView.notRegistered(TEL), List.of(sip)).serverName()).isEqualTo(S2);
    }

    @Test
    void lirOfAnAliasWhoseSetIsNotRegisteredIsIdentityNotRegistered() {
        // a pinned-for-authentication member (MAR only) or an UNREGISTERED one does not register the set
        RegistrationView pinned = new RegistrationView(IMPU, RegistrationState.NOT_REGISTERED, S1, "alice", true);
        RegistrationView unregistered = new RegistrationView("sip:bob@ims.example.net",
                RegistrationState.UNREGISTERED, S2, null, false);
        assertThat(causeOf(() -> rules.locate(RegistrationView.notRegistered(TEL), List.of(pinned, unregistered))))
                .isEqualTo(CxCause.IDENTITY_NOT_REGISTERED);
        assertThat(causeOf(() -> rules.locate(RegistrationView.notRegistered(TEL), List.of())))
                .isEqualTo(CxCause.IDENTITY_NOT_REGISTERED);
    }

    @Test
    void lirPrefersTheImpusOwnScscfToItsSets() {
        RegistrationView own = new RegistrationView(TEL, RegistrationState.REGISTERED, S1, "alice", false);
        RegistrationView sip = new RegistrationView(IMPU, RegistrationState.REGISTERED, S2, "alice", false);
        assertThat(rules.locate(own, List.of(sip)).serverName()).isEqualTo(S1);
    }

    @Test
    void lirOfAPinnedButNotRegisteredImpuIsIdentityNotRegistered() {
        // MAR stored the S-CSCF (authentication pending), SAR has not registered it yet
        RegistrationView pinned = new RegistrationView(IMPU, RegistrationState.NOT_REGISTERED, S1, "alice", true);
        assertThat(causeOf(() -> rules.locate(pinned, List.of()))).isEqualTo(CxCause.IDENTITY_NOT_REGISTERED);
    }
}
