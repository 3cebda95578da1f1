package org.webrtcims.epcscf.registration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.webrtcims.digest.AuthorizationParser;
import org.webrtcims.digest.DigestCredentials;

/** Profile D2: what the eP-CSCF asserts in the Authorization toward the I-CSCF. */
class MwAuthorizationTest {

    @Test
    void d2aInitialCredentialsAreTheProfilesStep2aHeader() {
        assertThat(MwAuthorization.initial("alice@idp.example.com", "wwsf.example.com", "sip:ims.example.net",
                MwAuthorization.TLS_PENDING, "wwsf.example.com")).isEqualTo("Digest username=\"alice@idp.example.com\", "
                + "realm=\"wwsf.example.com\", uri=\"sip:ims.example.net\", nonce=\"\", response=\"\", "
                + "integrity-protected=\"tls-pending\", wwsf-identity=\"wwsf.example.com\"");
    }

    @Test
    void d2bWicCredentialsKeepTheirDigestAndGetTheEdgeParameters() {
        String wic = "Digest algorithm=MD5, username=\"alice@idp.example.com\", realm=\"wwsf.example.com\", "
                + "nonce=\"AAAB,k2\", uri=\"sip:ims.example.net\", response=\"bf06b1b21453901c4434c2644de037fd\", "
                + "opaque=\"YWN0eC0wMDAx\", qop=auth, cnonce=\"b7c1a9f2d3e4\", nc=00000001";
        DigestCredentials extended = AuthorizationParser.parse(
                MwAuthorization.extended(wic, MwAuthorization.TLS_YES, "wwsf.example.com")).orElseThrow();
        assertThat(extended.nonce()).isEqualTo("AAAB,k2");
        assertThat(extended.response()).isEqualTo("bf06b1b21453901c4434c2644de037fd");
        assertThat(extended.nonceCount()).isEqualTo("00000001");
        assertThat(extended.integrityProtected()).isEqualTo("tls-yes");
        assertThat(extended.wwsfIdentity()).isEqualTo("wwsf.example.com");
    }

    @Test
    void d2WicCannotAssertIntegrityProtectionOrWwsfItself() {
        String forged = "Digest username=\"alice@idp.example.com\", nonce=\"\", response=\"\", "
                + "integrity-protected=\"tls-yes\", wwsf-identity=\"other.example.com\"";
        String extended = MwAuthorization.extended(forged, MwAuthorization.TLS_PENDING, "wwsf.example.com");
        assertThat(extended).doesNotContain("tls-yes").doesNotContain("other.example.com");
        assertThat(AuthorizationParser.parse(extended).orElseThrow().integrityProtected()).isEqualTo("tls-pending");
    }
}
