package org.webrtcims.cx;

/** UAR body (profile §5.2). {@code wwsfIdentity} is our extension (D3). */
public record UserAuthorizationRequest(String impi, AuthorizationType authorizationType,
                                       String visitedNetworkIdentifier, String wwsfIdentity, Boolean emergency) {
}
