package org.webrtcims.icscf.routing;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.webrtcims.cx.CxResult;
import org.webrtcims.cx.UserAuthorizationAnswer;

/**
 * Which S-CSCFs to try, in order, from a UAA (TS 24.229 §5.3.1.3, TS 29.228 §6.7): the assigned one when the
 * HSS names it, otherwise the capable ones the HSS lists. When the assigned one does not answer, the I-CSCF asks
 * the HSS again with REGISTRATION_AND_CAPABILITIES (TS 29.228 §6.1.1) and tries the capable ones it has not
 * tried yet (issue 11 finding 4). Plain code.
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

    /**
     * Whether to ask the HSS for reselection once every candidate of {@code first} failed without an answer
     * (Timer F or a transport error): only when the HSS had named an assigned S-CSCF (a FIRST_REGISTRATION list
     * has been tried whole already), only once per REGISTER, and not for a de-registration (the HSS's
     * assignment is what the user wants removed; a new S-CSCF would have nothing to remove).
     */
    public static boolean reselectAfterNoAnswer(UserAuthorizationAnswer first, boolean alreadyReselected,
                                                boolean deregistration) {
        return !alreadyReselected && !deregistration && first.serverName() != null
                && !first.serverName().isBlank();
    }

    /**
     * The capable S-CSCFs of a REGISTRATION_AND_CAPABILITIES answer minus those already tried, in the HSS's
     * order; empty means every S-CSCF has been tried and none answered (408, RFC 3261 §16.7).
     */
    public static List<String> reselection(UserAuthorizationAnswer capabilities, Collection<String> tried) {
        List<String> capable = capabilities.serverCapabilities() == null ? List.of()
                : Optional.ofNullable(capabilities.serverCapabilities().serverNames()).orElse(List.of());
        return capable.stream().filter(name -> tried.stream().noneMatch(t -> sameServer(t, name))).distinct()
                .toList();
    }

    private static boolean sameServer(String a, String b) {
        return a.trim().equalsIgnoreCase(b.trim());
    }
}
