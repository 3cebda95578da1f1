package org.webrtcims.hss.cx;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.webrtcims.cx.AuthDataItem;
import org.webrtcims.cx.AuthorizationType;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.LocationInfoAnswer;
import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.ServerCapabilities;
import org.webrtcims.cx.UserAuthorizationAnswer;
import org.webrtcims.cx.UserAuthorizationRequest;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.hss.av.AvProxyClient;
import org.webrtcims.hss.config.HssProperties;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.problem.ApiProblemException;

import reactor.core.publisher.Mono;

/**
 * UAR, MAR, SAR and LIR (profile §5.2): reads the in-memory model ({@link CxMemory}; on the calling event loop while
 * the change listener is trusted), decides with {@link CxRules}, fetches vectors from the proxy without blocking,
 * and writes registration changes through to PostgreSQL on the database scheduler.
 */
@Service
public class CxService {

    private static final Logger log = LoggerFactory.getLogger(CxService.class);

    private final CxStore store;
    private final CxRules rules;
    private final AvProxyClient avProxy;
    private final DatabaseScheduler database;
    private final CxMemory memory;

    public CxService(CxStore store, CxMemory memory, AvProxyClient avProxy, DatabaseScheduler database,
                     HssProperties properties) {
        this.store = store;
        this.memory = memory;
        this.avProxy = avProxy;
        this.database = database;
        List<HssProperties.Scscf> scscfs = properties.scscfs();
        ServerCapabilities capabilities = new ServerCapabilities(
                scscfs.stream().flatMap(s -> s.mandatoryCapabilities().stream()).distinct().sorted().toList(),
                scscfs.stream().flatMap(s -> s.optionalCapabilities().stream()).distinct().sorted().toList(),
                scscfs.stream().map(HssProperties.Scscf::name).toList());
        this.rules = new CxRules(capabilities, Set.copyOf(properties.allowedVisitedNetworks()));
    }

    /**
     * Runs a read-only Cx step: on the calling thread (a Netty event loop) from memory while the change listener is
     * trusted, else on the database scheduler after reading the provisioning version and the IMPU's row
     * ({@link CxMemory#syncForRequest}).
     */
    private <T> Mono<T> answer(String impu, Function<RegistrationModel.Read, T> step) {
        if (memory.answersFromMemory()) {
            return Mono.fromCallable(() -> step.apply(memory.registrations().read(impu)));
        }
        return database.call(() -> step.apply(memory.syncForRequest(impu)));
    }

    public Mono<UserAuthorizationAnswer> authorize(String impu, UserAuthorizationRequest request) {
        require(request.impi(), "impi");
        AuthorizationType type = request.authorizationType() == null ? AuthorizationType.REGISTRATION
                : request.authorizationType();
        return answer(impu, registration -> {
            CxContext context = store.load(request.wwsfIdentity(), request.impi(), impu, registration);
            rules.checkIdentities(context.mapping(), context.subscription(), context.wwsf(), impu,
                    type != AuthorizationType.DE_REGISTRATION);
            return rules.authorize(type, request.visitedNetworkIdentifier(), context.registration());
        });
    }

    public Mono<MultimediaAuthAnswer> authData(String impi, MultimediaAuthRequest request) {
        require(request.impu(), "impu");
        require(request.serverName(), "serverName");
        String scheme = request.authScheme() == null ? MultimediaAuthRequest.UNKNOWN : request.authScheme();
        if (!scheme.equals(MultimediaAuthRequest.SIP_DIGEST) && !scheme.equals(MultimediaAuthRequest.UNKNOWN)) {
            return Mono.error(new CxException(CxCause.AUTH_SCHEME_NOT_SUPPORTED,
                    "Only SIP Digest is available for web identities."));
        }
        return answer(request.impu(), registration -> {
                    CxContext context = store.load(request.wwsfIdentity(), impi, request.impu(), registration);
                    rules.checkIdentities(context.mapping(), context.subscription(), context.wwsf(), request.impu(),
                            true);
                    return context;
                })
                .flatMap(context -> {
                    List<DigestAlgorithm> algorithms = DigestVectorSelection.algorithmsToFetch(
                            context.wwsf().algorithmPolicy(), request.acceptAlgorithms());
                    RegistrationView seen = context.registration();
                    boolean unchanged = rules.pinForAuthentication(seen, request.serverName()).equals(seen);
                    // every MAR fetches its vector from the proxy, a re-registration too
                    return avProxy.fetch(impi, context.wwsf().identity(), algorithms)
                            // a re-registration at the same S-CSCF writes nothing: no trip to the database thread
                            .flatMap(vectors -> unchanged ? Mono.just(vectors)
                                    : database.call(() -> store.changeRegistration(request.impu(), seen,
                                            current -> new CxStore.Change<>(
                                                    rules.pinForAuthentication(current, request.serverName()),
                                                    vectors))));
                })
                .map(vectors -> new MultimediaAuthAnswer(impi, request.impu(), 1, List.of(new AuthDataItem(1,
                        MultimediaAuthRequest.SIP_DIGEST, impi, DigestVectorSelection.toSipDigest(vectors)))));
    }

