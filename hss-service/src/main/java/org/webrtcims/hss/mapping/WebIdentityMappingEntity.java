package org.webrtcims.hss.mapping;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** (WWSF identity, Web identity) → IMPU of a subscription (profile D5). */
@Entity
@Table(name = "web_identity_mapping")
public class WebIdentityMappingEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "wwsf_identity")
    private String wwsfIdentity;
    @Column(name = "web_identity")
    private String webIdentity;
    private String impu;
    @Column(name = "subscription_id")
    private String subscriptionId;
    private boolean enabled;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected WebIdentityMappingEntity() {
    }

    public WebIdentityMappingEntity(String wwsfIdentity, String webIdentity, String impu, String subscriptionId,
                                    boolean enabled) {
        this.wwsfIdentity = wwsfIdentity;
        this.webIdentity = webIdentity;
        this.impu = impu;
        this.subscriptionId = subscriptionId;
        this.enabled = enabled;
        this.createdAt = OffsetDateTime.now();
        this.updatedAt = createdAt;
    }

    public void change(String impu, boolean enabled) {
        this.impu = impu;
        this.enabled = enabled;
        this.updatedAt = OffsetDateTime.now();
    }

    public MappingView view() {
        return new MappingView(id, wwsfIdentity, webIdentity, impu, subscriptionId, enabled, createdAt.toInstant(),
                updatedAt.toInstant());
    }
}
