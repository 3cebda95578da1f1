package org.webrtcims.scscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopKeyTest {

    @Test
    void aRequestBackInTheSameStateLoopsASpiralDoesNot() {
        String originating = LoopKey.of("sip:bob@ims.example.net", "sip:orig@scscf:5062;lr", "c1", "t1", null,
                "1 INVITE");
        String terminating = LoopKey.of("sip:bob@ims.example.net", "sip:scscf:5062;lr", "c1", "t1", null,
                "1 INVITE");
        String branch = LoopKey.branch(originating);
        assertThat(branch).startsWith("z9hG4bK");
        assertThat(LoopKey.loops(branch, originating)).isTrue();
        assertThat(LoopKey.loops(branch, terminating)).isFalse();
        assertThat(LoopKey.branch(originating)).isNotEqualTo(branch);
        assertThat(LoopKey.loops(null, originating)).isFalse();
    }
}
