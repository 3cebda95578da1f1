package org.webrtcims.epcscf.flow;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.webrtcims.epcscf.limits.TokenBucket;

/**
 * The eP-CSCF's flows by id. A closed flow stays known for the recovery grace (D15: requests aimed at its token get
 * 430 Flow Failed instead of 403) and is then forgotten.
 */
public final class FlowRegistry {

    private final FlowTokens tokens;
    private final Duration recoveryGrace;
    private final int requestsPerSecond;
    private final LongSupplier clock;
    private final AtomicLong ids = new AtomicLong(System.nanoTime() & 0x0000_ffff_ffff_ffffL);
    private final Map<Long, Flow> flows = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> openPerAddress = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final java.util.List<java.util.function.Consumer<Flow>> closedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public FlowRegistry(FlowTokens tokens, Duration recoveryGrace, int requestsPerSecond, LongSupplier clock) {
        this.tokens = tokens;
        this.recoveryGrace = recoveryGrace;
        this.requestsPerSecond = requestsPerSecond;
        this.clock = clock;
    }

    public Flow open(InetSocketAddress remote, String wwsf, FlowChannel channel) {
        long id = ids.incrementAndGet();
        long now = clock.getAsLong();
        Flow flow = new Flow(id, tokens.token(id), remote, wwsf, channel,
                new TokenBucket(requestsPerSecond, requestsPerSecond * 2, now), now);
        flows.put(id, flow);
        open.incrementAndGet();
        openPerAddress.computeIfAbsent(remote.getAddress(), a -> new AtomicInteger()).incrementAndGet();
        return flow;
    }

    /** The connection is gone: the flow is dead (D15) and forgotten after the recovery grace. */
    public void closed(Flow flow) {
        if (!flow.isOpen()) {
            return;
        }
        flow.markClosed(clock.getAsLong());
        open.decrementAndGet();
        openPerAddress.computeIfPresent(flow.remote().getAddress(), (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        closedListeners.forEach(listener -> listener.accept(flow));
    }

    /** Called (on the closing thread; must not block) when a flow's connection is gone. */
    public void onClosed(java.util.function.Consumer<Flow> listener) {
        closedListeners.add(listener);
    }

    /** The flow a token names, open or within its recovery grace; empty for forged or forgotten tokens. */
    public Optional<Flow> byToken(String token) {
        OptionalLong id = tokens.flowId(token);
        return id.isPresent() ? Optional.ofNullable(flows.get(id.getAsLong())) : Optional.empty();
    }

    /** Every known flow (open, or closed within its grace). */
    public java.util.Collection<Flow> all() {
        return java.util.List.copyOf(flows.values());
    }

    /** Forgets closed flows whose grace is over; returns how many. */
    public int sweep() {
        long now = clock.getAsLong();
        int before = flows.size();
        flows.values().removeIf(f -> !f.isOpen() && now - f.closedAtNanos() >= recoveryGrace.toNanos());
        return before - flows.size();
    }

    public int openFlows() {
        return open.get();
    }

    public int openFlows(InetAddress address) {
        AtomicInteger count = openPerAddress.get(address);
        return count == null ? 0 : count.get();
    }
}
