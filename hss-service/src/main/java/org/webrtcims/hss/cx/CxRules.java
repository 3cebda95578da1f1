package org.webrtcims.hss.cx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.webrtcims.cx.AllowedWafWwsfIdentities;
import org.webrtcims.cx.AuthorizationType;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.CxResult;
import org.webrtcims.cx.LocationInfoAnswer;
import org.webrtcims.cx.PublicIdentity;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.ServerCapabilities;
import org.webrtcims.cx.ServiceProfile;
import org.webrtcims.cx.UserAuthorizationAnswer;
import org.webrtcims.cx.UserProfile;
import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.registration.RegistrationState;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.WwsfView;

/**
 * The HSS's Cx decisions (TS 29.228 §6.1–6.3 semantics, profile §5.2), with no database, HTTP or Spring:
 * callers load the views, these methods decide. Negative outcomes are thrown as {@link CxException}.
 */
public final class CxRules {

    private final ServerCapabilities capabilities;
    private final Set<String> allowedVisitedNetworks;

    /**
     * @param capabilities           what FIRST_REGISTRATION answers carry (29.228 §6.7)
     * @param allowedVisitedNetworks visited networks a UAR may come from; empty allows any
     */
    public CxRules(ServerCapabilities capabilities, Set<String> allowedVisitedNetworks) {
        this.capabilities = capabilities;
        this.allowedVisitedNetworks = Set.copyOf(allowedVisitedNetworks);
    }

    /**
     * The identity checks shared by UAR and MAR (profile §3 step 2b, §5.2 MAR logic 1–3): the (WWSF, Web
     * identity) pair is mapped, the IMPU is in the mapping's subscription, mapping and subscription are
     * enabled, the WWSF is known, enabled and allowed for the subscription, and the IMPU is not barred.
     *
     * @param checkBarring false for de-registration, which a barred IMPU may still do
     */
    public void checkIdentities(MappingView mapping, SubscriptionView subscription, WwsfView wwsf, String impu,
                                boolean checkBarring) {
        if (mapping == null || subscription == null) {
            throw new CxException(CxCause.USER_UNKNOWN, "No web identity mapping for this WWSF and web identity.");
        }
        SubscriptionView.Impu requested = subscription.impu(impu).orElseThrow(() -> new CxException(
                CxCause.IDENTITIES_DONT_MATCH, "The web identity is mapped to another public identity."));
        if (!mapping.enabled() || !subscription.enabled()) {
            throw new CxException(CxCause.AUTHORIZATION_REJECTED, "The mapping or the subscription is disabled.");
        }
        if (wwsf == null || !wwsf.enabled() || !subscription.allowedWwsfs().contains(wwsf.identity())) {
            throw new CxException(CxCause.WWSF_NOT_ALLOWED, "The WWSF is unknown, disabled or not allowed for "
                    + "this subscription.");
        }
        if (checkBarring && requested.barred()) {
            throw new CxException(CxCause.AUTHORIZATION_REJECTED, "The public identity is barred.");
        }
    }

    /**
     * UAR (29.228 §6.1.1): which S-CSCF, or the capabilities to choose one by. REGISTRATION_AND_CAPABILITIES
     * (the I-CSCF's reselection when the assigned S-CSCF does not answer) always gets the capabilities; a
     * REGISTRATION whose stored S-CSCF is no longer configured (scaled down, removed) gets them too, so its users
     * move to a configured one without waiting for a timeout (issue 11 finding 4).
     */
    public UserAuthorizationAnswer authorize(AuthorizationType type, String visitedNetwork,
                                             RegistrationView registration) {
        if (type != AuthorizationType.DE_REGISTRATION && visitedNetwork != null && !allowedVisitedNetworks.isEmpty()
                && !allowedVisitedNetworks.contains(visitedNetwork)) {
            throw new CxException(CxCause.ROAMING_NOT_ALLOWED, "Registration from this visited network is not "
                    + "allowed.");
        }
        return switch (type) {
            case DE_REGISTRATION -> {
                if (registration.state() == RegistrationState.NOT_REGISTERED || !registration.hasServer()) {
                    throw new CxException(CxCause.IDENTITY_NOT_REGISTERED, "The public identity is not registered.");
                }
                yield new UserAuthorizationAnswer(CxResult.DIAMETER_SUCCESS.code(), CxResult.DIAMETER_SUCCESS,
                        registration.scscfName(), null);
            }
            case REGISTRATION -> registration.hasServer() && configured(registration.scscfName())
                    ? new UserAuthorizationAnswer(CxResult.DIAMETER_SUBSEQUENT_REGISTRATION.code(),
                            CxResult.DIAMETER_SUBSEQUENT_REGISTRATION, registration.scscfName(), null)
                    : firstRegistration();
            case REGISTRATION_AND_CAPABILITIES -> firstRegistration();
        };
    }

