package org.webrtcims.sip;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where a SIP node sends from. A jain-sip send over an established TCP connection is a socket write, but it may
 * block: a new connection is a TCP connect, a full socket buffer waits for the peer. The project's rule is "no
 * blocking call on a SIP stack or Netty event-loop thread"; a jain-sip thread reads one connection (or runs the
 * stack's timers), so sending from a jain-sip message thread is accepted, sending from a Netty event loop (an HSS
 * answer, a WebSocket frame) or Reactor's parallel scheduler is not. {@link #send} therefore hops to the bounded
 * {@code sip-out} scheduler only from such a non-blocking thread and sends in place everywhere else: the
 * registration hot path pays a thread hop only where the work arrives on an event loop.
 *
 * <p>The scheduler is bounded: 16 threads and 10,000 queued sends per node; idle threads end after 60 s. Dispose
 * it when the node stops.
 */
public final class SipOutbound {

    private SipOutbound() {
    }

    public static Scheduler newScheduler() {
        return Schedulers.newBoundedElastic(16, 10_000, "sip-out", 60, true);
    }

    /**
     * Runs {@code send} in place when this thread may block (a jain-sip thread, {@code sip-out} itself, a test),
     * else schedules it on {@code outbound}.
     */
    public static void send(Scheduler outbound, Runnable send) {
        if (onEventLoop()) {
            outbound.schedule(send);
        } else {
            send.run();
        }
    }

    /**
     * True on threads that must not block: Reactor's non-blocking ones (Reactor Netty event loops, the parallel
     * scheduler) and any Netty {@code FastThreadLocalThread} (Netty's own event loops).
     */
    public static boolean onEventLoop() {
        if (Schedulers.isInNonBlockingThread()) {
            return true;
        }
        for (Class<?> type = Thread.currentThread().getClass(); type != null; type = type.getSuperclass()) {
            if ("io.netty.util.concurrent.FastThreadLocalThread".equals(type.getName())) {
                return true;
            }
        }
        return false;
    }
}
