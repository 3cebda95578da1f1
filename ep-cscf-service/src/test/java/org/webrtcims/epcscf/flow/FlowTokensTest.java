package org.webrtcims.epcscf.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** RFC 5626 §5.2: a flow token only this edge can mint. */
class FlowTokensTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void rfc5626TokenNamesItsFlowAndIsAUserPartSafeString() {
        FlowTokens tokens = new FlowTokens(key(1));
        String token = tokens.token(42);
        assertThat(token).matches("ft-[A-Za-z0-9_-]+");
        assertThat(tokens.flowId(token)).hasValue(42);
    }

    @Test
    void rfc5626TokensOfAnotherKeyOrAlteredAreRefused() {
        FlowTokens tokens = new FlowTokens(key(1));
        String foreign = new FlowTokens(key(2)).token(42);
        assertThat(tokens.flowId(foreign)).isEmpty();
        String token = tokens.token(42);
        char last = token.charAt(token.length() - 1);
        assertThat(tokens.flowId(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        assertThat(tokens.flowId("ft-")).isEmpty();
        assertThat(tokens.flowId("alice")).isEmpty();
        assertThat(tokens.flowId("ft-!!!")).isEmpty();
    }

    @Test
    void keysShorterThan32BytesAreRefused() {
        assertThatThrownBy(() -> new FlowTokens(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
