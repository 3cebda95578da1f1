package org.webrtcims.epcscf.limits;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-source-IP WebSocket handshake rate (profile §3 step 1: per-source rate limits at the edge). */
public final class HandshakeLimiter {

    private final int perSecond;
    private final Map<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();

    public HandshakeLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    public boolean tryHandshake(InetAddress source, long nowNanos) {
        return buckets.computeIfAbsent(source, s -> new TokenBucket(perSecond, perSecond, nowNanos)).tryTake(nowNanos);
    }

    /** Drops the buckets of sources that have been quiet long enough to be full again. */
    public void sweep(long nowNanos) {
        buckets.values().removeIf(b -> b.isIdle(nowNanos));
    }
}
