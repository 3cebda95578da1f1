package org.webrtcims.hss.wwsf;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** A web server function (WWSF) whose users may register: its origins, digest realm and algorithm policy. */
@Entity
@Table(name = "wwsf")
public class WwsfEntity {

    @Id
    private String identity;
    private String realm;
    @Enumerated(EnumType.STRING)
    @Column(name = "algorithm_policy")
    private AlgorithmPolicy algorithmPolicy;
    private boolean enabled;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "wwsf_origin", joinColumns = @JoinColumn(name = "wwsf_identity"))
    @Column(name = "origin")
    private Set<String> origins = new TreeSet<>();
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected WwsfEntity() {
    }

    public WwsfEntity(String identity) {
        this.identity = identity;
    }

    public void update(String realm, AlgorithmPolicy policy, boolean enabled, Set<String> origins) {
        this.realm = realm;
        this.algorithmPolicy = policy;
        this.enabled = enabled;
        this.origins.clear();
        this.origins.addAll(origins);
        this.updatedAt = OffsetDateTime.now();
    }

    public WwsfView view() {
        return new WwsfView(identity, realm, algorithmPolicy, enabled, Set.copyOf(origins));
    }
}
