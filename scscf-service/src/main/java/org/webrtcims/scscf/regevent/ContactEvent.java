package org.webrtcims.scscf.regevent;

import java.util.Locale;

/** The {@code event} attribute of a reginfo {@code <contact>} (RFC 3680 §5.1): what brought it into its state. */
public enum ContactEvent {
    REGISTERED, CREATED, REFRESHED, SHORTENED, EXPIRED, DEACTIVATED, PROBATION, UNREGISTERED, REJECTED;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
