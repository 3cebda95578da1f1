package org.webrtcims.webauthproxy.audit;

import java.time.OffsetDateTime;

import org.hibernate.annotations.Immutable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the append-only credential audit. */
@Entity
@Immutable
@Table(name = "credential_audit")
public class CredentialAuditEntity {

    @Id
    private Long id;
    @Column(name = "occurred_at")
    private OffsetDateTime occurredAt;
    private String actor;
    private String action;
    @Column(name = "wwsf_identity")
    private String wwsfIdentity;
    @Column(name = "web_identity")
    private String webIdentity;
    @Column(name = "old_version")
    private Long oldVersion;
    @Column(name = "new_version")
    private Long newVersion;
    private String algorithms;

    protected CredentialAuditEntity() {
    }

    AuditEntry toEntry() {
        return new AuditEntry(id, occurredAt.toInstant(), actor, action, wwsfIdentity, webIdentity, oldVersion,
                newVersion, algorithms == null ? java.util.List.of() : java.util.List.of(algorithms.split(",")));
    }
}
