package org.webrtcims.hss.wwsf;

import java.util.List;

/**
 * Body of {@code PUT /admin/v1/wwsfs/{wwsfIdentity}} (profile §5.4).
 *
 * @param realm           digest realm of its users' credentials; default the WWSF identity (D4)
 * @param algorithmPolicy {@code md5-only} (default) or {@code sha256-first}
 * @param enabled         default true
 */
public record WwsfRequest(List<String> origins, String realm, String algorithmPolicy, Boolean enabled) {
}