    /** Whether the S-CSCF is one the HSS lists (all are, when it lists none). */
    private boolean configured(String serverName) {
        List<String> names = capabilities == null || capabilities.serverNames() == null ? List.of()
                : capabilities.serverNames();
        return names.isEmpty() || names.stream().anyMatch(n -> n.trim().equalsIgnoreCase(serverName.trim()));
    }

    private UserAuthorizationAnswer firstRegistration() {
        return new UserAuthorizationAnswer(CxResult.DIAMETER_FIRST_REGISTRATION.code(),
                CxResult.DIAMETER_FIRST_REGISTRATION, null, capabilities);
    }

    /**
     * MAR side effect (29.228 §6.3.1): for an IMPU that is not registered (or registered at another S-CSCF) the
     * requesting S-CSCF is stored and authentication is pending; an IMPU registered at the requesting S-CSCF (a
     * re-registration) stays as it is.
     */
    public RegistrationView pinForAuthentication(RegistrationView current, String serverName) {
        if (current.state() == RegistrationState.REGISTERED && serverName.equals(current.scscfName())) {
            return current;
        }
        return new RegistrationView(current.impu(), current.state(), serverName, current.privateIdentity(), true);
    }

    /** What SAR does to the registration state, and its result. */
    public record Assignment(RegistrationView next, CxResult result, boolean returnsProfile) {
    }

    /**
     * SAR (29.228 §6.1.2). REGISTRATION/RE_REGISTRATION and UNREGISTERED_USER are accepted only from the
     * S-CSCF the HSS has stored (set by MAR), so S-CSCFs racing for one IMPU end with one assignment; the
     * loser gets IDENTITY_ALREADY_REGISTERED. A de-registration from an S-CSCF that is no longer the stored
     * one changes nothing (it must not undo the newer assignment).
     */
    public Assignment assign(RegistrationView current, String requester, ServerAssignmentType type, String impi,
                             boolean userDataAlreadyAvailable) {
        boolean otherServer = current.hasServer() && !current.scscfName().equals(requester);
        return switch (type) {
            case REGISTRATION, RE_REGISTRATION -> {
                if (otherServer) {
                    throw new CxException(CxCause.IDENTITY_ALREADY_REGISTERED,
                            "Another S-CSCF is assigned to this public identity.");
                }
                yield new Assignment(new RegistrationView(current.impu(), RegistrationState.REGISTERED, requester,
                        impi != null ? impi : current.privateIdentity(), false), CxResult.DIAMETER_SUCCESS,
                        !(type == ServerAssignmentType.RE_REGISTRATION && userDataAlreadyAvailable));
            }
            case UNREGISTERED_USER -> {
                if (otherServer) {
                    throw new CxException(CxCause.IDENTITY_ALREADY_REGISTERED,
                            "Another S-CSCF is assigned to this public identity.");
                }
                RegistrationState state = current.state() == RegistrationState.REGISTERED
                        ? RegistrationState.REGISTERED : RegistrationState.UNREGISTERED;
                yield new Assignment(new RegistrationView(current.impu(), state, requester, current.privateIdentity(),
                        current.authPending()), CxResult.DIAMETER_SUCCESS, true);
            }
            case NO_ASSIGNMENT -> {
                if (otherServer) {
                    throw new CxException(CxCause.ERROR_IN_ASSIGNMENT_TYPE,
                            "NO_ASSIGNMENT from an S-CSCF that is not assigned to this public identity.");
                }
                yield new Assignment(current, CxResult.DIAMETER_SUCCESS, true);
            }
            case TIMEOUT_DEREGISTRATION, USER_DEREGISTRATION, ADMINISTRATIVE_DEREGISTRATION,
                 DEREGISTRATION_TOO_MUCH_DATA -> otherServer ? unchanged(current)
                    : new Assignment(RegistrationView.notRegistered(current.impu()), CxResult.DIAMETER_SUCCESS, false);
            case TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME, USER_DEREGISTRATION_STORE_SERVER_NAME -> otherServer
                    ? unchanged(current)
                    : new Assignment(new RegistrationView(current.impu(), RegistrationState.UNREGISTERED, requester,
                            current.privateIdentity(), false), CxResult.DIAMETER_SUCCESS, false);
            case AUTHENTICATION_FAILURE, AUTHENTICATION_TIMEOUT -> {
                if (otherServer) {
                    yield unchanged(current);
                }
                boolean registered = current.state() != RegistrationState.NOT_REGISTERED;
                yield new Assignment(new RegistrationView(current.impu(), current.state(),
                        registered ? current.scscfName() : null, current.privateIdentity(), false),
                        CxResult.DIAMETER_SUCCESS, false);
            }
        };
    }

