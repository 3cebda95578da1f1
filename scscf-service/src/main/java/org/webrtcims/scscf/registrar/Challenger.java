package org.webrtcims.scscf.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.SipDigestAuthenticate;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.digest.AuthScheme;
import org.webrtcims.scscf.digest.NonceService;

import reactor.core.publisher.Mono;

/**
 * Challenges (profile §3 steps 3–5, §4.5): asks the HSS for the digest vector (MAR), makes the nonce (D7) and
 * stores the auth context with the H(A1) of every offered algorithm. Non-blocking; no database. An HSS failure
 * is passed on as {@link org.webrtcims.cx.client.HssFailure}.
 */
public final class Challenger {

    private final HssCx hss;
    private final NonceService nonces;
    private final AuthContextStore contexts;
    private final Clock clock;
    private final String serverName;
    private final List<String> acceptAlgorithms;
    private final Duration authTimeout;

    public Challenger(HssCx hss, NonceService nonces, AuthContextStore contexts, Clock clock, String serverName,
                      List<String> acceptAlgorithms, Duration authTimeout) {
        this.hss = hss;
        this.nonces = nonces;
        this.contexts = contexts;
        this.clock = clock;
        this.serverName = serverName;
        this.acceptAlgorithms = List.copyOf(acceptAlgorithms);
        this.authTimeout = authTimeout;
    }

    /**
     * MAR, then a new stored context.
     *
     * @param bindings this S-CSCF's bindings of the IMPU as just read (kept in the context for the answer), or
     *                 null when not read
     */
    public Mono<AuthContext> challenge(RegisterRequest request, String impi, AuthScheme scheme,
                                       List<Binding> bindings) {
        String wwsf = request.credentials() == null ? null : request.credentials().wwsfIdentity();
        return hss.authData(impi, new MultimediaAuthRequest(request.impu(), wwsf, serverName,
                        scheme == AuthScheme.SIP_DIGEST ? MultimediaAuthRequest.SIP_DIGEST : MultimediaAuthRequest.UNKNOWN,
                        1, acceptAlgorithms))
                .map(answer -> fromVector(request, impi, wwsf, answer, bindings));
    }

    /** A new challenge from an existing context's vectors (stale nonce): no MAR needed. */
    public AuthContext rechallenge(RegisterRequest request, AuthContext old) {
        AuthContext context = next(request, old);
        contexts.put(context);
        return context;
    }

    /**
     * A forged answer (another nonce than the context's) gets a new challenge that <em>replaces</em> the context
     * it named: repeating it cannot make the number of contexts (and H(A1) copies) grow.
     */
    public AuthContext rechallengeInPlace(RegisterRequest request, AuthContext old) {
        AuthContext context = next(request, old);
        contexts.replace(old.opaque(), context);
        return context;
    }

    private AuthContext next(RegisterRequest request, AuthContext old) {
        Instant now = clock.instant();
        return new AuthContext(contexts.newOpaque(), nonces.create(old.realm(), old.impi(), request.impu(),
                request.callId()), old.impi(), request.impu(), old.wwsfIdentity(), old.realm(), old.qop(),
                old.offered(), old.ha1ByAlgorithm(), request.callId(), now, now.plus(authTimeout),
                old.bindingsAtChallenge());
    }

    private AuthContext fromVector(RegisterRequest request, String impi, String wwsf, MultimediaAuthAnswer answer,
                                   List<Binding> bindings) {
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
        Instant now = clock.instant();
        AuthContext context = new AuthContext(contexts.newOpaque(), nonces.create(vector.digestRealm(), impi,
                request.impu(), request.callId()), impi, request.impu(), wwsf, vector.digestRealm(), qop, offered,
                ha1s, request.callId(), now, now.plus(authTimeout), bindings);
        contexts.put(context);
        return context;
    }
}
