package org.webrtcims.hss.subscription;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/** An IMS subscription: its IMPUs (barring, default) and the WWSFs / WAFs its users may come through (X.3). */
@Entity
@Table(name = "subscription")
public class SubscriptionEntity {

    @Id
    private String id;
    @Column(name = "private_identity")
    private String privateIdentity;
    private boolean enabled;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    @OneToMany(mappedBy = "subscription", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("position")
    private List<SubscriptionImpuEntity> impus = new ArrayList<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "subscription_allowed_wwsf", joinColumns = @JoinColumn(name = "subscription_id"))
    @Column(name = "wwsf_identity")
    private Set<String> allowedWwsfs = new TreeSet<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "subscription_allowed_waf", joinColumns = @JoinColumn(name = "subscription_id"))
    @Column(name = "waf_name")
    private Set<String> allowedWafs = new TreeSet<>();

    protected SubscriptionEntity() {
    }

    public SubscriptionEntity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Replaces the whole subscription with {@code view}'s content, keeping IMPU rows that stay. */
    public void replaceWith(SubscriptionView view) {
        this.privateIdentity = view.privateIdentity();
        this.enabled = view.enabled();
        this.updatedAt = OffsetDateTime.now();
        this.allowedWwsfs.clear();
        this.allowedWwsfs.addAll(view.allowedWwsfs());
        this.allowedWafs.clear();
        this.allowedWafs.addAll(view.allowedWafs());
        impus.removeIf(existing -> view.impus().stream().noneMatch(i -> i.impu().equals(existing.impu())));
        for (int position = 0; position < view.impus().size(); position++) {
            SubscriptionView.Impu wanted = view.impus().get(position);
            SubscriptionImpuEntity row = impus.stream().filter(i -> i.impu().equals(wanted.impu())).findFirst()
                    .orElseGet(() -> {
                        SubscriptionImpuEntity created = new SubscriptionImpuEntity(wanted.impu(), this);
                        impus.add(created);
                        return created;
                    });
            row.update(wanted.barred(), wanted.isDefault(), position);
        }
    }

    public SubscriptionView view() {
        return new SubscriptionView(id, privateIdentity, enabled,
                impus.stream().map(i -> new SubscriptionView.Impu(i.impu(), i.barred(), i.isDefault())).toList(),
                Set.copyOf(allowedWwsfs), Set.copyOf(allowedWafs));
    }
}
