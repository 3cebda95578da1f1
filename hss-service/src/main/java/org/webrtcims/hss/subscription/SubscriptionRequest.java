package org.webrtcims.hss.subscription;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code PUT /admin/v1/subscriptions/{subscriptionId}} (profile §5.4): replaces the subscription. */
public record SubscriptionRequest(String privateIdentity, List<Impu> impus, List<String> allowedWwsfs,
                                  List<String> allowedWafs, Boolean enabled) {

    /** One IMPU; {@code default} marks the default public identity (first in P-Associated-URI). */
    public record Impu(String identity, Boolean barred, @JsonProperty("default") Boolean isDefault) {
    }
}
