package org.webrtcims.hss.subscription;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A subscription as the Cx decisions and the admin API see it. */
public record SubscriptionView(String id, String privateIdentity, boolean enabled, List<Impu> impus,
                               Set<String> allowedWwsfs, Set<String> allowedWafs) {

    public record Impu(String impu, boolean barred, boolean isDefault) {
    }

    public Optional<Impu> impu(String impu) {
        return impus.stream().filter(i -> i.impu().equals(impu)).findFirst();
    }
}
