package org.webrtcims.scscf.routing;

import java.util.Arrays;

/**
 * The response context of a forked request (RFC 3261 §16.7), as plain code: which final response of which branch
 * goes upstream, and when the other branches are cancelled. One instance per forwarded request; thread-safe.
 * <ul>
 *   <li>the first 2xx goes upstream at once and the other branches are cancelled (step 10); later 2xx to INVITE
 *       are relayed too (step 5, they are separate dialogs), anything else after a final response is dropped;</li>
 *   <li>a 6xx goes upstream at once and the other branches are cancelled (RFC 3261 §16.7 step 5, §16.10: "6xx
 *       ends it");</li>
 *   <li>otherwise, when every branch has its final response, the best one goes upstream (step 6): the lowest
 *       class (3xx before 4xx before 5xx), the first received within a class; a {@code 430 Flow Failed}
 *       (RFC 5626 §7) counts as a failed branch and is never chosen: when every branch failed so, the answer is
 *       {@code 480 Temporarily Unavailable} ({@link #NO_BRANCH}); a chosen 503 is sent as 500 (step 6).</li>
 * </ul>
 */
public final class BestResponse {

    /** {@link Decision#branch()} when no branch's response is chosen: answer 480 locally. */
    public static final int NO_BRANCH = -1;

    /** What to do with a final response just received. */
    public enum Action {
        /** Relay this branch's response upstream now (the first 2xx or a 6xx, through the server transaction). */
        RELAY,
        /** Relay this branch's response upstream statelessly (a further 2xx to INVITE after a final one went). */
        RELAY_STRAY,
        /** Every branch is done: send the chosen branch's response ({@link Decision#branch()}, or 480). */
        RELAY_BEST,
        /** Keep it: other branches are still pending. */
        HOLD,
        /** Not relayed: a final response already went upstream, or the branch had already ended. */
        DROP
    }

    /**
     * @param action        what to do
     * @param branch        for {@link Action#RELAY_BEST}: the chosen branch, or {@link #NO_BRANCH}; else the
     *                      branch the response came from
     * @param cancelOthers  cancel the branches still pending
     * @param finished      every branch is done
     */
    public record Decision(Action action, int branch, boolean cancelOthers, boolean finished) {
    }

    private final boolean invite;
    private final int[] statuses;
    private final int[] arrival;
    private int received;
    private boolean finalSent;

    /** @param invite whether the request is an INVITE (several 2xx may go upstream) */
    public BestResponse(int branches, boolean invite) {
        if (branches < 1) {
            throw new IllegalArgumentException("at least one branch");
        }
        this.invite = invite;
        this.statuses = new int[branches];
        this.arrival = new int[branches];
        Arrays.fill(statuses, 0);
    }

    /** The final response (or a locally generated 408 for no response / Timer C) of one branch. */
    public synchronized Decision onFinal(int branch, int status) {
        if (statuses[branch] != 0) {
            return new Decision(Action.DROP, branch, false, allDone());
        }
        statuses[branch] = status;
        arrival[branch] = ++received;
        boolean finished = allDone();
        if (finalSent) {
            boolean another2xx = invite && status >= 200 && status < 300;
            return new Decision(another2xx ? Action.RELAY_STRAY : Action.DROP, branch, false, finished);
        }
        if ((status >= 200 && status < 300) || status >= 600) {
            finalSent = true;
            return new Decision(Action.RELAY, branch, !finished, finished);
        }
        if (!finished) {
            return new Decision(Action.HOLD, branch, false, false);
        }
        finalSent = true;
        return new Decision(Action.RELAY_BEST, best(), false, true);
    }

    /** Whether a final response has gone upstream. */
    public synchronized boolean finalSent() {
        return finalSent;
    }

    /** Whether this branch has its final response (received or generated). */
    public synchronized boolean done(int branch) {
        return statuses[branch] != 0;
    }

    /** The final status a branch ended with (0 while pending). */
    public synchronized int status(int branch) {
        return statuses[branch];
    }

    /** The status to send for a chosen one: 503 becomes 500 (RFC 3261 §16.7 step 6). */
    public static int upstreamStatus(int chosen) {
        return chosen == 503 ? 500 : chosen;
    }

    private int best() {
        int chosen = NO_BRANCH;
        for (int i = 0; i < statuses.length; i++) {
            int status = statuses[i];
            if (status == 430) {
                continue;
            }
            if (chosen == NO_BRANCH || status / 100 < statuses[chosen] / 100
                    || (status / 100 == statuses[chosen] / 100 && arrival[i] < arrival[chosen])) {
                chosen = i;
            }
        }
        return chosen;
    }

    private boolean allDone() {
        for (int status : statuses) {
            if (status == 0) {
                return false;
            }
        }
        return true;
    }
}
