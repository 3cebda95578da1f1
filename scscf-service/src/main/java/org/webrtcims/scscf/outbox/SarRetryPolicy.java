package org.webrtcims.scscf.outbox;

import java.time.Duration;

import org.webrtcims.cx.client.HssFailure;

/**
 * When an outbox SAR is done and when it is tried again (issue 11 finding 4). Plain code.
 *
 * <p>An answer of the HSS ends the entry: a success, and also a negative Cx answer (TS 29.228 §6.1.2: USER_UNKNOWN,
 * ERROR_IN_ASSIGNMENT_TYPE … will not change by asking again). The HSS not answering in time, being
 * unreachable or failing (5xx, or an error without a Cx cause) leaves the entry for another attempt, after
 * {@code initial · 2^(attempts−1)}, at most {@code max}.
 *
 * @param initial delay after the first failed attempt
 * @param max     longest delay between attempts
 */
public record SarRetryPolicy(Duration initial, Duration max) {

    public enum Outcome {
        /** The HSS took the SAR. */
        DELIVERED,
        /** The HSS refused it with a Cx cause: asking again changes nothing. */
        REFUSED,
        /** No answer, unreachable or failed: try again later. */
        RETRY
    }

    public SarRetryPolicy {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** @param error null for a successful answer */
    public static Outcome outcomeOf(Throwable error) {
        if (error == null) {
            return Outcome.DELIVERED;
        }
        if (error instanceof HssFailure failure && failure.kind() == HssFailure.Kind.NEGATIVE) {
            return Outcome.REFUSED;
        }
        return Outcome.RETRY;
    }

    /** The wait before the next attempt, after {@code failedAttempts} (≥ 1) failed ones. */
    public Duration delayAfter(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
