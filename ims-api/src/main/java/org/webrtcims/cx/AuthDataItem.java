package org.webrtcims.cx;

/** One SIP-Auth-Data-Item of MAA. */
public record AuthDataItem(int itemNumber, String authScheme, String webIdentity,
                           SipDigestAuthenticate sipDigestAuthenticate) {
}
