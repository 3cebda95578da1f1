package org.webrtcims.scscf.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.digest.DigestAlgorithm;

/** Profile D7: single use; unanswered challenges are reported when reg-await-auth runs out. */
class AuthContextStoreTest {

    private final NonceServiceTest.MutableClock clock = new NonceServiceTest.MutableClock();
    private final AuthContextStore store = new AuthContextStore(clock);

    private AuthContext context(String opaque) {
        return new AuthContext(opaque, "n", "alice", "sip:alice@ims", null, "realm", "auth",
                List.of(DigestAlgorithm.MD5), Map.of(DigestAlgorithm.MD5, "x"), "call", clock.instant(),
                clock.instant().plus(Duration.ofSeconds(240)));
    }

    @Test
    void onlyTheFirstConsumerGetsFirstUse() {
        store.put(context("o1"));
        assertThat(store.consume("o1").orElseThrow().firstUse()).isTrue();
        assertThat(store.consume("o1").orElseThrow().firstUse()).isFalse();
        assertThat(store.consume("unknown")).isEmpty();
    }

    @Test
    void usedContextsLeaveAfterTheReplayWindowUnansweredOnesAreReportedAtExpiry() {
        store.put(context("used"));
        store.put(context("ignored"));
        store.consume("used");
        clock.advance(AuthContextStore.REPLAY_WINDOW.plusSeconds(1));
        assertThat(store.expire()).isEmpty();
        assertThat(store.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(240));
        assertThat(store.expire()).extracting(AuthContext::opaque).containsExactly("ignored");
        assertThat(store.size()).isZero();
        assertThat(store.consume("ignored")).isEmpty();
    }

    private AuthContext context(String opaque, String impi) {
        return new AuthContext(opaque, "n", impi, "sip:" + impi, null, "realm", "auth", List.of(DigestAlgorithm.MD5),
                Map.of(DigestAlgorithm.MD5, "x"), "call", clock.instant(), clock.instant().plus(Duration.ofSeconds(240)));
    }

    @Test
    void aNewChallengeDropsTheOldestOfItsIdentityBeyondThePerIdentityBound() {
        AuthContextStore bounded = new AuthContextStore(clock, 100, 2);
        bounded.put(context("a1", "alice"));
        bounded.put(context("b1", "bob"));
        bounded.put(context("a2", "alice"));
        bounded.put(context("a3", "alice"));
        assertThat(bounded.sizeOf("alice")).isEqualTo(2);
        assertThat(bounded.consume("a1")).isEmpty();
        assertThat(bounded.consume("a2")).isPresent();
        assertThat(bounded.consume("b1")).isPresent();
        assertThat(bounded.size()).isEqualTo(3);
    }

    @Test
    void whenTheGlobalBoundIsReachedTheOldestOfAllMakesRoom() {
        AuthContextStore bounded = new AuthContextStore(clock, 3, 4);
        bounded.put(context("a1", "alice"));
        bounded.put(context("b1", "bob"));
        bounded.put(context("c1", "carol"));
        bounded.put(context("d1", "dave"));
        assertThat(bounded.size()).isEqualTo(3);
        assertThat(bounded.consume("a1")).isEmpty();
        assertThat(bounded.sizeOf("alice")).isZero();
        assertThat(bounded.consume("d1")).isPresent();
    }

    @Test
    void replacingAContextKeepsTheCount() {
        AuthContextStore bounded = new AuthContextStore(clock, 10, 4);
        bounded.put(context("a1", "alice"));
        for (int i = 2; i < 20; i++) {
            bounded.replace("a" + (i - 1), context("a" + i, "alice"));
            assertThat(bounded.size()).isEqualTo(1);
        }
        assertThat(bounded.consume("a19")).isPresent();
    }
}
