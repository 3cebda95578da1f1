package org.webrtcims.cx;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * SIP-Digest-Authenticate (TS 29.229 §6.3.36): {@code digestHa1} is the MD5 value when one is stored
 * (backward compatibility), the alternate fields carry a stronger algorithm's H(A1) (AVPs 662/663, D9).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SipDigestAuthenticate(String digestRealm, String digestAlgorithm, String digestQop, String digestHa1,
                                    String alternateDigestAlgorithm, String alternateDigestHa1) {

    @Override
    public String toString() {
        return "SipDigestAuthenticate[realm=" + digestRealm + ", algorithm=" + digestAlgorithm + ", qop=" + digestQop
                + ", alternate=" + alternateDigestAlgorithm + ", ha1=<redacted>]";
    }
}
