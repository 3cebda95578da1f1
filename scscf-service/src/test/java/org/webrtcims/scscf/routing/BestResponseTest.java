package org.webrtcims.scscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.webrtcims.scscf.routing.BestResponse.Action;

class BestResponseTest {

    @Test
    void firstTwoHundredGoesAtOnceAndCancelsTheOthers() {
        BestResponse best = new BestResponse(3, true);
        assertThat(best.onFinal(1, 486).action()).isEqualTo(Action.HOLD);
        BestResponse.Decision ok = best.onFinal(0, 200);
        assertThat(ok.action()).isEqualTo(Action.RELAY);
        assertThat(ok.cancelOthers()).isTrue();
        // a further 2xx to INVITE is a separate dialog: relayed too; the cancelled branch's 487 is not
        assertThat(best.onFinal(2, 487).action()).isEqualTo(Action.DROP);
    }

    @Test
    void anotherTwoHundredToInviteIsRelayedStatelessly() {
        BestResponse best = new BestResponse(2, true);
        best.onFinal(0, 200);
        BestResponse.Decision second = best.onFinal(1, 200);
        assertThat(second.action()).isEqualTo(Action.RELAY_STRAY);
        assertThat(second.finished()).isTrue();
    }

    @Test
    void anotherTwoHundredToMessageIsDropped() {
        BestResponse best = new BestResponse(2, false);
        best.onFinal(0, 202);
        assertThat(best.onFinal(1, 200).action()).isEqualTo(Action.DROP);
    }

    @Test
    void sixHundredEndsItAndCancelsTheOthers() {
        BestResponse best = new BestResponse(2, true);
        BestResponse.Decision decline = best.onFinal(1, 603);
        assertThat(decline.action()).isEqualTo(Action.RELAY);
        assertThat(decline.cancelOthers()).isTrue();
    }

    @Test
    void lowestClassWinsWhenAllAreDoneFourBeforeFive() {
        BestResponse best = new BestResponse(3, false);
        best.onFinal(0, 503);
        best.onFinal(1, 486);
        BestResponse.Decision decision = best.onFinal(2, 404);
        assertThat(decision.action()).isEqualTo(Action.RELAY_BEST);
        assertThat(decision.branch()).isEqualTo(1); // the first 4xx received
    }

    @Test
    void flowFailedIsNeverChosenAndAllFailedMeans480() {
        BestResponse best = new BestResponse(2, false);
        best.onFinal(0, 430);
        assertThat(best.onFinal(1, 500).branch()).isEqualTo(1);

        BestResponse allFailed = new BestResponse(2, true);
        allFailed.onFinal(0, 430);
        BestResponse.Decision decision = allFailed.onFinal(1, 430);
        assertThat(decision.action()).isEqualTo(Action.RELAY_BEST);
        assertThat(decision.branch()).isEqualTo(BestResponse.NO_BRANCH);
    }

    @Test
    void aBranchEndsOnceAndServiceUnavailableGoesUpAs500() {
        BestResponse best = new BestResponse(2, true);
        best.onFinal(0, 408);
        assertThat(best.onFinal(0, 487).action()).isEqualTo(Action.DROP);
        assertThat(best.done(0)).isTrue();
        assertThat(best.done(1)).isFalse();
        assertThat(BestResponse.upstreamStatus(503)).isEqualTo(500);
        assertThat(BestResponse.upstreamStatus(486)).isEqualTo(486);
    }
}
