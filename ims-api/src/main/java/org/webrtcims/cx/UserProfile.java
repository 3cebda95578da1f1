package org.webrtcims.cx;

import java.util.List;

/** The IMS subscription user data of SAA (TS 29.228 Annex E, as JSON). */
public record UserProfile(String privateUserIdentity, List<ServiceProfile> serviceProfiles) {
}
