package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import javax.sip.message.Request;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.parser.StringMsgParser;

/** RFC 3261 §10.2.2: which REGISTERs remove bindings. */
class RegisterExpiryTest {

    private static Request register(String... lines) throws Exception {
        String text = "REGISTER sip:ims.example.net SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5064;branch=z9hG4bKexpiry\r\n"
                + "To: <sip:alice@ims.example.net>\r\nFrom: <sip:alice@ims.example.net>;tag=1\r\n"
                + "Call-ID: expiry-test\r\nCSeq: 2 REGISTER\r\nMax-Forwards: 70\r\n"
                + String.join("\r\n", lines) + (lines.length == 0 ? "" : "\r\n") + "Content-Length: 0\r\n\r\n";
        return (Request) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false,
                null);
    }

    @Test
    void contactWithExpiresZeroParameterIsADeregistration() throws Exception {
        assertThat(RegisterExpiry.isDeregistration(register("Contact: <sip:a@h.invalid>;expires=0",
                "Expires: 600"))).isTrue();
    }

    @Test
    void expiresHeaderZeroAppliesToContactsWithoutTheirOwnParameter() throws Exception {
        assertThat(RegisterExpiry.isDeregistration(register("Contact: <sip:a@h.invalid>", "Expires: 0"))).isTrue();
        assertThat(RegisterExpiry.isDeregistration(register("Contact: <sip:a@h.invalid>;expires=600",
                "Expires: 0"))).isFalse();
    }

    @Test
    void oneContactStillExpiringLaterMakesItARegistration() throws Exception {
        assertThat(RegisterExpiry.isDeregistration(register("Contact: <sip:a@h.invalid>;expires=0",
                "Contact: <sip:b@h.invalid>;expires=600"))).isFalse();
    }

    @Test
    void wildcardContactCountsOnlyWithExpiresZero() throws Exception {
        assertThat(RegisterExpiry.isDeregistration(register("Contact: *", "Expires: 0"))).isTrue();
        assertThat(RegisterExpiry.isDeregistration(register("Contact: *", "Expires: 600"))).isFalse();
        assertThat(RegisterExpiry.isDeregistration(register("Contact: *"))).isFalse();
    }

    @Test
    void aQueryWithoutContactIsNoDeregistration() throws Exception {
        assertThat(RegisterExpiry.isDeregistration(register("Expires: 0"))).isFalse();
    }

    @Test
    void noExpiryAnywhereIsNoDeregistration() throws Exception {
        assertThat(RegisterExpiry.isDeregistration(register("Contact: <sip:a@h.invalid>"))).isFalse();
    }
}
