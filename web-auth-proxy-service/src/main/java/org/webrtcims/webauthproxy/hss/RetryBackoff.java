package org.webrtcims.webauthproxy.hss;

import java.time.Duration;

/** Exponential back-off of an outbox entry: 1 s, 2 s, 4 s, … after each failed attempt, at most {@code max}. */
public final class RetryBackoff {

    private RetryBackoff() {
    }

    /** @param failedAttempts attempts made so far, the one that just failed included (≥ 1) */
    public static Duration after(int failedAttempts, Duration max) {
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
        Duration wait = Duration.ofSeconds(1L << exponent);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
