package org.webrtcims.scscf.digest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Auth contexts in memory, by opaque (profile §4.5: losing one only costs the client a stale re-challenge).
 * {@link #consume} marks a context used exactly once; a used context stays {@link #REPLAY_WINDOW} more (at
 * most until it expires) so that an immediate replay is told apart without a new MAR (correct digest → 401
 * stale, wrong → 403). A later replay finds no context and is judged against a freshly fetched vector, with
 * the same outcome.
 *
 * <p><b>Bounded</b> (each context holds H(A1)s, password equivalents): at most {@code maxPerIdentity} per
 * private identity, a new one dropping that identity's oldest, and at most {@code maxContexts} in all, a new
 * one dropping the oldest of all. Dropping rather than refusing keeps registration working when the store is
 * full: a dropped context costs its client one round (its answer is judged against a fresh vector, 401
 * stale=TRUE when correct), while refusing (500 + Retry-After) would turn a full store into a denial of
 * service for everyone. Filling it takes many known identities anyway, each limited to {@code maxPerIdentity}.
 */
public final class AuthContextStore {

    /** A context and whether this call was the one that consumed it. */
    public record Lookup(AuthContext context, boolean firstUse) {
    }

    /** How long a used context is kept to recognise replays. */
    public static final Duration REPLAY_WINDOW = Duration.ofSeconds(32);

    private record Entry(AuthContext context, boolean used, Instant keepUntil) {
    }

    /** Oldest first (insertion order). Guarded by {@code this}. */
    private final LinkedHashMap<String, Entry> byOpaque = new LinkedHashMap<>();
    /** Opaques per private identity, oldest first. Guarded by {@code this}. */
    private final Map<String, ArrayDeque<String>> byIdentity = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final int maxContexts;
    private final int maxPerIdentity;

    public AuthContextStore(Clock clock) {
        this(clock, 10_000, 16);
    }

    public AuthContextStore(Clock clock, int maxContexts, int maxPerIdentity) {
        if (maxContexts < 1 || maxPerIdentity < 1) {
            throw new IllegalArgumentException("bounds must be at least 1");
        }
        this.clock = clock;
        this.maxContexts = maxContexts;
        this.maxPerIdentity = maxPerIdentity;
    }

    /** A fresh unguessable opaque: base64url of 12 random bytes. */
    public String newOpaque() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stores a context, dropping the identity's oldest and then the oldest of all when a bound is reached. */
    public synchronized void put(AuthContext context) {
        ArrayDeque<String> own = byIdentity.get(context.impi());
        while (own != null && own.size() >= maxPerIdentity) {
            remove(own.peekFirst());
            own = byIdentity.get(context.impi());
        }
        while (byOpaque.size() >= maxContexts) {
            remove(byOpaque.keySet().iterator().next());
        }
        byOpaque.put(context.opaque(), new Entry(context, false, context.expires()));
        byIdentity.computeIfAbsent(context.impi(), k -> new ArrayDeque<>()).addLast(context.opaque());
    }

    /** Puts {@code context} in place of the context {@code oldOpaque}: the number of contexts does not grow. */
    public synchronized void replace(String oldOpaque, AuthContext context) {
        if (oldOpaque != null) {
            remove(oldOpaque);
        }
        put(context);
    }

    /** Marks the context used; the first caller gets {@code firstUse = true}. */
    public synchronized Optional<Lookup> consume(String opaque) {
        if (opaque == null) {
            return Optional.empty();
        }
        Entry current = byOpaque.get(opaque);
        Instant now = clock.instant();
        if (current == null || current.context().expires().isBefore(now)) {
            return Optional.empty();
        }
        if (current.used()) {
            return Optional.of(new Lookup(current.context(), false));
        }
        Instant replayEnd = now.plus(REPLAY_WINDOW);
        // replaced in place: the entry keeps its age
        byOpaque.put(opaque, new Entry(current.context(), true,
                replayEnd.isBefore(current.keepUntil()) ? replayEnd : current.keepUntil()));
        return Optional.of(new Lookup(current.context(), true));
    }

    /** Removes expired contexts; returns those that were never answered (reg-await-auth ran out). */
    public synchronized List<AuthContext> expire() {
        List<AuthContext> unanswered = new ArrayList<>();
        Instant now = clock.instant();
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, Entry> e : byOpaque.entrySet()) {
            if (e.getValue().keepUntil().isBefore(now)) {
                gone.add(e.getKey());
                if (!e.getValue().used()) {
                    unanswered.add(e.getValue().context());
                }
            }
        }
        gone.forEach(this::remove);
        return unanswered;
    }

    public synchronized int size() {
        return byOpaque.size();
    }

    /** Contexts held for one private identity. */
    public synchronized int sizeOf(String impi) {
        ArrayDeque<String> own = byIdentity.get(impi);
        return own == null ? 0 : own.size();
    }

    private void remove(String opaque) {
        Entry entry = byOpaque.remove(opaque);
        if (entry == null) {
            return;
        }
        ArrayDeque<String> own = byIdentity.get(entry.context().impi());
        if (own != null) {
            own.remove(opaque);
            if (own.isEmpty()) {
                byIdentity.remove(entry.context().impi());
            }
        }
    }
}
