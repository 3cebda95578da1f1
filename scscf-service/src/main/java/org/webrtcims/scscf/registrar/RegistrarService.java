package org.webrtcims.scscf.registrar;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.webrtcims.cx.PublicIdentity;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.ServerAssignmentType;
import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.digest.AuthScheme;
import org.webrtcims.scscf.digest.NonceService;
import org.webrtcims.scscf.lockout.LockoutStore;
import org.webrtcims.scscf.outbox.SarOutbox;
import org.webrtcims.scscf.regevent.RegEventNotifier;

import reactor.core.publisher.Mono;

/**
 * The S-CSCF registrar for SIP Digest with web credentials (profile §3 steps 3–9, §4, §6, §7.1–7.2): the
 * sequence of {@link RegisterChecks}, {@link Challenger}, {@link Authenticator} and {@link RegisterReplies}, and
 * the database trips. A full registration costs two statements ({@link RegistrationStore}): one read with the
 * challenge, one write with the success. Nothing here blocks: HSS calls are non-blocking, database work runs on
 * the database scheduler (and a reply that follows database work is emitted on that thread, which may send it).
 */
@Service
public class RegistrarService {

    private static final Logger log = LoggerFactory.getLogger(RegistrarService.class);

    private final HssCx hss;
    private final BindingStore bindings;
    private final RegistrationStore registrations;
    private final LockoutStore lockout;
    private final DatabaseScheduler database;
    private final ScscfProperties properties;
    private final Clock clock;
    private final SarOutbox sarOutbox;
    private final RegisterChecks checks;
    private final RegisterReplies replies;
    private final Challenger challenger;
    private final Authenticator authenticator;
    private final RegEventNotifier regEvent;

    public RegistrarService(HssCx hss, NonceService nonces, AuthContextStore contexts, BindingStore bindings,
                            RegistrationStore registrations, LockoutStore lockout, DatabaseScheduler database,
                            ScscfProperties properties, Clock clock, SarOutbox sarOutbox, RegEventNotifier regEvent) {
        this.regEvent = regEvent;
        this.hss = hss;
        this.bindings = bindings;
        this.registrations = registrations;
        this.lockout = lockout;
        this.database = database;
        this.properties = properties;
        this.clock = clock;
        this.sarOutbox = sarOutbox;
        this.checks = new RegisterChecks(properties.registrar());
        this.replies = new RegisterReplies(properties.serverHost(), clock);
        this.challenger = new Challenger(hss, nonces, contexts, clock, properties.serverName(),
                properties.digest().acceptAlgorithms(), properties.digest().authTimeout());
        this.authenticator = new Authenticator(nonces, contexts, challenger, replies);
    }

    public Mono<RegisterReply> register(RegisterRequest request) {
        RegisterReply refusal = checks.refusal(request);
        if (refusal != null) {
            return Mono.just(refusal);
        }
        AuthScheme scheme = RegisterChecks.scheme(request);
        String impi = RegisterChecks.impi(request);
        if (checks.isVouchedDeregistration(request)) {
            // profile D12 / 24.229 §5.4.1.4: de-registration over a bound TLS flow needs no challenge; tls-yes is
            // the word of the eP-CSCF only when its Path entry is there (EdgeTrust), else it is challenged
            return database.call(() -> bindings.current(request.impu()))
                    .flatMap(current -> current.stream().anyMatch(b -> b.impi().equals(impi))
                            ? deregister(request, impi)
                            : challenge(request, impi, scheme, false));
        }
        if (request.credentials() == null || !request.credentials().hasResponse()) {
            return challenge(request, impi, scheme, false);
        }
        return authenticator.authenticate(request, impi, scheme).flatMap(outcome -> {
            if (outcome instanceof Authenticator.Authenticated ok) {
                return authenticated(request, ok.context());
            }
            if (outcome instanceof Authenticator.WrongDigest wrong) {
                return failed(request, wrong);
            }
            if (outcome instanceof Authenticator.Answer answer) {
                return Mono.just(answer.reply());
            }
            return challenge(request, impi, scheme, false);
        });
    }

