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
 */
public record RegisterRequest(String impu, String callId, long cseq, List<ContactSpec> contacts,
                              boolean wildcardContact, Integer expiresHeader, DigestCredentials credentials,
                              List<String> path, List<String> require, byte[] body) {

    public RegisterRequest {
        contacts = List.copyOf(contacts);
        path = List.copyOf(path);
        require = List.copyOf(require);
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
