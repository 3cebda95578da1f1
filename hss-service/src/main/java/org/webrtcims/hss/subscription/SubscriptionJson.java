package org.webrtcims.hss.subscription;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A subscription as the admin API shows it. */
public record SubscriptionJson(String subscriptionId, String privateIdentity, boolean enabled, List<Impu> impus,
                               List<String> allowedWwsfs, List<String> allowedWafs) {

    public record Impu(String identity, boolean barred, @JsonProperty("default") boolean isDefault) {
    }

    static SubscriptionJson of(SubscriptionView view) {
        return new SubscriptionJson(view.id(), view.privateIdentity(), view.enabled(),
                view.impus().stream().map(i -> new Impu(i.impu(), i.barred(), i.isDefault())).toList(),
                view.allowedWwsfs().stream().sorted().toList(), view.allowedWafs().stream().sorted().toList());
    }
}
