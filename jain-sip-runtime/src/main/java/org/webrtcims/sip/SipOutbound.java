package org.webrtcims.sip;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where a SIP node sends from when the work did not start on a jain-sip thread: an HSS answer arrives on a Netty event
 * loop, and a jain-sip send may block (TCP connect, a full socket buffer), which an event loop must not. Bounded: 16
 * threads and 10,000 queued sends per node; idle threads end after 60 s. Dispose it when the node stops.
 */
public final class SipOutbound {

    private SipOutbound() {
    }

    public static Scheduler newScheduler() {
        return Schedulers.newBoundedElastic(16, 10_000, "sip-out", 60, true);
    }
}
