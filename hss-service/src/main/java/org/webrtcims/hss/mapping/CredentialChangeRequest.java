package org.webrtcims.hss.mapping;

/** The web-auth proxy's notice of a changed credential (profile §5.4); {@code change} is UPDATED or REVOKED. */
public record CredentialChangeRequest(String wwsfIdentity, String webIdentity, String change) {
}
