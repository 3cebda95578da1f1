package org.webrtcims.epcscf.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;

/** Issue 11 "bounded everything": a connection's outbound queue holds at most its capacity. */
class BoundedOutboxTest {

    @Test
    void aPeerThatDoesNotReadOverflowsTheQueueOnceAndEverythingElseIsHandedBack() {
        List<String> refused = new ArrayList<>();
        BoundedOutbox<String> outbox = new BoundedOutbox<>(3, refused::add);
        assertThat(outbox.offer("a")).isTrue();
        assertThat(outbox.offer("b")).isTrue();
        assertThat(outbox.offer("c")).isTrue();
        assertThat(outbox.overflowed()).isFalse();
        assertThat(outbox.offer("d")).isFalse();
        assertThat(outbox.overflowed()).isTrue();
        assertThat(outbox.offer("e")).isFalse();
        assertThat(refused).containsExactly("d", "e");
    }

    @Test
    void aReadingPeerNeverOverflows() {
        List<String> refused = new ArrayList<>();
        BoundedOutbox<String> outbox = new BoundedOutbox<>(2, refused::add);
        StepVerifier.create(outbox.messages().take(10))
                .then(() -> {
                    for (int i = 0; i < 10; i++) {
                        outbox.offer("m" + i);
                    }
                })
                .expectNextCount(10).verifyComplete();
        assertThat(refused).isEmpty();
        assertThat(outbox.overflowed()).isFalse();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new BoundedOutbox<String>(0, s -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
