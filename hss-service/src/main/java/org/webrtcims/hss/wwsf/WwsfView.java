package org.webrtcims.hss.wwsf;

import java.util.Set;

/** What the Cx decisions and the admin API need of a WWSF. */
public record WwsfView(String identity, String realm, AlgorithmPolicy algorithmPolicy, boolean enabled,
                       Set<String> origins) {
}