    private static Assignment unchanged(RegistrationView current) {
        return new Assignment(current, CxResult.DIAMETER_SUCCESS, false);
    }

    /**
     * LIR (29.228 §6.1.4, terminating: no Originating-Request): the S-CSCF serving the IMPU when it is
     * {@code REGISTERED} or {@code UNREGISTERED} with a stored S-CSCF. An IMPU that is not registered itself but whose
     * implicit registration set (29.228 §6.5.1, here the subscription's IMPUs: the S-CSCF gets them all in the SAA's
     * user profile and registers them together) has a {@code REGISTERED} member is served by that member's S-CSCF:
     * the S-CSCF's SAR names the registered IMPU only, so a {@code tel:} alias has no row of its own. Otherwise
     * IDENTITY_NOT_REGISTERED (no services for unregistered users are modelled, so never UNREGISTERED_SERVICE).
     *
     * @param registration the IMPU's own registration
     * @param implicitSet  the registrations of the other IMPUs of its set, in the subscription's order
     */
    public LocationInfoAnswer locate(RegistrationView registration, List<RegistrationView> implicitSet) {
        if (servedItself(registration)) {
            return located(registration.scscfName());
        }
        return implicitSet.stream()
                .filter(member -> member.state() == RegistrationState.REGISTERED && member.hasServer())
                .findFirst()
                .map(member -> located(member.scscfName()))
                .orElseThrow(() -> new CxException(CxCause.IDENTITY_NOT_REGISTERED,
                        "The public identity is not registered."));
    }

    /** Whether LIR answers the IMPU's own S-CSCF, without looking at its implicit set. */
    public static boolean servedItself(RegistrationView registration) {
        return registration.state() != RegistrationState.NOT_REGISTERED && registration.hasServer();
    }

    /** LIR for an IMPU alone (no implicit set). */
    public LocationInfoAnswer locate(RegistrationView registration) {
        return locate(registration, List.of());
    }

    private static LocationInfoAnswer located(String serverName) {
        return new LocationInfoAnswer(CxResult.DIAMETER_SUCCESS.code(), CxResult.DIAMETER_SUCCESS, serverName, null);
    }

    /** The user data of SAA: the subscription's IMPUs, default first as stored. */
    public static UserProfile userProfile(SubscriptionView subscription, String privateUserIdentity) {
        List<PublicIdentity> identities = new ArrayList<>();
        for (SubscriptionView.Impu impu : subscription.impus()) {
            identities.add(new PublicIdentity(impu.impu(), impu.barred(), impu.isDefault()));
        }
        return new UserProfile(privateUserIdentity, List.of(new ServiceProfile(identities, List.of())));
    }

    /** Allowed-WAF-WWSF-Identities of SAA (33.203 X.3). */
    public static AllowedWafWwsfIdentities allowedWafWwsf(SubscriptionView subscription) {
        return new AllowedWafWwsfIdentities(subscription.allowedWafs().stream().sorted().toList(),
                subscription.allowedWwsfs().stream().sorted().toList());
    }
}
