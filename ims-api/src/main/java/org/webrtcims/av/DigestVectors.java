package org.webrtcims.av;

import java.time.Instant;
import java.util.List;

/** Answer of the fetch (profile §5.3): realm, qop and one vector per requested, stored algorithm. */
public record DigestVectors(String webIdentity, String wwsfIdentity, String realm, String qop,
                            List<DigestVector> vectors, long credentialVersion, Instant syncedAt) {
}
