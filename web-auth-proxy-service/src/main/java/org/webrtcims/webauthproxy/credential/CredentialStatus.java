package org.webrtcims.webauthproxy.credential;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Answer of {@code GET /sync/v1/credentials:status}: metadata only, never an H(A1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CredentialStatus(String wwsfIdentity, String webIdentity, boolean exists, Boolean revoked,
                               List<String> algorithms, Long credentialVersion, Instant syncedAt,
                               Instant revokedAt) {
}
