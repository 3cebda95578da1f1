package org.webrtcims.scscf.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.scscf.config.ScscfProperties;

/** The checks made before any HSS or database work (RFC 3261 §8.2.2.3, §10.3; RFC 5626; 33.203 P.4.1, P.6). */
class RegisterChecksTest {

    private static final String OB_PATH = "<sip:ft-1@edge.example.net;lr;ob>";
    private final RegisterChecks checks = new RegisterChecks(new ScscfProperties.Registrar(Duration.ofSeconds(300),
            Duration.ofSeconds(7200), Duration.ofSeconds(3600), null, null, null, null, null, null));

    private static ContactSpec contact(Integer expires) {
        return new ContactSpec("sip:c1@192.0.2.1:5060;transport=ws", expires, null, null, "");
    }

    private static RegisterRequest request(List<ContactSpec> contacts, boolean wildcard, Integer expires,
                                           DigestCredentials credentials, List<String> path, List<String> require,
                                           boolean uriMatches, boolean viaTrustedEdge) {
        return new RegisterRequest(FakeHssCx.IMPU, "call-1", 1, contacts, wildcard, expires, credentials, path,
                require, null, uriMatches, "198.51.100.1", viaTrustedEdge);
    }

    private static RegisterRequest simple(ContactSpec contact) {
        return request(List.of(contact), false, null, null, List.of(OB_PATH), List.of(), true, false);
    }

    private static DigestCredentials credentials(String integrityProtected, String response) {
        return new DigestCredentials(FakeHssCx.IMPI, FakeHssCx.REALM, response == null ? "" : "nonce", "sip:ims.example.net",
                response, "MD5", "auth", "00000001", "cn", "op", integrityProtected, FakeHssCx.REALM);
    }

    @Test
    void wellFormedRegisterPassesEveryCheck() {
        assertThat(checks.refusal(simple(contact(600)))).isNull();
    }

    @Test
    void unsupportedRequireOptionGets420NamingIt() {
        RegisterReply reply = checks.refusal(request(List.of(contact(600)), false, null, null, List.of(OB_PATH),
                List.of("path", "100rel"), true, false));
        assertThat(reply.status()).isEqualTo(420);
        assertThat(reply.values("Unsupported")).containsExactly("100rel");
    }

    @Test
    void wildcardContactWithoutExpiresZeroGets400() {
        RegisterReply reply = checks.refusal(request(List.of(), true, 600, null, List.of(), List.of(), true, false));
        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void expiresBelowMinExpiresGets423WithMinExpires() {
        RegisterReply reply = checks.refusal(simple(contact(60)));
        assertThat(reply.status()).isEqualTo(423);
        assertThat(reply.values("Min-Expires")).containsExactly("300");
    }

    @Test
    void regIdWithoutInstanceGets400() {
        RegisterReply reply = checks.refusal(simple(new ContactSpec("sip:c1@h", 600, null, 1, "reg-id=1")));
        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void outboundRegistrationWhoseFirstPathLacksObGets439() {
        RegisterReply reply = checks.refusal(request(List.of(new ContactSpec("sip:c1@h", 600, "<urn:uuid:1>", 1, "")),
                false, null, null, List.of("<sip:ft-1@edge.example.net;lr>"), List.of(), true, false));
        assertThat(reply.status()).isEqualTo(439);
    }

    @Test
    void imsAkaRequestGets403SchemeNotSupported() {
        RegisterReply reply = checks.refusal(request(List.of(contact(600)), false, null, credentials("yes", null),
                List.of(OB_PATH), List.of(), true, false));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.reason()).contains("scheme not supported");
    }

    @Test
    void digestUriOtherThanTheRequestUriGets400() {
        RegisterReply reply = checks.refusal(request(List.of(contact(600)), false, null,
                credentials("tls-pending", "abc"), List.of(OB_PATH), List.of(), false, false));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.reason()).contains("Digest uri");
    }

    @Test
    void withoutAuthorizationTheImpiIsDerivedFromTheImpu() {
        // Annex P.6, 24.229 §5.3.1.2: drop the scheme
        assertThat(RegisterChecks.impi(simple(contact(600)))).isEqualTo("alice.web@ims.example.net");
    }

    @Test
    void grantedExpiryIsCappedAtMaxExpiresAndDefaultsToDefaultExpires() {
        assertThat(checks.grantedExpires(simple(contact(86_400)), contact(86_400))).isEqualTo(7200);
        assertThat(checks.grantedExpires(simple(contact(null)), contact(null))).isEqualTo(3600);
    }

    @Test
    void tlsYesDeregistrationIsVouchedForOnlyThroughATrustedEdge() {
        // profile D12, issue 11: tls-yes counts only when the bottom Path names a trusted eP-CSCF
        RegisterRequest trusted = request(List.of(contact(0)), false, null, credentials("tls-yes", null),
                List.of(OB_PATH), List.of(), true, true);
        RegisterRequest untrusted = request(List.of(contact(0)), false, null, credentials("tls-yes", null),
                List.of(OB_PATH), List.of(), true, false);
        assertThat(checks.isVouchedDeregistration(trusted)).isTrue();
        assertThat(checks.isVouchedDeregistration(untrusted)).isFalse();
        assertThat(checks.isDeregistration(untrusted)).isTrue();
    }

    @Test
    void obParameterIsFoundOnlyAsAUriParameter() {
        assertThat(RegisterChecks.hasOb("<sip:ft@h;lr;ob>")).isTrue();
        assertThat(RegisterChecks.hasOb("<sip:ft@h;lr;obx>")).isFalse();
    }
}
