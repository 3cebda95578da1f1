package org.webrtcims.epcscf.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-connection and per-address limits: a burst, then the sustained rate. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstIsAllowedThenTheRateRefills() {
        TokenBucket bucket = new TokenBucket(2, 4, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(bucket.tryTake(0)).isTrue();
        }
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tryTake(SECOND / 2)).isTrue();
        assertThat(bucket.tryTake(SECOND / 2)).isFalse();
        assertThat(bucket.isIdle(SECOND / 2)).isFalse();
        assertThat(bucket.isIdle(3 * SECOND)).isTrue();
    }
}
