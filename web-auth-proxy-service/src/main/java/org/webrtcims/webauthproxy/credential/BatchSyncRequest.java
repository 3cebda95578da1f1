package org.webrtcims.webauthproxy.credential;

import java.util.List;

/** Body of {@code POST /sync/v1/credentials:batch}: {@code {"items":[…]}}. */
public record BatchSyncRequest(List<CredentialSyncRequest> items) {
}
