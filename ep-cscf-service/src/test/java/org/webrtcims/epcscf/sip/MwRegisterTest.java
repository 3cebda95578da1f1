package org.webrtcims.epcscf.sip;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;

import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.ProfileMessages;
import org.webrtcims.epcscf.registration.EdgeVerdict;
import org.webrtcims.epcscf.registration.MwAuthorization;
import org.webrtcims.epcscf.registration.RegisterAdmission;

/** Profile step 1 → step 2a on the wire: what the eP-CSCF forwards for the profile's example REGISTER. */
class MwRegisterTest {

    private static Request parse(String text) {
        WicMessageParser.Parsed parsed = WicMessageParser.parse(text).orElseThrow();
        assertThat(parsed.badHeaders()).isEmpty();
        return (Request) parsed.message();
    }

    @Test
    void step1BecomesStep2aWithSynthesizedAuthorizationPathAndChargingVector() throws Exception {
        Request wic = parse(ProfileMessages.STEP1);
        EdgeVerdict verdict = new RegisterAdmission(false).admit(wic, "wwsf.example.com", null);
        assertThat(verdict).isEqualTo(new EdgeVerdict.Forward("alice@idp.example.com", "wwsf.example.com"));
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        HeaderFactory headers = factory.createHeaderFactory();
        AddressFactory addresses = factory.createAddressFactory();
        Request mw = MwRegister.build(wic, (EdgeVerdict.Forward) verdict, new MwRegister.Context(
                "sip:ft-7Hk2Qz9wXa@epcscf.ims.example.net:5060;transport=tcp", "sip:icscf.ims.example.net:5060;transport=tcp",
                "ims.example.net", "icid-value=\"epcscf1.1732701600.000001\";orig-ioi=ims.example.net",
                MwAuthorization.TLS_PENDING, "198.51.100.23"), headers, addresses);
        String text = mw.toString();
        assertThat(text).contains("Route: <sip:icscf.ims.example.net:5060;transport=tcp;lr>")
                .contains("Via: SIP/2.0/WSS k3v9q2x7m1p4.invalid;branch=z9hG4bK6170419;received=198.51.100.23")
                .contains("Max-Forwards: 68")
                .contains("Authorization: Digest username=\"alice@idp.example.com\",realm=\"wwsf.example.com\"")
                .contains("Path: <sip:ft-7Hk2Qz9wXa@epcscf.ims.example.net:5060;transport=tcp;lr;ob>")
                .contains("Require: path")
                .contains("P-Visited-Network-ID: ims.example.net")
                .contains("P-Charging-Vector: icid-value=\"epcscf1.1732701600.000001\";orig-ioi=ims.example.net")
                .doesNotContain("WebRTC-Web-Identity");
        String authorization = text.lines().filter(l -> l.startsWith("Authorization:")).findFirst().orElseThrow();
        assertThat(authorization).contains("uri=\"sip:ims.example.net\"").contains("nonce=\"\"")
                .contains("response=\"\"").contains("integrity-protected=\"tls-pending\"")
                .contains("wwsf-identity=\"wwsf.example.com\"");
    }

    @Test
    void wicSuppliedTrustDomainHeadersAreRemoved() throws Exception {
        Request wic = parse(ProfileMessages.STEP1.replace("Content-Length: 0", "P-Asserted-Identity: <sip:boss@ims.example.net>\r\n"
                + "Path: <sip:evil@attacker.example.org;lr>\r\nRoute: <sip:attacker.example.org;lr>\r\n"
                + "Content-Length: 0"));
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Request mw = MwRegister.build(wic, new EdgeVerdict.Forward("alice@idp.example.com", "wwsf.example.com"),
                new MwRegister.Context("sip:ft-x@127.0.0.1:5064;transport=tcp", "sip:127.0.0.1:5060;transport=tcp",
                        "ims.example.net", "icid-value=\"a.1.000001\";orig-ioi=ims.example.net",
                        MwAuthorization.TLS_YES, "127.0.0.1"), factory.createHeaderFactory(),
                factory.createAddressFactory());
        assertThat(mw.toString()).doesNotContain("attacker").doesNotContain("boss")
                .contains("integrity-protected=\"tls-yes\"");
    }
}
