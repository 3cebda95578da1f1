package org.webrtcims.cx;

/** User-Authorization-Type of UAR (TS 29.229 §6.3.24). */
public enum AuthorizationType {
    REGISTRATION,
    DE_REGISTRATION,
    REGISTRATION_AND_CAPABILITIES
}
