package org.webrtcims.icscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.CxResult;
import org.webrtcims.cx.LocationInfoAnswer;
import org.webrtcims.cx.ServerCapabilities;
import org.webrtcims.cx.client.HssFailure;

/** TS 24.229 §5.3.2.1 and profile §5.5 / §6 row 27 on plain values. */
class TerminatingRulesTest {

    private static final List<String> HOME = List.of("ims.example.net");
    private final AddressFactory addresses;

    TerminatingRulesTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        addresses = factory.createAddressFactory();
    }

    private Optional<String> impu(String uri) throws Exception {
        return TerminatingRules.homeImpu(addresses.createURI(uri), HOME);
    }

    @Test
    void aSipUriInTheHomeDomainNamesItsImpuWithoutPortAndParameters() throws Exception {
        assertThat(impu("sip:bob.web@ims.example.net")).contains("sip:bob.web@ims.example.net");
        assertThat(impu("sip:bob.web@IMS.example.net:5060;transport=tcp")).contains("sip:bob.web@ims.example.net");
        assertThat(impu("sips:bob.web@ims.example.net")).contains("sip:bob.web@ims.example.net");
    }

    /** RFC 3261 §19.1.6, TS 24.229 §5.3.2.1: the LIR for sip:+number@home;user=phone asks for tel:+number. */
    @Test
    void aSipUriWithUserPhoneAndAGlobalNumberIsLocatedAsItsTelUri() throws Exception {
        assertThat(impu("sip:+1-555-000-1@ims.example.net;user=phone")).contains("tel:+15550001");
        assertThat(impu("sip:1234@ims.example.net;user=phone")).contains("sip:1234@ims.example.net;user=phone");
    }

    @Test
    void aTelUriIsAHomeImpuWithoutVisualSeparators() throws Exception {
        assertThat(impu("tel:+1-555-123-0001")).contains("tel:+15551230001");
        assertThat(impu("tel:+15551230001")).contains("tel:+15551230001");
    }

    @Test
    void otherDomainsAndUrisWithoutUserAreNoHomeImpu() throws Exception {
        assertThat(impu("sip:bob@other.example.org")).isEmpty();
        assertThat(impu("sip:ims.example.net")).isEmpty();
        assertThat(impu("sip:bob@127.0.0.1:5062")).isEmpty();
    }

    @Test
    void theServerNameOfTheLiaIsWhereTheRequestGoes() {
        TerminatingRules.Decision decision = TerminatingRules.afterLocation(new LocationInfoAnswer(2001,
                CxResult.DIAMETER_SUCCESS, "sip:127.0.0.1:5062;transport=tcp", null));
        assertThat(decision.forwards()).isTrue();
        assertThat(decision.scscf()).isEqualTo("sip:127.0.0.1:5062;transport=tcp");
    }

    @Test
    void unregisteredServiceCapabilitiesSelectTheFirstCapableScscfAndNoneIs480() {
        assertThat(TerminatingRules.afterLocation(new LocationInfoAnswer(2003, CxResult.DIAMETER_UNREGISTERED_SERVICE,
                null, new ServerCapabilities(List.of(), List.of(), List.of("sip:s1", "sip:s2")))).scscf())
                .isEqualTo("sip:s1");
        TerminatingRules.Decision none = TerminatingRules.afterLocation(new LocationInfoAnswer(2003,
                CxResult.DIAMETER_UNREGISTERED_SERVICE, null, new ServerCapabilities(List.of(), List.of(), List.of())));
        assertThat(none.forwards()).isFalse();
        assertThat(none.status()).isEqualTo(480);
    }

    @Test
    void userUnknownIs404NotRegisteredIs480AndHssTroubleIs480WithAReason() {
        assertThat(TerminatingRules.afterFailure(new HssFailure(HssFailure.Kind.NEGATIVE, CxCause.USER_UNKNOWN, 404,
                "x")).status()).isEqualTo(404);
        assertThat(TerminatingRules.afterFailure(new HssFailure(HssFailure.Kind.NEGATIVE,
                CxCause.IDENTITY_NOT_REGISTERED, 404, "x")).status()).isEqualTo(480);
        TerminatingRules.Decision timeout = TerminatingRules.afterFailure(new HssFailure(HssFailure.Kind.TIMEOUT,
                null, 0, "x"));
        assertThat(timeout.status()).isEqualTo(480);
        assertThat(timeout.reason()).contains("HSS did not answer");
        TerminatingRules.Decision down = TerminatingRules.afterFailure(new HssFailure(HssFailure.Kind.ERROR, null, 0,
                "x"));
        assertThat(down.status()).isEqualTo(480);
        assertThat(down.reason()).contains("HSS unavailable");
        assertThat(TerminatingRules.afterFailure(new IllegalStateException("boom")).status()).isEqualTo(480);
    }
}
