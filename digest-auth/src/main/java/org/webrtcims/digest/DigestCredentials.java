package org.webrtcims.digest;

/**
 * The parameters of an {@code Authorization: Digest …} header the S-CSCF looks at (RFC 2617 §3.2.2, RFC 7616
 * §3.4, 24.229 §7.2A.2 {@code integrity-protected}, profile D3 {@code wwsf-identity}). Null when absent.
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                String algorithm, String qop, String nonceCount, String cnonce, String opaque,
                                String integrityProtected, String wwsfIdentity) {

    /** The eP-CSCF's synthesized initial credentials (D2 a): an empty response, nothing to verify. */
    public boolean hasResponse() {
        return response != null && !response.isEmpty() && nonce != null && !nonce.isEmpty();
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", realm=" + realm + ", algorithm=" + algorithm + ", qop="
                + qop + ", nc=" + nonceCount + "]";
    }
}
