package org.webrtcims.hss.cx;

import java.util.List;
import java.util.Set;

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
 * UAR, MAR, SAR and LIR (profile §5.2): loads on the database scheduler, decides with {@link CxRules}, fetches
 * vectors from the proxy without blocking.
 */
@Service
public class CxService {

    private static final Logger log = LoggerFactory.getLogger(CxService.class);

    private final CxStore store;
    private final CxRules rules;
    private final AvProxyClient avProxy;
    private final DatabaseScheduler database;

    public CxService(CxStore store, AvProxyClient avProxy, DatabaseScheduler database, HssProperties properties) {
        this.store = store;
        this.avProxy = avProxy;
        this.database = database;
        List<HssProperties.Scscf> scscfs = properties.scscfs();
        ServerCapabilities capabilities = new ServerCapabilities(
                scscfs.stream().flatMap(s -> s.mandatoryCapabilities().stream()).distinct().sorted().toList(),
                scscfs.stream().flatMap(s -> s.optionalCapabilities().stream()).distinct().sorted().toList(),
                scscfs.stream().map(HssProperties.Scscf::name).toList());
        this.rules = new CxRules(capabilities, Set.copyOf(properties.allowedVisitedNetworks()));
    }

    public Mono<UserAuthorizationAnswer> authorize(String impu, UserAuthorizationRequest request) {
        require(request.impi(), "impi");
        AuthorizationType type = request.authorizationType() == null ? AuthorizationType.REGISTRATION
                : request.authorizationType();
        return database.call(() -> {
            CxContext context = store.load(request.wwsfIdentity(), request.impi(), impu);
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
        return database.call(() -> {
                    CxContext context = store.load(request.wwsfIdentity(), impi, request.impu());
                    rules.checkIdentities(context.mapping(), context.subscription(), context.wwsf(), request.impu(),
                            true);
                    return context;
                })
                .flatMap(context -> {
                    List<DigestAlgorithm> algorithms = DigestVectorSelection.algorithmsToFetch(
                            context.wwsf().algorithmPolicy(), request.acceptAlgorithms());
                    RegistrationView seen = context.registration();
                    boolean unchanged = rules.pinForAuthentication(seen, request.serverName()).equals(seen);
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

    public Mono<ServerAssignmentAnswer> assign(String impu, ServerAssignmentRequest request) {
        require(request.serverName(), "serverName");
        require(request.assignmentType(), "assignmentType");
        ServerAssignmentType type = request.assignmentType();
        return database.call(() -> {
            boolean registering = type == ServerAssignmentType.REGISTRATION
                    || type == ServerAssignmentType.RE_REGISTRATION;
            CxStore.ImpuContext context = store.impuContext(impu, registering ? request.impi() : null,
                    request.wwsfIdentity());
            SubscriptionView subscription = context.subscription();
            if (registering && request.impi() != null && !context.webIdentityMapped()) {
                throw new CxException(CxCause.IDENTITIES_DONT_MATCH,
                        "The private identity is not mapped into this public identity's subscription.");
            }
            CxRules.Assignment assignment = store.changeRegistration(impu, context.registration(), current -> {
                CxRules.Assignment decided = rules.assign(current, request.serverName(), type, request.impi(),
                        Boolean.TRUE.equals(request.userDataAlreadyAvailable()));
                return new CxStore.Change<>(decided.next(), decided);
            });
            log.debug("SAR {} by {}: now {}", type, request.serverName(), assignment.next().state());
            String impi = assignment.next().privateIdentity() != null ? assignment.next().privateIdentity()
                    : request.impi();
            return new ServerAssignmentAnswer(assignment.result().code(), assignment.result(), impi,
                    assignment.returnsProfile() ? CxRules.userProfile(subscription, impi) : null,
                    assignment.returnsProfile() ? CxRules.allowedWafWwsf(subscription) : null,
                    null);
        });
    }

    public Mono<LocationInfoAnswer> locate(String impu) {
        return database.call(() -> rules.locate(store.impuContext(impu, null, null).registration()));
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new ApiProblemException(org.springframework.http.HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                    field + " is required.");
        }
    }
}
