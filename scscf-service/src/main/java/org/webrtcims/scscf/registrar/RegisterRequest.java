package org.webrtcims.scscf.registrar;

import java.util.List;

import org.webrtcims.digest.DigestCredentials;

/**
 * What the registrar needs of a REGISTER, taken from the SIP message by the jain-sip adapter.
 *
 * @param impu            the To URI (the public identity being registered)
 * @param contacts        the Contact headers (empty for a fetch of the bindings)
 * @param wildcardContact {@code Contact: *}
 * @param expiresHeader   the Expires header, or null
 * @param credentials     the Authorization header, or null when there is none
 * @param path            the Path header values in order
 * @param require         option tags of Require
 * @param digestUriMatches false when the Authorization's {@code uri} is not the Request-URI (RFC 2617 §3.2.2.5)
 * @param source          the WIC's address as the eP-CSCF saw it (lockout key; see {@code EdgeTrust})
 * @param viaTrustedEdge  the bottom Path names a trusted eP-CSCF, so {@code integrity-protected} is its word
 */
public record RegisterRequest(String impu, String callId, long cseq, List<ContactSpec> contacts,
                              boolean wildcardContact, Integer expiresHeader, DigestCredentials credentials,
                              List<String> path, List<String> require, byte[] body, boolean digestUriMatches,
                              String source, boolean viaTrustedEdge) {

    public RegisterRequest {
        contacts = List.copyOf(contacts);
        path = List.copyOf(path);
        require = List.copyOf(require);
        body = body == null ? new byte[0] : body.clone();
        source = source == null ? "unknown" : source;
    }

    /** A REGISTER whose digest uri is the Request-URI, from an unknown source, not via a trusted eP-CSCF. */
    public RegisterRequest(String impu, String callId, long cseq, List<ContactSpec> contacts, boolean wildcardContact,
                           Integer expiresHeader, DigestCredentials credentials, List<String> path,
                           List<String> require, byte[] body) {
        this(impu, callId, cseq, contacts, wildcardContact, expiresHeader, credentials, path, require, body, true,
                null, false);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
