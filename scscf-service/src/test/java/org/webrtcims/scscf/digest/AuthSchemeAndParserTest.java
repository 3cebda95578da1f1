package org.webrtcims.scscf.digest;

import org.webrtcims.digest.AuthorizationParser;
import org.webrtcims.digest.DigestCredentials;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthSchemeAndParserTest {

    /** TS 33.203 Annex P.4.1 as profile §1.3 reads it. */
    @Test
    void annexPDecidesSipDigestForTheEpCscfsTlsPendingAndTlsYes() {
        assertThat(AuthScheme.decide(true, "tls-pending", null)).isEqualTo(AuthScheme.SIP_DIGEST);
        assertThat(AuthScheme.decide(true, "tls-yes", "MD5")).isEqualTo(AuthScheme.SIP_DIGEST);
        assertThat(AuthScheme.decide(true, null, null)).isEqualTo(AuthScheme.SIP_DIGEST);
        assertThat(AuthScheme.decide(true, "yes", null)).isEqualTo(AuthScheme.IMS_AKA);
        assertThat(AuthScheme.decide(true, "no", null)).isEqualTo(AuthScheme.IMS_AKA);
        assertThat(AuthScheme.decide(true, "tls-connected", "AKAv2-SHA-256")).isEqualTo(AuthScheme.IMS_AKA);
        assertThat(AuthScheme.decide(true, "auth-done", null)).isEqualTo(AuthScheme.TRUSTED_NODE);
        assertThat(AuthScheme.decide(false, null, null)).isEqualTo(AuthScheme.UNKNOWN_ASK_HSS);
    }

    @Test
    void profileStep8AuthorizationIsParsedExactlyAsSent() {
        DigestCredentials c = AuthorizationParser.parse("Digest algorithm=MD5, username=\"alice@idp.example.com\", "
                + "realm=\"wwsf.example.com\", nonce=\"AAABk2cF3QD6oQh1X0s7ZlQJm9rY4v2LqQy7kN3P0Zc\", "
                + "uri=\"sip:ims.example.net\", response=\"bf06b1b21453901c4434c2644de037fd\", "
                + "opaque=\"YWN0eC0wMDAx\", qop=auth, cnonce=\"b7c1a9f2d3e4\", nc=00000001, "
                + "integrity-protected=\"tls-pending\", wwsf-identity=\"wwsf.example.com\"").orElseThrow();
        assertThat(c.username()).isEqualTo("alice@idp.example.com");
        assertThat(c.uri()).isEqualTo("sip:ims.example.net");
        assertThat(c.qop()).isEqualTo("auth");
        assertThat(c.nonceCount()).isEqualTo("00000001");
        assertThat(c.integrityProtected()).isEqualTo("tls-pending");
        assertThat(c.wwsfIdentity()).isEqualTo("wwsf.example.com");
        assertThat(c.hasResponse()).isTrue();
    }

    @Test
    void synthesizedInitialAuthorizationHasNoResponse() {
        DigestCredentials c = AuthorizationParser.parse("Digest username=\"alice@idp.example.com\", "
                + "realm=\"wwsf.example.com\", uri=\"sip:ims.example.net\", nonce=\"\", response=\"\", "
                + "integrity-protected=\"tls-pending\", wwsf-identity=\"wwsf.example.com\"").orElseThrow();
        assertThat(c.hasResponse()).isFalse();
    }

    @Test
    void nonDigestOrBrokenHeadersAreRejected() {
        assertThat(AuthorizationParser.parse("Basic YWxhZGRpbjpvcGVuc2VzYW1l")).isEmpty();
        assertThat(AuthorizationParser.parse("Digest username=\"unterminated")).isEmpty();
        assertThat(AuthorizationParser.parse("Digest username=\"a\", username=\"b\"")).isEmpty();
    }
}
