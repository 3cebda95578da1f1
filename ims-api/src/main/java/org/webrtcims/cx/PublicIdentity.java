package org.webrtcims.cx;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One IMPU of a service profile, with its barring indication and whether it is the default one. */
public record PublicIdentity(String identity, boolean barringIndication,
                             @JsonProperty("default") boolean defaultIdentity) {
}
