package org.webrtcims.webauthproxy.vector;

import java.util.List;

/** Body of {@code POST /av/v1/digest-vectors:fetch} (profile §5.3). */
public record DigestVectorFetchRequest(String webIdentity, String wwsfIdentity, List<String> algorithms) {
}
