package org.webrtcims.epcscf.wwsf;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.cx.client.HssCxClient;

import reactor.core.publisher.Mono;

/**
 * Which WWSF a WebSocket Origin speaks for (D3): a fixed list from configuration, or the HSS's WWSF records
 * ({@code GET /cx/v1/wwsfs}), cached for {@code refreshInterval} and re-read at most once a second when an origin
 * is unknown (a WWSF provisioned a moment ago is admitted at once). Never blocks: the HSS call is reactive.
 */
public final class WwsfDirectory {

    /** The HSS could not be asked and nothing is cached: the handshake gets a 5xx, never a 403. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WwsfDirectory.class);
    private static final long MISS_REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private record Snapshot(OriginAllowList list, long loadedAtNanos) {
    }

    private final HssCxClient hss;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final AtomicReference<Mono<OriginAllowList>> inFlight = new AtomicReference<>();
    /** Origins that missed recently: asked again at most once a second each (a flood of bad origins stays cheap). */
    private final Map<String, Long> recentMisses = new ConcurrentHashMap<>();

    private WwsfDirectory(OriginAllowList fixed, HssCxClient hss, Duration refreshInterval, LongSupplier clock) {
        this.hss = hss;
        this.maxAgeNanos = refreshInterval.toNanos();
        this.clock = clock;
        if (fixed != null) {
            snapshot.set(new Snapshot(fixed, Long.MAX_VALUE));
        }
    }

    public static WwsfDirectory fixed(OriginAllowList list) {
        return new WwsfDirectory(list, null, Duration.ZERO, System::nanoTime);
    }

    public static WwsfDirectory fromHss(HssCxClient hss, Duration refreshInterval, LongSupplier clock) {
        return new WwsfDirectory(null, hss, refreshInterval, clock);
    }

    /** The WWSF of an origin, or empty when it is not allowed; errors with {@link Unavailable}. */
    public Mono<Optional<String>> wwsfFor(String origin) {
        Snapshot current = snapshot.get();
        if (hss == null) {
            return Mono.just(current.list().wwsfFor(origin));
        }
        long now = clock.getAsLong();
        if (current != null) {
            Optional<String> hit = current.list().wwsfFor(origin);
            boolean fresh = now - current.loadedAtNanos() < maxAgeNanos;
            if (fresh && (hit.isPresent() || missedRecently(origin, now))) {
                return Mono.just(hit);
            }
            // stale, or a miss worth one more look: ask the HSS; keep using the old list if it cannot answer
            return refresh().map(list -> remember(origin, list.wwsfFor(origin), now))
                    .onErrorResume(e -> Mono.just(hit));
        }
        return refresh().map(list -> list.wwsfFor(origin))
                .onErrorMap(e -> new Unavailable("WWSF list unavailable: " + e.getMessage(), e));
    }

    /**
     * The WWSF of an origin from the list as it is now, without asking the HSS: for the WebSocket handler right
     * after {@link #wwsfFor} admitted the handshake (waiting there would leave the first frames unread).
     */
    public Optional<String> cached(String origin) {
        Snapshot current = snapshot.get();
        return current == null ? Optional.empty() : current.list().wwsfFor(origin);
    }

    private boolean missedRecently(String origin, long now) {
        Long last = recentMisses.get(origin);
        return last != null && now - last < MISS_REFRESH_NANOS;
    }

    private Optional<String> remember(String origin, Optional<String> wwsf, long now) {
        if (wwsf.isEmpty()) {
            if (recentMisses.size() > 10_000) {
                recentMisses.clear();
            }
            recentMisses.put(origin, now);
        }
        return wwsf;
    }

    private Mono<OriginAllowList> refresh() {
        Mono<OriginAllowList> running = inFlight.get();
        if (running != null) {
            return running;
        }
        Mono<OriginAllowList> call = hss.webServerFunctions().map(OriginAllowList::of)
                .doOnNext(list -> snapshot.set(new Snapshot(list, clock.getAsLong())))
                .doOnError(e -> log.warn("Cannot read the WWSF list from the HSS: {}", e.getMessage()))
                .doFinally(s -> inFlight.set(null))
                .cache();
        return inFlight.compareAndSet(null, call) ? call : inFlight.get() != null ? inFlight.get() : call;
    }
}
