package org.webrtcims.icscf.routing;

import java.util.List;
import java.util.Optional;

import org.webrtcims.cx.CxResult;
import org.webrtcims.cx.UserAuthorizationAnswer;

/**
 * Which S-CSCFs to try, in order, from a UAA (TS 24.229 §5.3.1.3, TS 29.228 §6.7): the assigned one when the
 * HSS names it, otherwise the capable ones the HSS lists. Plain code.
 */
public final class ScscfSelection {

    private ScscfSelection() {
    }

    public static List<String> candidates(UserAuthorizationAnswer answer) {
        if (answer.serverName() != null && !answer.serverName().isBlank()) {
            return List.of(answer.serverName());
        }
        if (answer.result() == CxResult.DIAMETER_FIRST_REGISTRATION && answer.serverCapabilities() != null) {
            return Optional.ofNullable(answer.serverCapabilities().serverNames()).orElse(List.of());
        }
        return List.of();
    }
}
