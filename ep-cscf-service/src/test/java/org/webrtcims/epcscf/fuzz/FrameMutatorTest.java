package org.webrtcims.epcscf.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The fuzzer is reproducible (a fixed seed gives the same frames) and covers every mutation it promises. */
class FrameMutatorTest {

    @Test
    void sameSeedSameFramesOtherSeedOtherFrames() {
        FrameMutator a = new FrameMutator(42, "sip:a@x", "a@idp", "wwsf.x");
        FrameMutator b = new FrameMutator(42, "sip:a@x", "a@idp", "wwsf.x");
        FrameMutator c = new FrameMutator(43, "sip:a@x", "a@idp", "wwsf.x");
        boolean differs = false;
        for (int i = 0; i < 200; i++) {
            FrameMutator.Frame fa = a.next();
            FrameMutator.Frame fb = b.next();
            assertThat(fa.payload()).isEqualTo(fb.payload());
            assertThat(fa.binary()).isEqualTo(fb.binary());
            differs |= !Arrays.equals(fa.payload(), c.next().payload());
        }
        assertThat(differs).isTrue();
    }

    @Test
    void everyMutationShowsUpInAThousandFrames() {
        FrameMutator mutator = new FrameMutator(7, "sip:a@x", "a@idp", "wwsf.x");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            for (String m : mutator.next().mutations().split(",")) {
                seen.add(m.replaceFirst("-(CSeq|Expires|Max-Forwards|Content-Length|\\d)$", ""));
            }
        }
        assertThat(seen).contains("dup-header", "del-header", "overflow", "method", "no-start-line", "truncate",
                "garble-value", "line-ends", "flip", "bad-utf8", "random-bytes", "truncate-bytes", "binary");
    }
}
