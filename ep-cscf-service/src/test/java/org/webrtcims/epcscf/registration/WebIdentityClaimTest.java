package org.webrtcims.epcscf.registration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Profile D1: {@code WebRTC-Web-Identity = quoted-string SEMI "wwsf" EQUAL quoted-string *(SEMI generic-param)}. */
class WebIdentityClaimTest {

    @Test
    void d1ProfileExampleParsesToWebIdentityAndWwsf() {
        assertThat(WebIdentityClaim.parse("\"alice@idp.example.com\";wwsf=\"wwsf.example.com\""))
                .contains(new WebIdentityClaim("alice@idp.example.com", "wwsf.example.com"));
    }

    @Test
    void d1SpacesEscapesAndGenericParametersAreAllowed() {
        assertThat(WebIdentityClaim.parse("  \"a\\\"b@idp\" ; x=1 ; wwsf=\"w.example.com\";y"))
                .contains(new WebIdentityClaim("a\"b@idp", "w.example.com"));
    }

    @Test
    void d1UnquotedIdentityOrWwsfMissingEmptyOrUnquotedIsRejected() {
        assertThat(WebIdentityClaim.parse("alice@idp.example.com;wwsf=\"w.example.com\"")).isEmpty();
        assertThat(WebIdentityClaim.parse("\"alice@idp.example.com\"")).isEmpty();
        assertThat(WebIdentityClaim.parse("\"alice@idp.example.com\";wwsf=\"\"")).isEmpty();
        assertThat(WebIdentityClaim.parse("\"alice@idp.example.com\";wwsf=w.example.com")).isEmpty();
        assertThat(WebIdentityClaim.parse("\"\";wwsf=\"w.example.com\"")).isEmpty();
        assertThat(WebIdentityClaim.parse("\"unterminated;wwsf=\"w.example.com\"")).isEmpty();
        assertThat(WebIdentityClaim.parse(null)).isEmpty();
    }
}
