package org.webrtcims.webauthproxy.credential;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.webrtcims.digest.DigestAlgorithm;

/** A stored credential as read for the fetch and status APIs; its vectors still sealed. */
public record StoredCredential(CredentialKey key, String realm, String qop, long credentialVersion,
                               SealedVectors sealedVectors, OffsetDateTime syncedAt, OffsetDateTime revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public List<String> algorithms() {
        List<String> present = new ArrayList<>();
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            if (sealedVectors.column(algorithm) != null) {
                present.add(algorithm.token());
            }
        }
        return present;
    }
}
