package org.webrtcims.webauthproxy.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.av.DigestVector;
import org.webrtcims.digest.DigestAlgorithm;

/** Profile §4.6 / §5.4 input rules of the sync API. */
class CredentialValidatorTest {

    private static final String MD5 = "2774221d5d92ce890250a1af4d3b3903";
    private final CredentialValidator validator = new CredentialValidator(wwsf -> wwsf);

    private static CredentialSyncRequest request(String webIdentity, String realm, String qop, Long version,
                                                 DigestVector... vectors) {
        return new CredentialSyncRequest("wwsf.example.com", webIdentity, realm, qop, List.of(vectors), version);
    }

    private String cause(CredentialSyncRequest request) {
        CredentialValidator.Outcome outcome = validator.validate(request);
        return outcome.valid() ? "VALID" : outcome.rejection().status().value() + " " + outcome.rejection().cause();
    }

    @Test
    void validCredentialDefaultsQopToAuth() {
        CredentialValidator.Outcome outcome = validator.validate(
                request("alice@idp.example.com", "wwsf.example.com", null, 1L, new DigestVector("MD5", MD5)));
        assertThat(outcome.valid()).isTrue();
        assertThat(outcome.credential().qop()).isEqualTo("auth");
        assertThat(outcome.credential().ha1ByAlgorithm()).containsEntry(DigestAlgorithm.MD5, MD5);
        assertThat(outcome.credential().toString()).doesNotContain(MD5);
    }

    @Test
    void realmMustBeTheWwsfsRealmPerD4() {
        assertThat(cause(request("alice@idp.example.com", "other", "auth", 1L, new DigestVector("MD5", MD5))))
                .isEqualTo("400 REALM_MISMATCH");
    }

    @Test
    void webIdentityIsPrintableAsciiWithoutQuoteOrBackslashPerD5() {
        for (String bad : new String[] {"al ice@idp", "al\"ice", "al\\ice", "alïce@idp.example.com", ""}) {
            assertThat(cause(request(bad, "wwsf.example.com", "auth", 1L, new DigestVector("MD5", MD5))))
                    .as(bad).isEqualTo("422 INVALID_WEB_IDENTITY");
        }
    }

    @Test
    void wwsfIdentityIsALowerCaseHostName() {
        CredentialSyncRequest upper = new CredentialSyncRequest("WWSF.example.com", "a@b", "WWSF.example.com", "auth",
                List.of(new DigestVector("MD5", MD5)), 1L);
        assertThat(cause(upper)).isEqualTo("422 INVALID_WWSF_IDENTITY");
    }

    @Test
    void qopIsAuthOrAuthInt() {
        assertThat(cause(request("a@b", "wwsf.example.com", "auth,auth-int", 1L, new DigestVector("MD5", MD5))))
                .isEqualTo("VALID");
        assertThat(cause(request("a@b", "wwsf.example.com", "none", 1L, new DigestVector("MD5", MD5))))
                .isEqualTo("422 INVALID_QOP");
    }

    @Test
    void repeatedAlgorithmAndNegativeVersionAre422() {
        assertThat(cause(request("a@b", "wwsf.example.com", "auth", 1L, new DigestVector("MD5", MD5),
                new DigestVector("md5", MD5)))).isEqualTo("422 DUPLICATE_ALGORITHM");
        assertThat(cause(request("a@b", "wwsf.example.com", "auth", -1L, new DigestVector("MD5", MD5))))
                .isEqualTo("422 INVALID_CREDENTIAL_VERSION");
    }

    @Test
    void emptyVectorsOrVectorWithoutHa1Are400() {
        assertThat(cause(request("a@b", "wwsf.example.com", "auth", 1L))).isEqualTo("400 MISSING_FIELD");
        assertThat(cause(request("a@b", "wwsf.example.com", "auth", 1L, new DigestVector("MD5", null))))
                .isEqualTo("400 MISSING_FIELD");
    }
}
