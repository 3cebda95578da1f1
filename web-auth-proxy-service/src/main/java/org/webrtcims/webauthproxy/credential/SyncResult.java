package org.webrtcims.webauthproxy.credential;

import java.time.Instant;
import java.util.List;

/** Answer of a successful {@code PUT /sync/v1/credentials}: what happened and what is stored now. */
public record SyncResult(String wwsfIdentity, String webIdentity, String result, long credentialVersion,
                         List<String> algorithms, Instant syncedAt) {
}