    // ---------------------------------------------------------------- challenge (steps 3–5)

    /** Statement 1 of 2: lockout state and bindings in one read, kept in the auth context; then MAR and 401. */
    private Mono<RegisterReply> challenge(RegisterRequest request, String impi, AuthScheme scheme, boolean stale) {
        return database.call(() -> registrations.atChallenge(impi, request.source(), request.impu()))
                .flatMap(state -> state.locked() ? Mono.just(replies.locked())
                        : challenger.challenge(request, impi, scheme, state.bindings())
                        .map(context -> replies.challenge(context, stale))
                        .onErrorResume(HssFailure.class, failure -> Mono.just(RegisterReplies.hssFailure(failure,
                                "MAR"))));
    }

    // ---------------------------------------------------------------- wrong password (profile §6 rows 16–17)

    /** What a wrong answer leads to. */
    private enum Failure { LOCKED, REGISTERED, NOT_REGISTERED }

    private Mono<RegisterReply> failed(RegisterRequest request, Authenticator.WrongDigest wrong) {
        // counted under the lockout rows' locks: of parallel wrong answers, the ones beyond the limit get the
        // locked answer (the same as a correct answer beyond it gets from RegistrationStore.register)
        return database.call(() -> {
            LockoutStore.Attempt attempt = lockout.countAttempt(wrong.impi(), request.source());
            if (attempt == LockoutStore.Attempt.LOCKED) {
                return Failure.LOCKED;
            }
            if (attempt == LockoutStore.Attempt.ALLOWED_AND_NOW_LOCKED) {
                log.info("Private identity locked for a source after repeated authentication attempts");
            }
            List<Binding> known = wrong.bindingsAtChallenge();
            boolean registered = known != null ? !known.isEmpty() : !bindings.current(request.impu()).isEmpty();
            return registered ? Failure.REGISTERED : Failure.NOT_REGISTERED;
        }).flatMap(failure -> switch (failure) {
            case LOCKED -> Mono.just(replies.locked());
            case REGISTERED -> Mono.just(RegisterReplies.authenticationFailed());
            // 29.228 §6.1.2 AUTHENTICATION_FAILURE through the outbox (issue 11 finding 4)
            case NOT_REGISTERED -> sarOutbox.send(request.impu(), wrong.impi(),
                    ServerAssignmentType.AUTHENTICATION_FAILURE).thenReturn(RegisterReplies.authenticationFailed());
        });
    }

    // ---------------------------------------------------------------- success (step 9)

    private Mono<RegisterReply> authenticated(RegisterRequest request, AuthContext context) {
        if (checks.isDeregistration(request)) {
            return deregister(request, context.impi())
                    .map(reply -> replies.withAuthenticationInfo(reply, request, context));
        }
        List<Binding> known = context.bindingsAtChallenge();
        Mono<List<Binding>> existing = known != null ? Mono.just(known)
                // a context rebuilt from a fresh vector: its bindings were not read
                : database.call(() -> bindings.current(request.impu()));
        return existing.flatMap(current -> assignAndSave(request, context, current));
    }

    private Mono<RegisterReply> assignAndSave(RegisterRequest request, AuthContext context, List<Binding> existing) {
        List<String> replaced = BindingLimit.toReplace(existing, request.contacts(),
                properties.registrar().maxBindings(), properties.registrar().tooManyBindings());
        if (replaced == null) {
            return Mono.just(RegisterReplies.tooManyRegistrations());
        }
        Instant now = clock.instant();
        java.util.Optional<Binding> covered = SarPolicy.coveringSar(existing, context.impi(), context.wwsfIdentity(),
                now, properties.registrar().reregistrationSarInterval());
        if (covered.isPresent()) {
            // profile D11: a refresh within the SAR interval; the HSS keeps the IMPU registered here. Written
            // only while a binding here still carries that SAR (else the HSS may have removed the registration
            // since the challenge, e.g. RTR): then SAR after all
            return save(request, context, existing, covered.get().associatedUris(), replaced, covered.get().sarAt(),
                    true)
                    .switchIfEmpty(Mono.defer(() -> assign(request, context, existing, replaced, clock.instant())));
        }
        return assign(request, context, existing, replaced, now);
    }

