package org.webrtcims.scscf.digest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.scscf.registrar.Binding;

/**
 * What the S-CSCF remembers between its 401 and the WIC's answer (profile §4.5): the challenge, the H(A1) of
 * every offered algorithm, and for whom. Looked up by {@code opaque}; single use for REGISTER.
 *
 * @param offered             algorithms challenged, most preferred first
 * @param bindingsAtChallenge this S-CSCF's bindings of the IMPU as read with the lockout check when the challenge
 *                            was issued (issue 12: the answering REGISTER does not read them again), or null when
 *                            they were not read (a context rebuilt from a fresh vector)
 */
public record AuthContext(String opaque, String nonce, String impi, String impu, String wwsfIdentity, String realm,
                          String qop, List<DigestAlgorithm> offered, Map<DigestAlgorithm, String> ha1ByAlgorithm,
                          String callId, Instant created, Instant expires, List<Binding> bindingsAtChallenge) {

    public AuthContext {
        offered = List.copyOf(offered);
        ha1ByAlgorithm = Map.copyOf(ha1ByAlgorithm);
        bindingsAtChallenge = bindingsAtChallenge == null ? null : List.copyOf(bindingsAtChallenge);
    }

    /** A context whose bindings were not read. */
    public AuthContext(String opaque, String nonce, String impi, String impu, String wwsfIdentity, String realm,
                       String qop, List<DigestAlgorithm> offered, Map<DigestAlgorithm, String> ha1ByAlgorithm,
                       String callId, Instant created, Instant expires) {
        this(opaque, nonce, impi, impu, wwsfIdentity, realm, qop, offered, ha1ByAlgorithm, callId, created, expires,
                null);
    }

    @Override
    public String toString() {
        return "AuthContext[" + opaque + ", impi=" + impi + ", impu=" + impu + ", realm=" + realm + ", offered="
                + offered + ", ha1=<redacted>]";
    }
}
