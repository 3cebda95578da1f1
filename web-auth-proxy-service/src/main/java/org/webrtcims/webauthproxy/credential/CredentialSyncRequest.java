package org.webrtcims.webauthproxy.credential;

import java.util.List;

import org.webrtcims.av.DigestVector;

/** Body of {@code PUT /sync/v1/credentials} and one item of a batch (profile §5.4). */
public record CredentialSyncRequest(String wwsfIdentity, String webIdentity, String realm, String qop,
                                    List<DigestVector> vectors, Long credentialVersion) {
}
