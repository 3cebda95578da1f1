package org.webrtcims.webauthproxy.audit;

import java.time.Instant;
import java.util.List;

/** A credential change as the admin API shows it. */
public record AuditEntry(long id, Instant occurredAt, String actor, String action, String wwsfIdentity,
                         String webIdentity, Long oldVersion, Long newVersion, List<String> algorithms) {
}
