package org.webrtcims.epcscf.registration;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sip.message.Request;

import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.ProfileMessages;
import org.webrtcims.epcscf.sip.WicMessageParser;

/** Profile §3 step 1 checks and §6 rows 2–5, on the profile's example REGISTER. */
class RegisterAdmissionTest {

    private static final String WWSF = "wwsf.example.com";
    private final RegisterAdmission admission = new RegisterAdmission(false);

    private static Request request(String text) {
        return (Request) WicMessageParser.parse(text).orElseThrow().message();
    }

    private static int status(EdgeVerdict verdict) {
        return verdict instanceof EdgeVerdict.Reject reject ? reject.status() : 0;
    }

    @Test
    void step1ExampleIsForwardedForItsWebIdentity() {
        assertThat(admission.admit(request(ProfileMessages.STEP1), WWSF, null))
                .isEqualTo(new EdgeVerdict.Forward("alice@idp.example.com", WWSF));
    }

    @Test
    void row3MissingIdentityHeaderIs400UnlessDModeOrABoundDeregistration() {
        String withoutHeader = ProfileMessages.STEP1.replaceFirst("WebRTC-Web-Identity: [^\r]+\r\n", "");
        assertThat(status(admission.admit(request(withoutHeader), WWSF, null))).isEqualTo(400);
        assertThat(new RegisterAdmission(true).admit(request(withoutHeader), WWSF, null))
                .isEqualTo(new EdgeVerdict.Forward(null, WWSF));
        String deregistration = withoutHeader.replace("expires=600", "expires=0").replace("Expires: 600", "Expires: 0");
        assertThat(admission.admit(request(deregistration), WWSF, "alice@idp.example.com"))
                .isEqualTo(new EdgeVerdict.Forward("alice@idp.example.com", WWSF));
        assertThat(status(admission.admit(request(deregistration), WWSF, null))).isEqualTo(400);
    }

    @Test
    void row4WwsfClaimOtherThanTheOriginsIs403() {
        assertThat(status(admission.admit(request(ProfileMessages.STEP1), "other.example.com", null))).isEqualTo(403);
    }

    @Test
    void row3DigestUsernameOtherThanTheWebIdentityIs403() {
        String answer = ProfileMessages.STEP1.replace("Content-Length: 0", "Authorization: Digest "
                + "username=\"bob@idp.example.com\", realm=\"wwsf.example.com\", nonce=\"n\", uri=\"sip:ims.example.net\", "
                + "response=\"0123\", qop=auth, nc=00000001, cnonce=\"c\"\r\nContent-Length: 0");
        assertThat(status(admission.admit(request(answer), WWSF, null))).isEqualTo(403);
    }

    @Test
    void row2FromTagMissingOrWithoutValueIs400() {
        // RFC 3261 §8.1.1.3 (mandatory From tag), §25.1 (tag-param = "tag" EQUAL token)
        for (String from : new String[] {";tag;x", ";tag=", ""}) {
            String text = ProfileMessages.STEP1.replace(";tag=a73kszlfl2", from);
            assertThat(status(admission.admit(request(text), WWSF, null))).as(from).isEqualTo(400);
        }
    }

    @Test
    void row5WithoutSupportedPathIs421RequiringPath() {
        EdgeVerdict verdict = admission.admit(request(ProfileMessages.STEP1.replace("Supported: path,gruu,outbound",
                "Supported: gruu,outbound")), WWSF, null);
        assertThat(verdict).isInstanceOfSatisfying(EdgeVerdict.Reject.class, r -> {
            assertThat(r.status()).isEqualTo(421);
            assertThat(r.headers()).containsExactly(java.util.Map.entry("Require", "path"));
        });
    }

    @Test
    void row2ThirdPartyRegIdWithoutInstanceAndLoneStarRules() {
        assertThat(status(admission.admit(request(ProfileMessages.STEP1.replace("From: \"Alice\" <sip:alice.web@",
                "From: <sip:bob@")), WWSF, null))).isEqualTo(403);
        assertThat(status(admission.admit(request(ProfileMessages.STEP1.replaceFirst(
                ";\\+sip\\.instance=\"<[^>]+>\"", "")), WWSF, null))).isEqualTo(400);
        assertThat(status(admission.admit(request(ProfileMessages.STEP1.replaceFirst("Contact: [^\r]+", "Contact: *")),
                WWSF, null))).isEqualTo(400);
        assertThat(status(admission.admit(request(ProfileMessages.STEP1.replaceFirst("Max-Forwards: 69\r\n", "")),
                WWSF, null))).isEqualTo(400);
    }
}
