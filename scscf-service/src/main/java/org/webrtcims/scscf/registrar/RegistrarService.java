package org.webrtcims.scscf.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.PublicIdentity;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.SipDigestAuthenticate;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.identity.IdentityRules;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.digest.AuthScheme;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.scscf.digest.DigestVerifier;
import org.webrtcims.scscf.digest.NonceService;
import org.webrtcims.scscf.digest.Verification;
import org.webrtcims.scscf.lockout.LockoutStore;
import org.webrtcims.scscf.outbox.SarOutbox;

import reactor.core.publisher.Mono;

/**
 * The S-CSCF registrar for SIP Digest with web credentials (profile §3 steps 3–9, §4, §6, §7.1–7.2): challenge
 * with the vector from the HSS, verify, assign, keep bindings. Works on plain values; nothing here blocks (HSS
 * calls are non-blocking, database work runs on the database scheduler).
 */
@Service
public class RegistrarService {

    private static final Logger log = LoggerFactory.getLogger(RegistrarService.class);
    private static final Set<String> SUPPORTED_OPTIONS = Set.of("path", "outbound");
    private static final java.util.regex.Pattern OB_PARAMETER = java.util.regex.Pattern.compile("(?i);\\s*ob\\s*(?=[;>]|$)");
    /** Marker of {@link #verify}'s database read: the private identity is locked out. */
    private static final List<Binding> LOCKED = java.util.Collections.unmodifiableList(new ArrayList<>());
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final HssCxClient hss;
    private final NonceService nonces;
    private final AuthContextStore contexts;
    private final BindingStore bindings;
    private final LockoutStore lockout;
    private final DatabaseScheduler database;
    private final ScscfProperties properties;
    private final Clock clock;
    private final SarOutbox sarOutbox;

