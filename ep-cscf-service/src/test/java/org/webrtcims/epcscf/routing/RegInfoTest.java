package org.webrtcims.epcscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code application/reginfo+xml} as profile §7.4 shows it (RFC 3680 §5.3). */
class RegInfoTest {

    private static final String PROFILE_EXAMPLE = """
            <?xml version="1.0"?>
            <reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full">
              <registration aor="sip:alice.web@ims.example.net" id="a7" state="active">
                <contact id="c1" state="active" event="registered" expires="600">
                  <uri>sip:r8t2w6y0@k3v9q2x7m1p4.invalid;transport=ws</uri>
                </contact>
              </registration>
              <registration aor="tel:+15551230001" id="a8" state="active"/>
            </reginfo>
            """;

    @Test
    void profileExampleIsActive() {
        RegInfo info = RegInfo.parse(PROFILE_EXAMPLE).orElseThrow();
        assertThat(info.state()).isEqualTo("full");
        assertThat(info.version()).isZero();
        assertThat(info.registrations()).hasSize(2);
        assertThat(info.registrations().get(0).contacts().get(0).uri())
                .isEqualTo("sip:r8t2w6y0@k3v9q2x7m1p4.invalid;transport=ws");
        assertThat(info.terminatedAors()).isEmpty();
    }

    @Test
    void networkDeregistrationTerminatesTheRegistration() {
        String xml = PROFILE_EXAMPLE.replace("id=\"a7\" state=\"active\"", "id=\"a7\" state=\"terminated\"")
                .replace("state=\"active\" event=\"registered\"", "state=\"terminated\" event=\"deactivated\"");
        RegInfo info = RegInfo.parse(xml).orElseThrow();
        assertThat(info.terminatedAors()).containsExactly("sip:alice.web@ims.example.net");
        assertThat(info.registrations().get(0).contacts().get(0).event()).isEqualTo("deactivated");
        assertThat(info.registrations().get(0).contacts().get(0).terminated()).isTrue();
    }

    @Test
    void aDoctypeOrAnotherDocumentIsRefused() {
        assertThat(RegInfo.parse("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\">&x;</reginfo>")).isEmpty();
        assertThat(RegInfo.parse("<presence/>")).isEmpty();
        assertThat(RegInfo.parse("not xml")).isEmpty();
        assertThat(RegInfo.parse("")).isEmpty();
    }

    @Test
    void subscriptionStateReasonsThatStopTheIdentity() {
        assertThat(RegInfo.unbindsOnTermination("terminated;reason=deactivated")).isTrue();
        assertThat(RegInfo.unbindsOnTermination("terminated; reason=rejected")).isTrue();
        assertThat(RegInfo.unbindsOnTermination("terminated;reason=noresource")).isTrue();
        assertThat(RegInfo.unbindsOnTermination("terminated;reason=timeout")).isFalse();
        assertThat(RegInfo.unbindsOnTermination("active;expires=600000")).isFalse();
        assertThat(RegInfo.subscriptionTerminated("terminated;reason=timeout")).isTrue();
        assertThat(RegInfo.subscriptionTerminated("active")).isFalse();
    }
}
