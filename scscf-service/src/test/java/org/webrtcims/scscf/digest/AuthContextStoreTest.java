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
}
