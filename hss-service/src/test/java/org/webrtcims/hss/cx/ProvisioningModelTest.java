package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.AlgorithmPolicy;
import org.webrtcims.hss.wwsf.WwsfView;

class ProvisioningModelTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private static WwsfView wwsf(String id, boolean enabled) {
        return new WwsfView(id, id, AlgorithmPolicy.MD5_ONLY, enabled, Set.of("https://" + id));
    }

    private static SubscriptionView subscription(String id, String... impus) {
        return new SubscriptionView(id, null, true, java.util.Arrays.stream(impus)
                .map(i -> new SubscriptionView.Impu(i, false, false)).toList(), Set.of("w1"), Set.of());
    }

    private static MappingView mapping(long id, String wwsf, String web, String impu, String sub) {
        return new MappingView(id, wwsf, web, impu, sub, true, T, T);
    }

    private static ProvisioningModel loaded() {
        ProvisioningModel model = new ProvisioningModel();
        model.replaceAll(7, List.of(wwsf("w1", true), wwsf("w2", true)),
                List.of(subscription("s1", "sip:a@x", "tel:+1"), subscription("s2", "sip:b@x")),
                List.of(mapping(1, "w1", "alice", "sip:a@x", "s1"), mapping(2, "w2", "alice", "sip:b@x", "s2")));
        return model;
    }

    @Test
    void aLoadedModelFindsTheMappingWithItsSubscriptionAndWwsf() {
        ProvisioningModel model = loaded();

        ProvisioningModel.Provisioned found = model.find("w1", "alice", "sip:a@x");

        assertThat(model.version()).isEqualTo(7);
        assertThat(found.mapping().id()).isEqualTo(1);
        assertThat(found.subscription().id()).isEqualTo("s1");
        assertThat(found.wwsf().identity()).isEqualTo("w1");
        assertThat(model.subscriptionOf("tel:+1")).map(SubscriptionView::id).contains("s1");
        assertThat(model.find("w1", "bob", "sip:a@x")).isNull();
    }

    @Test
    void withoutAWwsfTheMappingIntoTheImpusSubscriptionIsChosenAmongSeveral() {
        ProvisioningModel model = loaded();

        assertThat(model.find(null, "alice", "sip:b@x").mapping().id()).isEqualTo(2);
        assertThat(model.find(null, "alice", "sip:nobody@x")).isNull();
    }

    @Test
    void aDeltaReplacesChangedKeysAndRemovesDeletedOnes() {
        ProvisioningModel model = loaded();

        model.apply(8, new ProvisioningModel.Delta(Set.of("w1"), Map.of("w1", wwsf("w1", false)),
                Set.of("s2"), Map.of(), Set.of("alice"), Map.of("alice",
                List.of(mapping(1, "w1", "alice", "sip:a@x", "s1")))));

        assertThat(model.version()).isEqualTo(8);
        assertThat(model.find("w1", "alice", "sip:a@x").wwsf().enabled()).isFalse();
        assertThat(model.subscriptionOf("sip:b@x")).isEmpty();
        assertThat(model.find("w2", "alice", "sip:b@x")).isNull();
    }

    @Test
    void anImpuMovedBetweenSubscriptionsInOneDeltaBelongsToItsNewSubscription() {
        ProvisioningModel model = loaded();

        model.apply(8, new ProvisioningModel.Delta(Set.of(), Map.of(), Set.of("s1", "s2"),
                Map.of("s1", subscription("s1", "sip:a@x"), "s2", subscription("s2", "sip:b@x", "tel:+1")),
                Set.of(), Map.of()));

        assertThat(model.subscriptionOf("tel:+1")).map(SubscriptionView::id).contains("s2");
        assertThat(model.subscriptionOf("sip:a@x")).map(SubscriptionView::id).contains("s1");
    }

    @Test
    void onlyAnEnabledMappingOfTheWebIdentityMapsIntoTheSubscription() {
        ProvisioningModel model = loaded();

        assertThat(model.mapsInto("alice", null, "s1")).isTrue();
        assertThat(model.mapsInto("alice", "w2", "s1")).isFalse();
        assertThat(model.mapsInto(null, null, "s1")).isFalse();
        model.apply(8, new ProvisioningModel.Delta(Set.of(), Map.of(), Set.of(), Map.of(), Set.of("alice"),
                Map.of("alice", List.of(new MappingView(1, "w1", "alice", "sip:a@x", "s1", false, T, T)))));
        assertThat(model.mapsInto("alice", null, "s1")).isFalse();
    }

    @Test
    void theWwsfListIsSortedByIdentity() {
        assertThat(loaded().wwsfs()).extracting(WwsfView::identity).containsExactly("w1", "w2");
    }

    @Test
    void aFullReplaceForgetsWhatTheNewStateLacks() {
        ProvisioningModel model = loaded();

        model.replaceAll(9, List.of(wwsf("w1", true)), List.of(subscription("s1", "sip:a@x")), List.of());

        assertThat(model.find("w1", "alice", "sip:a@x")).isNull();
        assertThat(model.subscriptionOf("tel:+1")).isEmpty();
        assertThat(model.version()).isEqualTo(9);
    }
}
