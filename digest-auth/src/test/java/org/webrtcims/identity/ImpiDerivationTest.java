package org.webrtcims.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** TS 24.229 §5.3.1.2 / 33.203 P.6: IMPI from the To IMPU without scheme, port and parameters. */
class ImpiDerivationTest {

    @Test
    void schemePortAndParametersAreDropped() {
        assertThat(IdentityRules.impiFromImpu("sip:alice.web@ims.example.net")).isEqualTo("alice.web@ims.example.net");
        assertThat(IdentityRules.impiFromImpu("sip:alice.web@ims.example.net:5060;transport=tcp"))
                .isEqualTo("alice.web@ims.example.net");
        assertThat(IdentityRules.impiFromImpu("tel:+15551230001")).isEqualTo("+15551230001");
    }
}
