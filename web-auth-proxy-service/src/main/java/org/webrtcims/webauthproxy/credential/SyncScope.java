package org.webrtcims.webauthproxy.credential;

import org.webrtcims.auth.ApiClient;
import org.webrtcims.auth.ApiRole;

/** A sync client may touch only the WWSFs in its scopes; operators (ADMIN) may touch all. */
final class SyncScope {

    private SyncScope() {
    }

    static boolean permits(ApiClient client, String wwsfIdentity) {
        return client.role() == ApiRole.ADMIN || client.hasScope(wwsfIdentity);
    }
}
