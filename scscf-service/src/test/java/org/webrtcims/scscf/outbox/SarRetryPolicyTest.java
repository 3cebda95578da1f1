package org.webrtcims.scscf.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.client.HssFailure;

class SarRetryPolicyTest {

    private final SarRetryPolicy policy = new SarRetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheMaximum() {
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(policy.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAnswerOfTheHssEndsTheEntryEvenANegativeOne() {
        assertThat(SarRetryPolicy.outcomeOf(null)).isEqualTo(SarRetryPolicy.Outcome.DELIVERED);
        assertThat(SarRetryPolicy.outcomeOf(new HssFailure(HssFailure.Kind.NEGATIVE, CxCause.USER_UNKNOWN, 404,
                "unknown"))).isEqualTo(SarRetryPolicy.Outcome.REFUSED);
    }

    @Test
    void noAnswerUnreachableOrServerErrorIsRetried() {
        assertThat(SarRetryPolicy.outcomeOf(new HssFailure(HssFailure.Kind.TIMEOUT, null, 0, "slow")))
                .isEqualTo(SarRetryPolicy.Outcome.RETRY);
        assertThat(SarRetryPolicy.outcomeOf(new HssFailure(HssFailure.Kind.ERROR, null, 503, "down")))
                .isEqualTo(SarRetryPolicy.Outcome.RETRY);
        assertThat(SarRetryPolicy.outcomeOf(new IllegalStateException(new TimeoutException())))
                .isEqualTo(SarRetryPolicy.Outcome.RETRY);
    }

    @Test
    void nonsensicalDelaysAreRefused() {
        assertThatThrownBy(() -> new SarRetryPolicy(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SarRetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
