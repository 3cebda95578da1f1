package org.webrtcims.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 2617 §3.2.1 qop-options: a list of whole tokens (no substring match). */
class QopTest {

    @Test
    void challengedTokensAreMatchedWhole() {
        assertThat(Qop.challenged("auth-int")).containsExactly(Qop.AUTH_INT);
        assertThat(Qop.challenged("auth")).containsExactly(Qop.AUTH);
        assertThat(Qop.challenged("auth, auth-int")).containsExactly(Qop.AUTH, Qop.AUTH_INT);
        assertThat(Qop.challenged("\"auth-int,auth\"")).containsExactly(Qop.AUTH_INT, Qop.AUTH);
        assertThat(Qop.challenged("authx")).isEmpty();
        assertThat(Qop.challenged(null)).isEmpty();
    }
}