    /** What SAR read from memory and decided on it. */
    private record SarPlan(CxStore.ImpuContext context, CxRules.Assignment decided) {
    }

    public Mono<ServerAssignmentAnswer> assign(String impu, ServerAssignmentRequest request) {
        require(request.serverName(), "serverName");
        require(request.assignmentType(), "assignmentType");
        ServerAssignmentType type = request.assignmentType();
        boolean registering = type == ServerAssignmentType.REGISTRATION
                || type == ServerAssignmentType.RE_REGISTRATION;
        boolean userDataAlreadyAvailable = Boolean.TRUE.equals(request.userDataAlreadyAvailable());
        Function<RegistrationView, CxStore.Change<CxRules.Assignment>> decide = current -> {
            CxRules.Assignment decided = rules.assign(current, request.serverName(), type, request.impi(),
                    userDataAlreadyAvailable);
            return new CxStore.Change<>(decided.next(), decided);
        };
        return answer(impu, registration -> {
            CxStore.ImpuContext context = store.impuContext(impu, registering ? request.impi() : null,
                    request.wwsfIdentity(), registration);
            if (registering && request.impi() != null && !context.webIdentityMapped()) {
                throw new CxException(CxCause.IDENTITIES_DONT_MATCH,
                        "The private identity is not mapped into this public identity's subscription.");
            }
            CxRules.Assignment decided;
            try {
                decided = rules.assign(context.registration(), request.serverName(), type, request.impi(),
                        userDataAlreadyAvailable);
            } catch (CxException rejected) {
                decided = null; // a refusal is never made on memory alone: confirmed on the locked row below
            }
            return new SarPlan(context, decided);
        }).flatMap(plan -> {
            RegistrationView seen = plan.context().registration();
            if (plan.decided() != null && plan.decided().next().equals(seen)) {
                // nothing changes (a re-registration): no statement, no trip to the database thread
                return Mono.just(answer(plan.context().subscription(), plan.decided(), request, type));
            }
            return database.call(() -> answer(plan.context().subscription(),
                    store.changeRegistration(impu, plan.decided() == null ? null : seen, decide), request, type));
        });
    }

    private static ServerAssignmentAnswer answer(SubscriptionView subscription, CxRules.Assignment assignment,
                                                 ServerAssignmentRequest request, ServerAssignmentType type) {
        log.debug("SAR {} by {}: now {}", type, request.serverName(), assignment.next().state());
        String impi = assignment.next().privateIdentity() != null ? assignment.next().privateIdentity()
                : request.impi();
        return new ServerAssignmentAnswer(assignment.result().code(), assignment.result(), impi,
                assignment.returnsProfile() ? CxRules.userProfile(subscription, impi) : null,
                assignment.returnsProfile() ? CxRules.allowedWafWwsf(subscription) : null,
                null);
    }

    /**
     * LIR: the IMPU's registration and those of the other IMPUs of its subscription (its implicit registration set;
     * a {@code tel:} alias is served by the S-CSCF of its registered {@code sip:} IMPU), read from memory on the
     * calling event loop, or from the database on its scheduler while the change listener is not trusted.
     */
    public Mono<LocationInfoAnswer> locate(String impu) {
        if (memory.answersFromMemory()) {
            return Mono.fromCallable(() -> locate(impu, memory.registrations().read(impu),
                    other -> memory.registrations().read(other)));
        }
        return database.call(() -> locate(impu, memory.syncForRequest(impu), other -> {
            try {
                return memory.syncForRequest(other);
            } catch (java.sql.SQLException e) {
                throw new org.springframework.dao.DataAccessResourceFailureException(
                        "Cannot read the registration", e);
            }
        }));
    }

    private LocationInfoAnswer locate(String impu, RegistrationModel.Read own,
                                      Function<String, RegistrationModel.Read> read) {
        CxStore.ImpuContext context = store.impuContext(impu, null, null, own);
        if (CxRules.servedItself(context.registration())) {
            return rules.locate(context.registration());
        }
        List<RegistrationView> others = context.subscription().impus().stream()
                .map(SubscriptionView.Impu::impu).filter(other -> !other.equals(impu))
                .map(other -> read.apply(other).view()).toList();
        return rules.locate(context.registration(), others);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new ApiProblemException(org.springframework.http.HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                    field + " is required.");
        }
    }
}
