package org.webrtcims.webauthproxy.credential;

/** The identity of a stored credential: (WWSF identity, Web identity), profile D5. */
public record CredentialKey(String wwsfIdentity, String webIdentity) {
}
