package org.webrtcims.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"sip:alice.web@ims.example.net", "sips:bob@ims.example.net:5061",
            "sip:ims.example.net", "sip:+15551230001@ims.example.net;user=phone", "tel:+15551230001",
            "tel:+1-555-123-0001", "tel:1234;phone-context=ims.example.net"})
    void sipAndTelUrisAreImpus(String impu) {
        assertThat(IdentityRules.isImpu(impu)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@ims.example.net", "http://ims.example.net", "sip:", "sip:alice@",
            "sip:alice@ims example.net", "tel:1234", "tel:+", "sip:<alice@ims.example.net>", ""})
    void otherStringsAreNotImpus(String value) {
        assertThat(IdentityRules.isImpu(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"wwsf.example.com", "localhost", "a-b.c0"})
    void lowerCaseHostNamesAreWwsfIdentities(String value) {
        assertThat(IdentityRules.isWwsfIdentity(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"WWSF.example.com", "https://wwsf.example.com", "-wwsf.example.com", "wwsf..com",
            "wwsf.example.com:443", ""})
    void urlsUpperCaseAndBadLabelsAreNotWwsfIdentities(String value) {
        assertThat(IdentityRules.isWwsfIdentity(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"al ice@idp", "al\"ice", "al\\ice", "alïce@idp.example.com", ""})
    void webIdentitiesArePrintableAsciiWithoutQuoteOrBackslash(String value) {
        assertThat(IdentityRules.isWebIdentity(value)).isFalse();
        assertThat(IdentityRules.isWebIdentity("alice@idp.example.com")).isTrue();
    }
}