    private Mono<RegisterReply> assign(RegisterRequest request, AuthContext context, List<Binding> existing,
                                       List<String> replaced, Instant now) {
        ServerAssignmentType type = existing.isEmpty() ? ServerAssignmentType.REGISTRATION
                : ServerAssignmentType.RE_REGISTRATION;
        return hss.assign(request.impu(), new ServerAssignmentRequest(context.impi(), properties.serverName(),
                        type, false, context.wwsfIdentity()))
                .flatMap(answer -> {
                    if (!wwsfAllowed(context, answer)) {
                        // 33.203 X.3, profile §6 row 24: undo (through the outbox), then refuse
                        return sarOutbox.send(request.impu(), context.impi(),
                                        ServerAssignmentType.ADMINISTRATIVE_DEREGISTRATION)
                                .thenReturn(RegisterReplies.wwsfNotAllowed());
                    }
                    return save(request, context, existing, associatedUris(answer, request.impu()), replaced, now,
                            false);
                })
                .onErrorResume(HssFailure.class, failure -> Mono.just(RegisterReplies.hssFailure(failure, "SAR")));
    }

    /**
     * Statement 2 of 2: lockout check and reset, bindings, take-over, queued SARs, in one. Empty when the skipped
     * SAR is not covered any more (nothing written).
     */
    private Mono<RegisterReply> save(RegisterRequest request, AuthContext context, List<Binding> existing,
                                     List<String> associated, List<String> replaced, Instant sarAt,
                                     boolean sarSkipped) {
        return database.call(() -> {
            RegistrationStore.Registration done = registrations.register(request.impu(), context.impi(),
                    request.source(), newBindings(request, context, associated), replaced, sarAt, sarSkipped);
            if (done.locked()) {
                return replies.locked();
            }
            if (done.needsSar()) {
                return null;
            }
            List<Binding> now = done.tookOver() ? bindings.trimAfterTakeOver(request.impu()) : done.bindings();
            if (done.subscribed()) {
                // reg event (RFC 3680): registered / refreshed / shortened; NOTIFYs leave after this answer
                regEvent.registered(request.impu(), existing, now,
                        request.contacts().stream().map(ContactSpec::uri).toList());
            }
            return replies.withAuthenticationInfo(replies.registered(request, now, associated), request, context);
        });
    }

    private static boolean wwsfAllowed(AuthContext context, ServerAssignmentAnswer answer) {
        if (context.wwsfIdentity() == null) {
            return true;
        }
        return answer.allowedWafWwsfIdentities() != null
                && answer.allowedWafWwsfIdentities().webrtcWebServerFunctionNames().contains(context.wwsfIdentity());
    }

    static List<String> associatedUris(ServerAssignmentAnswer answer, String impu) {
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
        List<Binding> result = new ArrayList<>();
        for (ContactSpec contact : request.contacts()) {
            result.add(new Binding(request.impu(), context.impi(), contact.uri(), contact.params(),
                    contact.instanceId(), contact.regId(), request.path(), request.callId(), request.cseq(),
                    context.wwsfIdentity(), associated, now.plusSeconds(checks.grantedExpires(request, contact)),
                    properties.serverName()));
        }
        return result;
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
                    RegisterReply reply = replies.deregistered(removed);
                    if (!removed.isEmpty()) {
                        // reg event (profile §7.2): contact event="unregistered"; the last one ends the subscriptions
                        regEvent.bindingsChanged(request.impu(), RegEventNotifier.Cause.UNREGISTERED, removed);
                    }
                    if (change.sar() == null) {
                        return Mono.just(reply);
                    }
                    // a failed SAR stays in the outbox and is retried; the user's answer does not depend on it
                    return sarOutbox.deliver(change.sar()).thenReturn(reply);
                });
    }
}
