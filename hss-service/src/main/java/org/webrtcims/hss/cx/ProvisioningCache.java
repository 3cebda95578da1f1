package org.webrtcims.hss.cx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Provisioning data (mappings, subscriptions, WWSFs) cached per <em>provisioning version</em>, the number the
 * database raises in every transaction that changes such data (migration {@code V3}). A caller first reads the
 * current version from the database (in the same statement as the registration state it needs anyway), then asks
 * for data of that version:
 * <ul>
 * <li>a version newer than the cached one drops everything cached and starts again empty;</li>
 * <li>the cached version answers from the cache, loading and keeping what is missing;</li>
 * <li>an older version (a caller that read it just before a change committed) loads without caching.</li>
 * </ul>
 * Data loaded after reading version {@code v} is at least as new as {@code v}, so keeping it under {@code v} can
 * only be too new, never too old: the cache never answers from data older than the last change the caller's own
 * version read saw. At most {@code maxEntries} entries are kept per version; beyond that, answers are loaded and
 * not kept. Thread-safe, no locks.
 */
public final class ProvisioningCache {

    /** What is cached: one map per kind of key. */
    public enum Kind {
        /** web identity → its mappings, each with subscription and WWSF */
        MAPPINGS_OF_WEB_IDENTITY,
        /** IMPU → the subscription holding it (or none) */
        SUBSCRIPTION_OF_IMPU
    }

    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(ProvisioningCache.class, "current", Generation.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxEntries;
    @SuppressWarnings("unused") // through CURRENT
    private volatile Generation current = new Generation(Long.MIN_VALUE);

    /** @param maxEntries entries kept per version, over all kinds; 0 turns caching off */
    public ProvisioningCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * The value of {@code key} as of provisioning version {@code version} (or newer), from the cache or from
     * {@code loader}. The loader runs without any lock held; two callers missing the same key may both load it.
     */
    @SuppressWarnings("unchecked")
    public <V> V get(long version, Kind kind, String key, Supplier<V> loader) {
        Generation generation = maxEntries == 0 ? null : generation(version);
        if (generation == null) {
            return loader.get();
        }
        Map<String, Object> map = generation.maps[kind.ordinal()];
        Object cached = map.get(key);
        if (cached != null) {
            return (V) cached;
        }
        V loaded = loader.get();
        // counted only while below the bound, so that misses after it is reached cannot overflow the counter
        if (loaded != null && generation.size.get() < maxEntries && generation.size.incrementAndGet() <= maxEntries) {
            map.putIfAbsent(key, loaded);
        }
        return loaded;
    }

    /** The generation of {@code version}, replacing an older one; null if a newer one is already current. */
    private Generation generation(long version) {
        Generation seen = current;
        while (seen.version < version) {
            Generation next = new Generation(version);
            if (CURRENT.compareAndSet(this, seen, next)) {
                return next;
            }
            seen = current;
        }
        return seen.version == version ? seen : null;
    }

    private static final class Generation {
        final long version;
        final AtomicInteger size = new AtomicInteger();
        @SuppressWarnings("unchecked")
        final Map<String, Object>[] maps = new Map[Kind.values().length];

        Generation(long version) {
            this.version = version;
            for (int i = 0; i < maps.length; i++) {
                maps[i] = new ConcurrentHashMap<>();
            }
        }
    }
}
