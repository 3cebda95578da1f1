package org.webrtcims.icscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.CxResult;
import org.webrtcims.cx.ServerCapabilities;
import org.webrtcims.cx.UserAuthorizationAnswer;

/** Reselection when the assigned S-CSCF does not answer (issue 11 finding 4, TS 29.228 §6.1.1). */
class ScscfReselectionTest {

    private static final UserAuthorizationAnswer ASSIGNED = new UserAuthorizationAnswer(2002,
            CxResult.DIAMETER_SUBSEQUENT_REGISTRATION, "sip:s1", null);
    private static final UserAuthorizationAnswer FIRST = new UserAuthorizationAnswer(2001,
            CxResult.DIAMETER_FIRST_REGISTRATION, null,
            new ServerCapabilities(List.of(), List.of(), List.of("sip:s1", "sip:s2", "sip:s3")));

    @Test
    void aSilentAssignedScscfLeadsToOneReselectionForARegistration() {
        assertThat(ScscfSelection.reselectAfterNoAnswer(ASSIGNED, false, false)).isTrue();
        // only once per REGISTER
        assertThat(ScscfSelection.reselectAfterNoAnswer(ASSIGNED, true, false)).isFalse();
        // a de-registration has nothing to move to another S-CSCF
        assertThat(ScscfSelection.reselectAfterNoAnswer(ASSIGNED, false, true)).isFalse();
        // a FIRST_REGISTRATION list was tried whole already
        assertThat(ScscfSelection.reselectAfterNoAnswer(FIRST, false, false)).isFalse();
    }

    @Test
    void reselectionTriesTheCapableScscfsNotTriedYetInTheHssOrder() {
        assertThat(ScscfSelection.reselection(FIRST, List.of("sip:s1"))).containsExactly("sip:s2", "sip:s3");
        assertThat(ScscfSelection.reselection(FIRST, List.of("SIP:S2 "))).containsExactly("sip:s1", "sip:s3");
    }

    @Test
    void noCapableScscfLeftMeansNoneToTry() {
        assertThat(ScscfSelection.reselection(FIRST, List.of("sip:s1", "sip:s2", "sip:s3"))).isEmpty();
        assertThat(ScscfSelection.reselection(new UserAuthorizationAnswer(2001, CxResult.DIAMETER_FIRST_REGISTRATION,
                null, null), List.of("sip:s1"))).isEmpty();
    }
}
