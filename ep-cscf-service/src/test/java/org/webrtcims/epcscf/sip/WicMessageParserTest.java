package org.webrtcims.epcscf.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.ProfileMessages;

/** RFC 3261 §8.2.6.2 / profile §6 row 2: a 400 whenever the answer can be addressed. */
class WicMessageParserTest {

    @Test
    void badHeaderIsReportedByNameNotDropped() {
        WicMessageParser.Parsed parsed = WicMessageParser.parse(ProfileMessages.STEP1
                .replace("Contact: <sip:", "Contact: <<<sip:")).orElseThrow();
        assertThat(parsed.badHeaders()).containsExactly("Contact");
    }

    @Test
    void textualBadRequestCopiesTheHeadersAResponseNeeds() {
        String response = WicMessageParser.textualBadRequest(ProfileMessages.STEP1, "Bad Request - Malformed message")
                .orElseThrow();
        assertThat(response).startsWith("SIP/2.0 400 Bad Request - Malformed message\r\n")
                .contains("Via: SIP/2.0/WSS k3v9q2x7m1p4.invalid;branch=z9hG4bK6170419\r\n")
                .contains("To: <sip:alice.web@ims.example.net>;tag=").contains("Call-ID: 8lq2v0c4k9x1m7d3t5b6ne\r\n")
                .contains("CSeq: 1 REGISTER\r\n");
    }

    @Test
    void noBadRequestWithoutViaOrForAnAckOrForNonSip() {
        assertThat(WicMessageParser.textualBadRequest(ProfileMessages.STEP1.replaceFirst("Via: [^\r]+\r\n", ""), "x"))
                .isEmpty();
        assertThat(WicMessageParser.textualBadRequest(ProfileMessages.STEP1.replace("REGISTER sip:", "ACK sip:")
                .replace("CSeq: 1 REGISTER", "CSeq: 1 ACK"), "x")).isEmpty();
        assertThat(WicMessageParser.textualBadRequest("hello", "x")).isEmpty();
        assertThat(WicMessageParser.parse("hello")).isEmpty();
    }

    /** Issue 11 finding 5: jain-sip returned a request without a start line, whose getMethod() was null (NPE). */
    @Test
    void messageWithoutAStartLineIsNoSipMessage() {
        String headersOnly = ProfileMessages.STEP1.substring(ProfileMessages.STEP1.indexOf("\r\n") + 2);
        assertThat(WicMessageParser.parse(headersOnly)).isEmpty();
        assertThat(WicMessageParser.textualBadRequest(headersOnly, "x")).isEmpty();
    }

    @Test
    void textualBadRequestRefusesAnInsaneCseq() {
        assertThat(WicMessageParser.textualBadRequest(ProfileMessages.STEP1.replace("CSeq: 1 ", "CSeq: 4294967296 "),
                "x")).isEmpty();
    }
}
