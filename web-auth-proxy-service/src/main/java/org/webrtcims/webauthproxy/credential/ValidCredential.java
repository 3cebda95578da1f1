package org.webrtcims.webauthproxy.credential;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.webrtcims.digest.DigestAlgorithm;

/** A credential that passed validation: identities, realm, qop, version and one H(A1) per algorithm. */
public record ValidCredential(CredentialKey key, String realm, String qop, long credentialVersion,
                              Map<DigestAlgorithm, String> ha1ByAlgorithm) {

    public ValidCredential {
        ha1ByAlgorithm = java.util.Collections.unmodifiableMap(new EnumMap<>(ha1ByAlgorithm));
    }

    public String algorithmList() {
        return ha1ByAlgorithm.keySet().stream().map(DigestAlgorithm::token).collect(Collectors.joining(","));
    }

    /** Never prints an H(A1). */
    @Override
    public String toString() {
        return "ValidCredential[" + key + ", realm=" + realm + ", version=" + credentialVersion + ", algorithms="
                + algorithmList() + "]";
    }
}
