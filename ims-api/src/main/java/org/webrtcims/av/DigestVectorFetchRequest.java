package org.webrtcims.av;

import java.util.List;

/**
 * Body of {@code POST /av/v1/digest-vectors:fetch} (profile §5.3).
 *
 * @param algorithms the wanted algorithms, most wanted first; all stored ones when absent
 */
public record DigestVectorFetchRequest(String webIdentity, String wwsfIdentity, List<String> algorithms) {

    public static final String PATH = "/av/v1/digest-vectors:fetch";
}
