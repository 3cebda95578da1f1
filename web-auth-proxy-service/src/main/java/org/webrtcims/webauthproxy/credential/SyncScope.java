package org.webrtcims.webauthproxy.credential;

import org.webrtcims.auth.ApiClient;
import org.webrtcims.auth.ApiRole;

/**
 * A sync client may touch only the WWSFs its scopes list (no wildcard: {@code *} is refused at start-up by
 * BearerTokenRegistry); operators (ADMIN) may touch all.
 */
final class SyncScope {

    private SyncScope() {
    }

    static boolean permits(ApiClient client, String wwsfIdentity) {
        return client.role() == ApiRole.ADMIN || (client.role() == ApiRole.SYNC && client.hasScope(wwsfIdentity));
    }
}
