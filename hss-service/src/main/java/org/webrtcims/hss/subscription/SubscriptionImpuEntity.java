package org.webrtcims.hss.subscription;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One IMPU of a subscription. */
@Entity
@Table(name = "subscription_impu")
public class SubscriptionImpuEntity {

    @Id
    private String impu;
    @ManyToOne(optional = false)
    @JoinColumn(name = "subscription_id")
    private SubscriptionEntity subscription;
    private boolean barred;
    @Column(name = "is_default")
    private boolean isDefault;
    private int position;

    protected SubscriptionImpuEntity() {
    }

    SubscriptionImpuEntity(String impu, SubscriptionEntity subscription) {
        this.impu = impu;
        this.subscription = subscription;
    }

    void update(boolean barred, boolean isDefault, int position) {
        this.barred = barred;
        this.isDefault = isDefault;
        this.position = position;
    }

    public String impu() {
        return impu;
    }

    public boolean barred() {
        return barred;
    }

    public boolean isDefault() {
        return isDefault;
    }

    public SubscriptionEntity subscription() {
        return subscription;
    }
}
