package org.webrtcims.scscf.registrar;

import java.util.List;

import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.digest.AuthScheme;
import org.webrtcims.scscf.digest.DigestVerifier;
import org.webrtcims.scscf.digest.NonceService;
import org.webrtcims.scscf.digest.Verification;

import reactor.core.publisher.Mono;

/**
 * Judges a digest answer (profile §3 steps 7–8, D7, D8, §6 rows 16–21): the nonce's MAC first (no lookup for a
 * forged one), then the single-use auth context, then the response. No database: the lockout is the caller's
 * (a wrong answer is counted, a correct one is registered together with the lockout check in one statement).
 * Non-blocking; an HSS call happens only when the context is gone (a fresh vector tells right from wrong).
 */
public final class Authenticator {

    /** What the answer turned out to be. */
    public sealed interface Outcome permits Authenticated, Answer, WrongDigest, ChallengeAgain {
    }

    /** Correct digest for a fresh nonce: register (step 9). */
    public record Authenticated(AuthContext context) implements Outcome {
    }

    /** Answer with this (401 stale or a new challenge, 400, or the reply to an HSS failure). */
    public record Answer(RegisterReply reply) implements Outcome {
    }

    /**
     * Wrong password (profile §6 row 16): count it toward the lockout, then 403.
     *
     * @param bindingsAtChallenge the IMPU's bindings here as read at challenge time, or null when unknown
     */
    public record WrongDigest(String impi, List<Binding> bindingsAtChallenge) implements Outcome {
    }

    /** Nonce not ours, altered, or for another Call-ID (profile §6 row 19): a new challenge, as for a first REGISTER. */
    public record ChallengeAgain() implements Outcome {
    }

    private final NonceService nonces;
    private final AuthContextStore contexts;
    private final Challenger challenger;
    private final RegisterReplies replies;

    public Authenticator(NonceService nonces, AuthContextStore contexts, Challenger challenger,
                         RegisterReplies replies) {
        this.nonces = nonces;
        this.contexts = contexts;
        this.challenger = challenger;
        this.replies = replies;
    }

    /** @param request a REGISTER with a digest response */
    public Mono<Outcome> authenticate(RegisterRequest request, String impi, AuthScheme scheme) {
        DigestCredentials credentials = request.credentials();
        NonceService.Check nonce = nonces.check(credentials.nonce(),
                credentials.realm() == null ? "" : credentials.realm(), impi, request.impu(), request.callId());
        if (nonce == NonceService.Check.FORGED) {
            return Mono.just(new ChallengeAgain());
        }
        return contexts.consume(credentials.opaque())
                .map(lookup -> Mono.just(judge(request, lookup.context(),
                        lookup.firstUse() && nonce == NonceService.Check.VALID)))
                .orElseGet(() -> againstFreshVector(request, impi, scheme));
    }

    private Outcome judge(RegisterRequest request, AuthContext context, boolean firstUse) {
        Verification verification = DigestVerifier.verify(request.credentials(), context, firstUse, 0, "REGISTER",
                request.body());
        return switch (verification) {
            case OK -> new Authenticated(context);
            // RFC 2617 §3.2.1, profile §6 rows 18, 20
            case STALE -> new Answer(replies.challenge(challenger.rechallenge(request, context), true));
            case FORGED -> new Answer(replies.challenge(challenger.rechallengeInPlace(request, context), false));
            case WRONG -> new WrongDigest(context.impi(), context.bindingsAtChallenge());
            case BAD_CREDENTIALS -> new Answer(RegisterReplies.credentialsMismatch());
        };
    }

    /**
     * The nonce is ours but its context is gone (expired, or another S-CSCF instance issued it): fetch the
     * vector again to tell a correct digest (401 stale=TRUE, RFC 2617 §3.2.1) from a wrong one (403).
     */
    private Mono<Outcome> againstFreshVector(RegisterRequest request, String impi, AuthScheme scheme) {
        DigestCredentials credentials = request.credentials();
        return challenger.challenge(request, impi, scheme, null)
                .<Outcome>map(fresh -> {
                    AuthContext asIssued = new AuthContext(credentials.opaque(), credentials.nonce(), fresh.impi(),
                            fresh.impu(), fresh.wwsfIdentity(), fresh.realm(), fresh.qop(), fresh.offered(),
                            fresh.ha1ByAlgorithm(), fresh.callId(), fresh.created(), fresh.expires());
                    Verification verification = DigestVerifier.verify(credentials, asIssued, false, 0, "REGISTER",
                            request.body());
                    return switch (verification) {
                        case WRONG -> new WrongDigest(impi, null);
                        case BAD_CREDENTIALS -> new Answer(RegisterReplies.credentialsMismatch());
                        default -> new Answer(replies.challenge(fresh, verification == Verification.STALE));
                    };
                })
                .onErrorResume(HssFailure.class, failure -> Mono.just(new Answer(RegisterReplies.hssFailure(failure,
                        "MAR"))));
    }
}
