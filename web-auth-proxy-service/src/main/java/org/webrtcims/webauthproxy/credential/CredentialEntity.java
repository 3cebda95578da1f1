package org.webrtcims.webauthproxy.credential;

import java.time.OffsetDateTime;

import org.hibernate.annotations.Immutable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Read model of a stored credential; writes go through {@link CredentialWriter}. */
@Entity
@Immutable
@Table(name = "credential")
public class CredentialEntity {

    @Id
    private Long id;
    @Column(name = "wwsf_identity")
    private String wwsfIdentity;
    @Column(name = "web_identity")
    private String webIdentity;
    private String realm;
    private String qop;
    @Column(name = "credential_version")
    private long credentialVersion;
    @Column(name = "previous_credential_version")
    private Long previousCredentialVersion;
    @Column(name = "key_id")
    private String keyId;
    @Column(name = "ha1_md5")
    private byte[] ha1Md5;
    @Column(name = "ha1_sha256")
    private byte[] ha1Sha256;
    @Column(name = "ha1_sha512_256")
    private byte[] ha1Sha512256;
    @Column(name = "synced_at")
    private OffsetDateTime syncedAt;
    @Column(name = "synced_by")
    private String syncedBy;
    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected CredentialEntity() {
    }

    public CredentialKey key() {
        return new CredentialKey(wwsfIdentity, webIdentity);
    }

    public String realm() {
        return realm;
    }

    public String qop() {
        return qop;
    }

    public long credentialVersion() {
        return credentialVersion;
    }

    public SealedVectors sealedVectors() {
        return new SealedVectors(keyId, ha1Md5, ha1Sha256, ha1Sha512256);
    }

    public OffsetDateTime syncedAt() {
        return syncedAt;
    }

    public OffsetDateTime revokedAt() {
        return revokedAt;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    @Override
    public String toString() {
        return "CredentialEntity[" + wwsfIdentity + ", " + webIdentity + ", v" + credentialVersion + "]";
    }
}
