package org.webrtcims.scscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImpuMatchTest {

    @Test
    void sipUrisCompareBySchemeUserAndHostIgnoringPortAndParameters() {
        assertThat(ImpuMatch.same("sip:bob@IMS.example.net", "<sip:bob@ims.example.net:5060;transport=tcp>")).isTrue();
        assertThat(ImpuMatch.same("\"Bob\" <sip:bob@ims.example.net>;tag=1", "SIP:bob@ims.example.net")).isTrue();
        assertThat(ImpuMatch.same("sip:bob@ims.example.net", "sip:Bob@ims.example.net")).isFalse();
        assertThat(ImpuMatch.same("sip:bob@ims.example.net", "sips:bob@ims.example.net")).isFalse();
        assertThat(ImpuMatch.same("sip:bob@ims.example.net", "sip:bob@other.example.net")).isFalse();
    }

    @Test
    void telUrisCompareByNumberWithoutVisualSeparators() {
        assertThat(ImpuMatch.same("tel:+1-555-123", "<tel:+1555123;phone-context=x>")).isTrue();
        assertThat(ImpuMatch.same("tel:+1555123", "tel:+1555124")).isFalse();
        assertThat(ImpuMatch.same("tel:+1555123", "sip:+1555123@ims.example.net")).isFalse();
    }

    /** RFC 3261 §19.1.6: a global number with user=phone is the telephone number (JsSIP cannot send tel: URIs). */
    @Test
    void aSipUriWithUserPhoneAndAGlobalNumberIsItsTelUri() {
        assertThat(ImpuMatch.same("sip:+1-555-123@ims.example.net;user=phone", "tel:+1555123")).isTrue();
        assertThat(ImpuMatch.canonical("<sip:+1555123@ims.example.net;transport=ws;user=phone>")).contains("tel:+1555123");
    }

    @Test
    void userParametersAndNonUriValuesAreHandled() {
        assertThat(ImpuMatch.canonical("sip:+1555;phone-context=ims@ims.example.net;user=phone"))
                .contains("sip:+1555@ims.example.net");
        assertThat(ImpuMatch.canonical("sip:[::1]:5062;lr")).contains("sip:[::1]");
        assertThat(ImpuMatch.canonical("mailto:x@example.net")).isEmpty();
        assertThat(ImpuMatch.canonical("nonsense")).isEmpty();
        assertThat(ImpuMatch.same(null, null)).isFalse();
        assertThat(ImpuMatch.userOf("sip:bob@ims.example.net")).isEqualTo("bob");
        assertThat(ImpuMatch.userOf("tel:+1555")).isEqualTo("+1555");
    }
}
