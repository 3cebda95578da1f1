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
 * {@link #consume} marks a context used exactly once; used contexts stay until they expire so that a replay
 * can be told apart (correct digest → 401 stale, wrong → 403).
 */
public final class AuthContextStore {

    /** A context and whether this call was the one that consumed it. */
    public record Lookup(AuthContext context, boolean firstUse) {
    }

    private record Entry(AuthContext context, boolean used) {
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
        byOpaque.put(context.opaque(), new Entry(context, false));
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
            return new Entry(current.context(), true);
        });
        if (entry == null || entry.context().expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new Lookup(entry.context(), first[0]));
    }

    /** Removes expired contexts; returns those that were never answered (reg-await-auth ran out). */
    public List<AuthContext> expire() {
        List<AuthContext> unanswered = new ArrayList<>();
        byOpaque.entrySet().removeIf(e -> {
            boolean expired = e.getValue().context().expires().isBefore(clock.instant());
            if (expired && !e.getValue().used()) {
                unanswered.add(e.getValue().context());
            }
            return expired;
        });
        return unanswered;
    }

    public int size() {
        return byOpaque.size();
    }
}
