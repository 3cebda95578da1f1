package org.webrtcims.epcscf.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.ProfileMessages;

/** RFC 3261 §8.2.6.2: a response can be addressed from the raw text only when Via, From, To, Call-ID, CSeq are sane. */
class RawRequestTest {

    @Test
    void profileStep1IsAddressableAndItsResponseCopiesTheAddressingHeaders() {
        RawRequest raw = RawRequest.read(ProfileMessages.STEP1).orElseThrow();
        assertThat(raw.method()).isEqualTo("REGISTER");
        assertThat(raw.isAck()).isFalse();
        String response = raw.response(503, "Service Unavailable - Too many requests",
                List.of(Map.entry("Retry-After", "5")));
        assertThat(response).startsWith("SIP/2.0 503 Service Unavailable - Too many requests\r\n")
                .contains("Via: SIP/2.0/WSS k3v9q2x7m1p4.invalid;branch=z9hG4bK6170419\r\n")
                .contains("To: <sip:alice.web@ims.example.net>;tag=edge503\r\n")
                .contains("CSeq: 1 REGISTER\r\n").contains("Retry-After: 5\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void rfc3261Section7Point5LeadingCrlfsAreSkipped() {
        assertThat(RawRequest.read("\r\n\r\n" + ProfileMessages.STEP1)).isPresent();
        assertThat(RawRequest.isResponse("\r\nSIP/2.0 200 OK\r\n\r\n")).isTrue();
    }

    @Test
    void noResponseCanBeAddressedWithoutASaneCseqViaOrCallId() {
        String step1 = ProfileMessages.STEP1;
        assertThat(RawRequest.read(step1.replace("CSeq: 1 REGISTER", "CSeq: 99999999999 REGISTER"))).isEmpty();
        assertThat(RawRequest.read(step1.replace("CSeq: 1 REGISTER", "CSeq: 1 INVITE"))).isEmpty();
        assertThat(RawRequest.read(step1.replace("CSeq: 1 REGISTER", "CSeq: -1 REGISTER"))).isEmpty();
        assertThat(RawRequest.read(step1.replace("Via: SIP/2.0/WSS ", "Via: HTTP/1.1 "))).isEmpty();
        assertThat(RawRequest.read(step1.replace("Call-ID: 8lq2", "Call-ID: 8l q2"))).isEmpty();
        assertThat(RawRequest.read(step1.replaceFirst("From: [^\r]+\r\n", ""))).isEmpty();
        assertThat(RawRequest.read(step1.replace("Call-ID: 8lq2", "Call-ID: a\r\nCall-ID: 8lq2"))).isEmpty();
        assertThat(RawRequest.read(step1.replaceFirst("REGISTER sip:ims.example.net SIP/2.0\r\n", ""))).isEmpty();
        assertThat(RawRequest.read("hello")).isEmpty();
        assertThat(RawRequest.read("")).isEmpty();
    }

    @Test
    void startLineDecidesRequestResponseOrNeither() {
        assertThat(RawRequest.requestMethod(ProfileMessages.STEP1)).contains("REGISTER");
        assertThat(RawRequest.requestMethod("Via: SIP/2.0/WSS x;branch=z9hG4bK1\r\n\r\n")).isEmpty();
        assertThat(RawRequest.requestMethod("REGISTER sip:x SIP/3.0\r\n")).isEmpty();
        // bench/fuzz: jain-sip reads these leniently as ACKs; RFC 3261 §7.1 wants Method SP Request-URI SP SIP-Version
        assertThat(RawRequest.requestMethod("ACK(sip:bob@ims.example.net SIP/2.0\r\n")).isEmpty();
        assertThat(RawRequest.requestMethod("\r\n\u001aACK sip:bob@ims.example.net SIP/2.0\r\n")).isEmpty();
        assertThat(RawRequest.requestMethod("ACK sip:bob@ims.example.net sip/2.0\r\n")).contains("ACK");
        assertThat(RawRequest.isResponse("SIP/2.0 200 OK\r\n")).isTrue();
        assertThat(RawRequest.isResponse(ProfileMessages.STEP1)).isFalse();
    }

    @Test
    void headerNamesInReasonPhrasesAreTokensOnly() {
        assertThat(RawRequest.headerName("Contact: <<<sip:x>")).isEqualTo("Contact");
        assertThat(RawRequest.headerName("Cont\u00e9ct: x")).isEqualTo("header");
        assertThat(RawRequest.headerName("a b: x")).isEqualTo("header");
        assertThat(RawRequest.headerName(null)).isEqualTo("header");
    }
}
