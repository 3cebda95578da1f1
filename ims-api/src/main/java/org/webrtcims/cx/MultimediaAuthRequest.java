package org.webrtcims.cx;

import java.util.List;

/** MAR body (profile §5.2): {@code authScheme} is "SIP Digest" or "Unknown". */
public record MultimediaAuthRequest(String impu, String wwsfIdentity, String serverName, String authScheme,
                                    Integer numberAuthItems, List<String> acceptAlgorithms) {

    public static final String SIP_DIGEST = "SIP Digest";
    public static final String UNKNOWN = "Unknown";
}
