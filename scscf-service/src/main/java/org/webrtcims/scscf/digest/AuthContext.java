package org.webrtcims.scscf.digest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.webrtcims.digest.DigestAlgorithm;

/**
 * What the S-CSCF remembers between its 401 and the WIC's answer (profile §4.5): the challenge, the H(A1) of
 * every offered algorithm, and for whom. Looked up by {@code opaque}; single use for REGISTER.
 *
 * @param offered algorithms challenged, most preferred first
 */
public record AuthContext(String opaque, String nonce, String impi, String impu, String wwsfIdentity, String realm,
                          String qop, List<DigestAlgorithm> offered, Map<DigestAlgorithm, String> ha1ByAlgorithm,
                          String callId, Instant created, Instant expires) {

    public AuthContext {
        offered = List.copyOf(offered);
        ha1ByAlgorithm = Map.copyOf(ha1ByAlgorithm);
    }

    @Override
    public String toString() {
        return "AuthContext[" + opaque + ", impi=" + impi + ", impu=" + impu + ", realm=" + realm + ", offered="
                + offered + ", ha1=<redacted>]";
    }
}
