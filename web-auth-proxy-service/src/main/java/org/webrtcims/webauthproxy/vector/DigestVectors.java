package org.webrtcims.webauthproxy.vector;

import java.time.Instant;
import java.util.List;

import org.webrtcims.webauthproxy.credential.VectorJson;

/** Answer of the fetch (profile §5.3): realm, qop and one vector per requested, stored algorithm. */
public record DigestVectors(String webIdentity, String wwsfIdentity, String realm, String qop,
                            List<VectorJson> vectors, long credentialVersion, Instant syncedAt) {
}