    public RegistrarService(HssCxClient hss, NonceService nonces, AuthContextStore contexts, BindingStore bindings,
                            LockoutStore lockout, DatabaseScheduler database, ScscfProperties properties,
                            Clock clock, SarOutbox sarOutbox) {
        this.sarOutbox = sarOutbox;
        this.hss = hss;
        this.nonces = nonces;
        this.contexts = contexts;
        this.bindings = bindings;
        this.lockout = lockout;
        this.database = database;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<RegisterReply> register(RegisterRequest request) {
        RegisterReply invalid = checkRequest(request);
        if (invalid != null) {
            return Mono.just(invalid);
        }
        DigestCredentials credentials = request.credentials();
        AuthScheme scheme = AuthScheme.decide(credentials != null,
                credentials == null ? null : credentials.integrityProtected(),
                credentials == null ? null : credentials.algorithm());
        if (scheme == AuthScheme.IMS_AKA || scheme == AuthScheme.TRUSTED_NODE) {
            // TS 33.203 Annex P.4.1: this S-CSCF offers SIP Digest only
            return Mono.just(RegisterReply.of(403, "Forbidden - Authentication scheme not supported"));
        }
        if (!request.digestUriMatches()) {
            // RFC 2617 §3.2.2.5 (RFC 3261 §22.4 lets a SIP server check it), profile §6 row 21
            return Mono.just(RegisterReply.of(400, "Bad Request - Digest uri is not the Request-URI"));
        }
        String impi = credentials != null && credentials.username() != null ? credentials.username()
                : IdentityRules.impiFromImpu(request.impu());
        boolean deregistration = isDeregistration(request);
        if (deregistration && credentials != null && !credentials.hasResponse()
                && "tls-yes".equals(credentials.integrityProtected()) && request.viaTrustedEdge()) {
            // profile D12 / 24.229 §5.4.1.4: de-registration over a bound TLS flow needs no challenge; tls-yes is
            // the word of the eP-CSCF only when its Path entry is there (EdgeTrust), else it is challenged
            return database.call(() -> bindings.current(request.impu()))
                    .flatMap(current -> current.stream().anyMatch(b -> b.impi().equals(impi))
                            ? deregister(request, impi)
                            : challenge(request, impi, scheme, false));
        }
        if (credentials == null || !credentials.hasResponse()) {
            return challenge(request, impi, scheme, false);
        }
        return verify(request, impi, scheme);
    }

    // ---------------------------------------------------------------- request checks

    private RegisterReply checkRequest(RegisterRequest request) {
        List<String> unsupported = request.require().stream()
                .filter(option -> !SUPPORTED_OPTIONS.contains(option.toLowerCase(java.util.Locale.ROOT))).toList();
        if (!unsupported.isEmpty()) {
            // RFC 3261 §8.2.2.3
            return RegisterReply.of(420, "Bad Extension").with("Unsupported", String.join(",", unsupported));
        }
        if (request.wildcardContact() && (!request.contacts().isEmpty() || request.expiresHeader() == null
                || request.expiresHeader() != 0)) {
            // RFC 3261 §10.3 step 6
            return RegisterReply.of(400, "Bad Request - Contact * needs Expires: 0 and no other contact");
        }
        long min = properties.registrar().minExpires().toSeconds();
        for (ContactSpec contact : request.contacts()) {
            if (contact.regId() != null && contact.instanceId() == null) {
                return RegisterReply.of(400, "Bad Request - reg-id without +sip.instance");
            }
            int expires = requestedExpires(request, contact);
            if (expires != 0 && expires < min) {
                // RFC 3261 §10.3 step 7
                return RegisterReply.of(423, "Interval Too Brief").with("Min-Expires", Long.toString(min));
            }
            if (contact.regId() != null && (request.path().isEmpty() || !hasOb(request.path().get(0)))) {
                // RFC 5626 §6: outbound registration whose first hop does not do outbound
                return RegisterReply.of(439, "First Hop Lacks Outbound Support");
            }
        }
        return null;
    }

    private int requestedExpires(RegisterRequest request, ContactSpec contact) {
        if (contact.expires() != null) {
            return contact.expires();
        }
        if (request.expiresHeader() != null) {
            return request.expiresHeader();
        }
        return (int) properties.registrar().defaultExpires().toSeconds();
    }

    private boolean isDeregistration(RegisterRequest request) {
        return request.wildcardContact() || (!request.contacts().isEmpty()
                && request.contacts().stream().allMatch(c -> requestedExpires(request, c) == 0));
    }

    // ---------------------------------------------------------------- challenge (steps 3–5)

    private Mono<RegisterReply> challenge(RegisterRequest request, String impi, AuthScheme scheme, boolean stale) {
        String wwsf = request.credentials() == null ? null : request.credentials().wwsfIdentity();
        return database.call(() -> lockout.isLocked(impi, request.source())).flatMap(locked -> locked ? Mono.just(lockedReply())
                : hss.authData(impi, new MultimediaAuthRequest(request.impu(), wwsf, properties.serverName(),
                                scheme == AuthScheme.SIP_DIGEST ? MultimediaAuthRequest.SIP_DIGEST
                                        : MultimediaAuthRequest.UNKNOWN, 1, properties.digest().acceptAlgorithms()))
                        .map(answer -> challengeReply(newContext(request, impi, wwsf, answer), stale))
                        .onErrorResume(HssFailure.class, failure -> Mono.just(hssFailureReply(failure, "MAR"))));
    }

    private AuthContext newContext(RegisterRequest request, String impi, String wwsf, MultimediaAuthAnswer answer) {
        SipDigestAuthenticate vector = answer.authDataItems().get(0).sipDigestAuthenticate();
        Map<DigestAlgorithm, String> ha1s = new EnumMap<>(DigestAlgorithm.class);
        List<DigestAlgorithm> offered = new ArrayList<>();
        if (vector.alternateDigestAlgorithm() != null) {
            // sha256-first: the stronger algorithm first (RFC 8760 order, profile D9)
            DigestAlgorithm alternate = DigestAlgorithm.fromToken(vector.alternateDigestAlgorithm()).orElseThrow();
            offered.add(alternate);
            ha1s.put(alternate, vector.alternateDigestHa1());
        }
        DigestAlgorithm primary = DigestAlgorithm.fromToken(
                vector.digestAlgorithm() == null ? "MD5" : vector.digestAlgorithm()).orElseThrow();
        offered.add(primary);
        ha1s.put(primary, vector.digestHa1());
        String qop = vector.digestQop() == null ? "auth" : vector.digestQop();
        return storeContext(request, impi, wwsf, vector.digestRealm(), qop, offered, ha1s);
    }

    private AuthContext storeContext(RegisterRequest request, String impi, String wwsf, String realm, String qop,
                                     List<DigestAlgorithm> offered, Map<DigestAlgorithm, String> ha1s) {
        Instant now = clock.instant();
        AuthContext context = new AuthContext(contexts.newOpaque(),
                nonces.create(realm, impi, request.impu(), request.callId()), impi, request.impu(), wwsf, realm,
                qop, offered, ha1s, request.callId(), now, now.plus(properties.digest().authTimeout()));
        contexts.put(context);
        return context;
    }

    private RegisterReply challengeReply(AuthContext context, boolean stale) {
        RegisterReply reply = RegisterReply.of(401, "Unauthorized");
        for (DigestAlgorithm algorithm : context.offered()) {
            reply = reply.with("WWW-Authenticate", "Digest realm=\"" + context.realm() + "\", nonce=\""
                    + context.nonce() + "\", opaque=\"" + context.opaque() + "\", algorithm=" + algorithm.token()
                    + ", qop=\"" + context.qop() + "\"" + (stale ? ", stale=TRUE" : ""));
        }
        return reply;
    }

    /** A new challenge from an existing context's vectors: no MAR needed (stale nonce). */
    private RegisterReply rechallenge(RegisterRequest request, AuthContext old, boolean stale) {
        return challengeReply(storeContext(request, old.impi(), old.wwsfIdentity(), old.realm(), old.qop(),
                old.offered(), old.ha1ByAlgorithm()), stale);
    }

    /**
     * A forged answer (another nonce than the context's) gets a new challenge that <em>replaces</em> the context
     * it named: repeating it cannot make the number of contexts (and H(A1) copies) grow.
     */
    private RegisterReply rechallengeInPlace(RegisterRequest request, AuthContext old) {
        Instant now = clock.instant();
        AuthContext context = new AuthContext(contexts.newOpaque(),
                nonces.create(old.realm(), old.impi(), request.impu(), request.callId()), old.impi(),
                request.impu(), old.wwsfIdentity(), old.realm(), old.qop(), old.offered(), old.ha1ByAlgorithm(),
                request.callId(), now, now.plus(properties.digest().authTimeout()));
        contexts.replace(old.opaque(), context);
        return challengeReply(context, false);
    }

    // ---------------------------------------------------------------- verification (steps 7–8)

    private Mono<RegisterReply> verify(RegisterRequest request, String impi, AuthScheme scheme) {
        DigestCredentials credentials = request.credentials();
        // the attempt is counted before anything is verified (atomic: parallel guesses cannot exceed the limit),
        // and the bindings the success path needs come in the same trip to the database
        return database.call(() -> {
                    LockoutStore.Attempt attempt = lockout.countAttempt(impi, request.source());
                    if (attempt == LockoutStore.Attempt.LOCKED) {
                        return LOCKED;
                    }
                    if (attempt == LockoutStore.Attempt.ALLOWED_AND_NOW_LOCKED) {
                        log.info("Private identity locked for a source after repeated authentication attempts");
                    }
                    return bindings.current(request.impu());
                })
                .flatMap(existing -> {
                    if (existing == LOCKED) {
                        return Mono.just(lockedReply());
                    }
                    NonceService.Check nonce = nonces.check(credentials.nonce(),
                            credentials.realm() == null ? "" : credentials.realm(), impi, request.impu(),
                            request.callId());
                    if (nonce == NonceService.Check.FORGED) {
                        // profile §6 row 19: unknown or forged nonce, or another Call-ID → 401 with a new nonce
                        return challenge(request, impi, scheme, false);
                    }
                    return contexts.consume(credentials.opaque())
                            .map(lookup -> decide(request, lookup.context(), lookup.firstUse()
                                    && nonce == NonceService.Check.VALID, existing))
                            .orElseGet(() -> verifyAgainstFreshVector(request, impi, scheme));
                });
    }

    private Mono<RegisterReply> decide(RegisterRequest request, AuthContext context, boolean firstUse,
                                       List<Binding> existing) {
        Verification verification = DigestVerifier.verify(request.credentials(), context, firstUse, 0,
                "REGISTER", request.body());
        return switch (verification) {
            case OK -> authenticated(request, context, existing);
            case STALE -> Mono.just(rechallenge(request, context, true));
            case FORGED -> Mono.just(rechallengeInPlace(request, context));
            case WRONG -> failed(request, context.impi());
            case BAD_CREDENTIALS -> Mono.just(RegisterReply.of(400,
                    "Bad Request - Credentials do not match the challenge"));
        };
    }

    /**
     * The nonce is ours but its context is gone (expired, or another S-CSCF instance issued it): fetch the
     * vector again to tell a correct digest (401 stale=TRUE, RFC 2617 §3.2.1) from a wrong one (403).
     */
    private Mono<RegisterReply> verifyAgainstFreshVector(RegisterRequest request, String impi, AuthScheme scheme) {
        DigestCredentials credentials = request.credentials();
        return hss.authData(impi, new MultimediaAuthRequest(request.impu(), credentials.wwsfIdentity(),
                        properties.serverName(), scheme == AuthScheme.SIP_DIGEST ? MultimediaAuthRequest.SIP_DIGEST
                        : MultimediaAuthRequest.UNKNOWN, 1, properties.digest().acceptAlgorithms()))
                .flatMap(answer -> {
                    AuthContext fresh = newContext(request, impi, credentials.wwsfIdentity(), answer);
                    AuthContext asIssued = new AuthContext(credentials.opaque(), credentials.nonce(), fresh.impi(),
                            fresh.impu(), fresh.wwsfIdentity(), fresh.realm(), fresh.qop(), fresh.offered(),
                            fresh.ha1ByAlgorithm(), fresh.callId(), fresh.created(), fresh.expires());
                    Verification verification = DigestVerifier.verify(credentials, asIssued, false, 0, "REGISTER",
                            request.body());
                    return switch (verification) {
                        case WRONG -> failed(request, impi);
                        case BAD_CREDENTIALS -> Mono.just(RegisterReply.of(400,
                                "Bad Request - Credentials do not match the challenge"));
                        default -> Mono.just(challengeReply(fresh, verification == Verification.STALE));
                    };
                })
                .onErrorResume(HssFailure.class, failure -> Mono.just(hssFailureReply(failure, "MAR")));
    }

    private Mono<RegisterReply> failed(RegisterRequest request, String impi) {
        // the attempt was counted before verification (LockoutStore.countAttempt)
        return database.call(() -> bindings.current(request.impu()).isEmpty())
                // 29.228 §6.1.2 AUTHENTICATION_FAILURE through the outbox (issue 11 finding 4)
                .flatMap(notRegistered -> notRegistered
                        ? sarOutbox.send(request.impu(), impi, ServerAssignmentType.AUTHENTICATION_FAILURE)
                        .then(Mono.just(true))
                        : Mono.just(true))
                // profile §6 row 16: wrong password → 403, no re-challenge
                .thenReturn(RegisterReply.of(403, "Forbidden - Authentication failed"));
    }

    // ---------------------------------------------------------------- success (step 9)

    /** @param existing the IMPU's bindings, read together with the lockout check */
    private Mono<RegisterReply> authenticated(RegisterRequest request, AuthContext context, List<Binding> existing) {
        if (isDeregistration(request)) {
            return deregister(request, context.impi()).map(reply -> withAuthenticationInfo(reply, request, context));
        }
        return Mono.defer(() -> {
            List<String> replaced = BindingLimit.toReplace(existing, request.contacts(),
                    properties.registrar().maxBindings(), properties.registrar().tooManyBindings());
            if (replaced == null) {
                // 24.229 §5.4.1.2.2, profile D16
                return Mono.just(RegisterReply.of(403, "Forbidden - Too many registrations"));
            }
            ServerAssignmentType type = existing.isEmpty() ? ServerAssignmentType.REGISTRATION
                    : ServerAssignmentType.RE_REGISTRATION;
            return hss.assign(request.impu(), new ServerAssignmentRequest(context.impi(), properties.serverName(),
                            type, false, context.wwsfIdentity()))
                    .flatMap(answer -> {
                        if (!wwsfAllowed(context, answer)) {
                            // 33.203 X.3, profile §6 row 24: undo (through the outbox), then refuse
                            return sarOutbox.send(request.impu(), context.impi(),
                                            ServerAssignmentType.ADMINISTRATIVE_DEREGISTRATION)
                                    .thenReturn(RegisterReply.of(403, "Forbidden - WWSF not allowed"));
                        }
                        List<String> associated = associatedUris(answer, request.impu());
                        // one transaction (one commit) for the bindings and the lockout reset
                        return database.call(() -> bindings.save(request.impu(),
                                        newBindings(request, context, associated),
                                        () -> {
                                            lockout.recordSuccess(context.impi(), request.source());
                                            if (!replaced.isEmpty()) {
                                                // the oldest bindings make room (maxcontact_behaviour=2)
                                                bindings.remove(request.impu(), replaced);
                                            }
                                        })).map(saved -> withAuthenticationInfo(okReply(request, saved, associated), request, context));
                    })
                    .onErrorResume(HssFailure.class, failure -> Mono.just(hssFailureReply(failure, "SAR")));
        });
    }

    private static boolean wwsfAllowed(AuthContext context, ServerAssignmentAnswer answer) {
        if (context.wwsfIdentity() == null) {
            return true;
        }
        return answer.allowedWafWwsfIdentities() != null
                && answer.allowedWafWwsfIdentities().webrtcWebServerFunctionNames().contains(context.wwsfIdentity());
    }

    private static List<String> associatedUris(ServerAssignmentAnswer answer, String impu) {
        if (answer.userProfile() == null || answer.userProfile().serviceProfiles().isEmpty()) {
            return List.of(impu);
        }
        List<PublicIdentity> identities = answer.userProfile().serviceProfiles().get(0).publicIdentities();
        List<String> uris = new ArrayList<>();
        // 24.229 §5.4.1.2.2F: the default IMPU first, barred ones left out
        identities.stream().filter(i -> i.defaultIdentity() && !i.barringIndication())
                .forEach(i -> uris.add(i.identity()));
        identities.stream().filter(i -> !i.defaultIdentity() && !i.barringIndication())
                .forEach(i -> uris.add(i.identity()));
        return uris;
    }

    private List<Binding> newBindings(RegisterRequest request, AuthContext context, List<String> associated) {
        Instant now = clock.instant();
        long max = properties.registrar().maxExpires().toSeconds();
        List<Binding> result = new ArrayList<>();
        for (ContactSpec contact : request.contacts()) {
            long granted = Math.min(requestedExpires(request, contact), max);
            result.add(new Binding(request.impu(), context.impi(), contact.uri(), contact.params(),
                    contact.instanceId(), contact.regId(), request.path(), request.callId(), request.cseq(),
                    context.wwsfIdentity(), associated, now.plusSeconds(granted), properties.serverName()));
        }
        return result;
    }

    private RegisterReply okReply(RegisterRequest request, List<Binding> current, List<String> associated) {
        Instant now = clock.instant();
        RegisterReply reply = RegisterReply.of(200, "OK");
        for (Binding binding : current) {
            // rounded up: a binding just granted 600 s is announced as 600, not 599
            long remaining = Math.max(0, (Duration.between(now, binding.expiresAt()).toMillis() + 999) / 1000);
            reply = reply.with("Contact", "<" + binding.contactUri() + ">;expires=" + remaining
                    + (binding.contactParams().isEmpty() ? "" : ";" + binding.contactParams()));
        }
        for (String path : request.path()) {
            reply = reply.with("Path", path);
        }
        // 24.229 §5.4.1.2.2F: Service-Route with an "originating" marker (user part, §5.4.3.1)
        reply = reply.with("Service-Route", "<sip:orig@" + properties.serverHost() + ";transport=tcp;lr>");
        for (String uri : associated) {
            reply = reply.with("P-Associated-URI", "<" + uri + ">");
        }
        boolean outbound = request.contacts().stream().anyMatch(c -> c.regId() != null && c.instanceId() != null)
                && !request.path().isEmpty() && hasOb(request.path().get(0));
        if (outbound) {
            // RFC 5626 §6
            reply = reply.with("Require", "outbound");
        }
        reply = reply.with("Supported", "path,outbound");
        return reply.with("Date", HTTP_DATE.format(now));
    }

    private RegisterReply withAuthenticationInfo(RegisterReply reply, RegisterRequest request, AuthContext context) {
        if (reply.status() != 200) {
            return reply;
        }
        DigestCredentials credentials = request.credentials();
        // profile D8: mutual authentication (RFC 2617 §3.2.3)
        return reply.with("Authentication-Info", "qop=" + credentials.qop() + ", rspauth=\""
                + DigestVerifier.rspauth(credentials, context, request.body()) + "\", cnonce=\""
                + credentials.cnonce() + "\", nc=" + credentials.nonceCount());
    }

    // ---------------------------------------------------------------- de-registration (§7.2)

    private Mono<RegisterReply> deregister(RegisterRequest request, String impi) {
        List<String> uris = request.wildcardContact() ? null
                : request.contacts().stream().map(ContactSpec::uri).toList();
        // the last binding's removal queues SAR USER_DEREGISTRATION in the same transaction (issue 11 finding 4)
        return database.call(() -> bindings.removeAndQueueDeregistration(request.impu(), impi, uris))
                .flatMap(change -> {
                    List<Binding> removed = change.before().stream()
                            .filter(b -> change.after().stream().noneMatch(a -> a.contactUri().equals(b.contactUri())))
                            .toList();
                    RegisterReply reply = RegisterReply.of(200, "OK");
                    for (Binding b : removed) {
                        reply = reply.with("Contact", "<" + b.contactUri() + ">;expires=0");
                    }
                    reply = reply.with("Date", HTTP_DATE.format(clock.instant()));
                    if (change.sar() == null) {
                        return Mono.just(reply);
                    }
                    // a failed SAR stays in the outbox and is retried; the user's answer does not depend on it
                    return sarOutbox.deliver(change.sar()).thenReturn(reply);
                });
    }

    // ---------------------------------------------------------------- failures

    private RegisterReply lockedReply() {
        // profile §6 row 17
        return RegisterReply.of(403, "Forbidden").with("Warning", "399 " + properties.serverHost()
                + " \"authentication temporarily locked\"");
    }

    /** Profile §5.5 / §6 rows 14–15: negative → 403; timeout → 504; other failure → 500 + Retry-After. */
    private static RegisterReply hssFailureReply(HssFailure failure, String procedure) {
        if (failure.kind() == HssFailure.Kind.NEGATIVE) {
            if (failure.cxCause() == CxCause.IDENTITY_ALREADY_REGISTERED
                    || failure.cxCause() == CxCause.ERROR_IN_ASSIGNMENT_TYPE) {
                log.warn("{} refused by the HSS: {} (operator issue)", procedure, failure.cxCause());
                return RegisterReply.of(500, "Server Internal Error").with("Retry-After", "30");
            }
            log.info("{} negative: {}", procedure, failure.cxCause());
            return RegisterReply.of(403, "Forbidden");
        }
        log.warn("{} failed: {} {}", procedure, failure.kind(), failure.getMessage());
        if (failure.kind() == HssFailure.Kind.TIMEOUT) {
            return RegisterReply.of(504, "Server Time-out");
        }
        return RegisterReply.of(500, "Server Internal Error").with("Retry-After", "30");
    }

    // ---------------------------------------------------------------- helpers

    /** RFC 5626 §5.1: the {@code ob} URI parameter of a Path entry such as {@code <sip:ft@host;lr;ob>}. */
    private static boolean hasOb(String path) {
        return OB_PARAMETER.matcher(path).find();
    }
}
