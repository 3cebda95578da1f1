package org.webrtcims.cx;

import java.util.List;

/** A service profile: its public identities and initial filter criteria (none yet). */
public record ServiceProfile(List<PublicIdentity> publicIdentities, List<Object> initialFilterCriteria) {
}
