package org.webrtcims.hss.mapping;

import java.time.Instant;

/** A web identity mapping as the admin API shows it and the Cx decisions use it. */
public record MappingView(long id, String wwsfIdentity, String webIdentity, String impu, String subscriptionId,
                          boolean enabled, Instant createdAt, Instant updatedAt) {
}
