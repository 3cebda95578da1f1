package org.webrtcims.epcscf.websocket;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A connection's outbound messages, at most {@code capacity} waiting to be written (issue 11: bounded everything).
 * A WIC that does not read — or an attacker that makes the edge answer faster than it reads — fills it; the message
 * that does not fit is handed to {@code onOverflow} (which releases it and closes the connection with 1008, RFC 6455
 * §7.4.1 policy violation) instead of growing the heap. Safe to call from any thread; never blocks.
 */
public final class BoundedOutbox<T> {

    private final Sinks.Many<T> sink = Sinks.many().unicast().onBackpressureBuffer();
    /** Messages offered and not yet taken by the writer. */
    private final AtomicInteger pending = new AtomicInteger();
    private final int capacity;
    private final Consumer<T> onOverflow;
    private boolean overflowed;

    public BoundedOutbox(int capacity, Consumer<T> onOverflow) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.onOverflow = onOverflow;
    }

    public Flux<T> messages() {
        return sink.asFlux().doOnNext(message -> pending.decrementAndGet());
    }

    /** Queues the message; false (and {@code onOverflow} called with it) when it does not fit or the outbox ended. */
    public synchronized boolean offer(T message) {
        if (overflowed || pending.get() >= capacity) {
            overflowed = true;
            onOverflow.accept(message);
            return false;
        }
        pending.incrementAndGet();
        if (sink.tryEmitNext(message).isSuccess()) {
            return true;
        }
        pending.decrementAndGet(); // the connection is gone: nothing will write it
        onOverflow.accept(message);
        return false;
    }

    /** True once a message did not fit: the connection is being closed. */
    public synchronized boolean overflowed() {
        return overflowed;
    }
}
