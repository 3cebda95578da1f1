package org.webrtcims.webauthproxy.credential;

/** Body of {@code POST /sync/v1/credentials:revoke}. */
public record RevokeRequest(String wwsfIdentity, String webIdentity) {
}
