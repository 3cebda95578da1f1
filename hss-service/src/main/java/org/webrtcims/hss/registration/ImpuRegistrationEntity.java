package org.webrtcims.hss.registration;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "impu_registration")
public class ImpuRegistrationEntity {

    @Id
    private String impu;
    @Enumerated(EnumType.STRING)
    private RegistrationState state;
    @Column(name = "scscf_name")
    private String scscfName;
    @Column(name = "private_identity")
    private String privateIdentity;
    @Column(name = "auth_pending")
    private boolean authPending;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected ImpuRegistrationEntity() {
    }

    public ImpuRegistrationEntity(String impu) {
        this.impu = impu;
        apply(RegistrationView.notRegistered(impu));
    }

    public RegistrationView view() {
        return new RegistrationView(impu, state, scscfName, privateIdentity, authPending);
    }

    public void apply(RegistrationView next) {
        this.state = next.state();
        this.scscfName = next.scscfName();
        this.privateIdentity = next.privateIdentity();
        this.authPending = next.authPending();
        this.updatedAt = OffsetDateTime.now();
    }
}
