package org.webrtcims.scscf.digest;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Auth contexts in memory, by opaque (profile §4.5: losing one only costs the client a stale re-challenge).
 * {@link #consume} marks a context used exactly once; a used context stays {@link #REPLAY_WINDOW} more (at
 * most until it expires) so that an immediate replay is told apart without a new MAR (correct digest → 401
 * stale, wrong → 403). A later replay finds no context and is judged against a freshly fetched vector, with
 * the same outcome. Keeping used contexts short bounds memory under load.
 */
public final class AuthContextStore {

    /** A context and whether this call was the one that consumed it. */
    public record Lookup(AuthContext context, boolean firstUse) {
    }

    /** How long a used context is kept to recognise replays. */
    public static final java.time.Duration REPLAY_WINDOW = java.time.Duration.ofSeconds(32);

    private record Entry(AuthContext context, boolean used, java.time.Instant keepUntil) {
    }

    private final Map<String, Entry> byOpaque = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public AuthContextStore(Clock clock) {
        this.clock = clock;
    }

    /** A fresh unguessable opaque: base64url of 12 random bytes. */
    public String newOpaque() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public void put(AuthContext context) {
        byOpaque.put(context.opaque(), new Entry(context, false, context.expires()));
    }

    /** Marks the context used; the first caller gets {@code firstUse = true}. */
    public Optional<Lookup> consume(String opaque) {
        if (opaque == null) {
            return Optional.empty();
        }
        boolean[] first = new boolean[1];
        Entry entry = byOpaque.computeIfPresent(opaque, (key, current) -> {
            if (current.context().expires().isBefore(clock.instant())) {
                return current;
            }
            first[0] = !current.used();
            if (current.used()) {
                return current;
            }
            java.time.Instant replayEnd = clock.instant().plus(REPLAY_WINDOW);
            return new Entry(current.context(), true,
                    replayEnd.isBefore(current.keepUntil()) ? replayEnd : current.keepUntil());
        });
        if (entry == null || entry.context().expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new Lookup(entry.context(), first[0]));
    }

    /** Removes expired contexts; returns those that were never answered (reg-await-auth ran out). */
    public List<AuthContext> expire() {
        List<AuthContext> unanswered = new ArrayList<>();
        java.time.Instant now = clock.instant();
        byOpaque.entrySet().removeIf(e -> {
            boolean gone = e.getValue().keepUntil().isBefore(now);
            if (gone && !e.getValue().used()) {
                unanswered.add(e.getValue().context());
            }
            return gone;
        });
        return unanswered;
    }

    public int size() {
        return byOpaque.size();
    }
}
