package org.webrtcims.scscf.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.scscf.routing.RequestClassifier.Case.ONWARD;
import static org.webrtcims.scscf.routing.RequestClassifier.Case.ORIGINATING;
import static org.webrtcims.scscf.routing.RequestClassifier.Case.SUBSEQUENT;
import static org.webrtcims.scscf.routing.RequestClassifier.Case.TERMINATING;

import org.junit.jupiter.api.Test;

class RequestClassifierTest {

    @Test
    void ownRouteWithOrigUserIsOriginating() {
        assertThat(RequestClassifier.classify("MESSAGE", false, true, true, "orig")).isEqualTo(ORIGINATING);
        assertThat(RequestClassifier.classify("INVITE", false, true, true, "ORIG")).isEqualTo(ORIGINATING);
    }

    @Test
    void plainOwnRouteOrNoRouteIsTerminating() {
        assertThat(RequestClassifier.classify("INVITE", false, true, true, null)).isEqualTo(TERMINATING);
        assertThat(RequestClassifier.classify("MESSAGE", false, false, false, null)).isEqualTo(TERMINATING);
    }

    @Test
    void toTagOrAckIsSubsequentWhateverTheRoute() {
        assertThat(RequestClassifier.classify("BYE", true, true, true, "orig")).isEqualTo(SUBSEQUENT);
        assertThat(RequestClassifier.classify("ACK", false, false, false, null)).isEqualTo(SUBSEQUENT);
    }

    @Test
    void foreignTopRouteIsForwardedOnward() {
        assertThat(RequestClassifier.classify("OPTIONS", false, true, false, null)).isEqualTo(ONWARD);
    }

    @Test
    void onlyDialogCreatingMethodsAreRecordRouted() {
        assertThat(RequestClassifier.dialogCreating("INVITE")).isTrue();
        assertThat(RequestClassifier.dialogCreating("SUBSCRIBE")).isTrue();
        assertThat(RequestClassifier.dialogCreating("REFER")).isTrue();
        assertThat(RequestClassifier.dialogCreating("MESSAGE")).isFalse();
    }
}
