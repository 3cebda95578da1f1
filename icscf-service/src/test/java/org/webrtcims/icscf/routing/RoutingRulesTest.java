package org.webrtcims.icscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.CxResult;
import org.webrtcims.cx.ServerCapabilities;
import org.webrtcims.cx.UserAuthorizationAnswer;

class RoutingRulesTest {

    /** TS 24.229 §5.3.1.3: the named S-CSCF, else the capable ones, else none (→ 600 Busy Everywhere). */
    @Test
    void candidatesAreTheAssignedServerOrTheCapableOnesOrNone() {
        assertThat(ScscfSelection.candidates(new UserAuthorizationAnswer(2002,
                CxResult.DIAMETER_SUBSEQUENT_REGISTRATION, "sip:s2", null))).containsExactly("sip:s2");
        assertThat(ScscfSelection.candidates(new UserAuthorizationAnswer(2001, CxResult.DIAMETER_FIRST_REGISTRATION,
                null, new ServerCapabilities(List.of(), List.of(), List.of("sip:s1", "sip:s2")))))
                .containsExactly("sip:s1", "sip:s2");
        assertThat(ScscfSelection.candidates(new UserAuthorizationAnswer(2001, CxResult.DIAMETER_FIRST_REGISTRATION,
                null, new ServerCapabilities(List.of(), List.of(), List.of())))).isEmpty();
    }
}
