package org.webrtcims.webauthproxy.hss;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void waitDoublesAfterEachFailedAttemptUpToTheMaximum() {
        Duration max = Duration.ofMinutes(5);
        assertThat(RetryBackoff.after(1, max)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryBackoff.after(2, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryBackoff.after(4, max)).isEqualTo(Duration.ofSeconds(8));
        assertThat(RetryBackoff.after(9, max)).isEqualTo(Duration.ofSeconds(256));
        assertThat(RetryBackoff.after(10, max)).isEqualTo(max);
        assertThat(RetryBackoff.after(Integer.MAX_VALUE, max)).isEqualTo(max);
    }
}
