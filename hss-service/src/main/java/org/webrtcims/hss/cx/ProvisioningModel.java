package org.webrtcims.hss.cx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.WwsfView;

/**
 * What the Cx API reads of the provisioning data, in memory: WWSFs by identity, subscriptions by id (with their
 * IMPUs, allowed WWSFs and WAFs), the subscription holding each IMPU, and the mappings of each web identity, as of
 * one <em>provisioning version</em> (migration V3/V4). No database, no Spring: {@link CxMemory} loads it and applies
 * the changes; reads are lock-free and may run on any thread.
 * <p>
 * {@link #replaceAll} swaps in a complete new state at once; {@link #apply} changes the current state key by key, so
 * a reader may see one changed key of a delta before another (each key is either its old or its new value).
 * Writers are serialized by the caller ({@code synchronized} here as well).
 */
public final class ProvisioningModel {

    /** A mapping of a web identity with the subscription it leads into and its WWSF (null when there is none). */
    public record Provisioned(MappingView mapping, SubscriptionView subscription, WwsfView wwsf) {
    }

    /**
     * The new values of the keys a provisioning change touched; a key in a {@code …Keys} set that has no value in
     * the matching map no longer exists.
     */
    public record Delta(Set<String> wwsfKeys, Map<String, WwsfView> wwsfs,
                        Set<String> subscriptionKeys, Map<String, SubscriptionView> subscriptions,
                        Set<String> webIdentityKeys, Map<String, List<MappingView>> mappings) {
    }

    private record State(Map<String, WwsfView> wwsfs, Map<String, SubscriptionView> subscriptions,
                         Map<String, String> subscriptionOfImpu, Map<String, List<MappingView>> mappings) {
        State() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new ConcurrentHashMap<>());
        }
    }

    private volatile State state = new State();
    /** -1: never loaded */
    private volatile long version = -1;

    /** The provisioning version the model holds (-1 before the first load). */
    public long version() {
        return version;
    }

    public boolean loaded() {
        return version >= 0;
    }

    /** Replaces everything with a complete state read at {@code version}. */
    public synchronized void replaceAll(long version, Collection<WwsfView> wwsfs,
                                        Collection<SubscriptionView> subscriptions, Collection<MappingView> mappings) {
        State next = new State();
        wwsfs.forEach(w -> next.wwsfs().put(w.identity(), w));
        subscriptions.forEach(s -> putSubscription(next, s));
        Map<String, List<MappingView>> grouped = new java.util.HashMap<>();
        mappings.forEach(m -> grouped.computeIfAbsent(m.webIdentity(), k -> new ArrayList<>(1)).add(m));
        grouped.forEach((k, list) -> next.mappings().put(k, List.copyOf(list)));
        this.state = next;
        this.version = version;
    }

    /** Applies the keys changed up to {@code version} (read at that version or later). */
    public synchronized void apply(long version, Delta delta) {
        State s = state;
        delta.wwsfKeys().forEach(k -> {
            WwsfView w = delta.wwsfs().get(k);
            if (w == null) {
                s.wwsfs().remove(k);
            } else {
                s.wwsfs().put(k, w);
            }
        });
        // an IMPU moved from one subscription to another in one change: remove all old IMPUs first
        delta.subscriptionKeys().forEach(k -> {
            SubscriptionView old = s.subscriptions().get(k);
            if (old != null && !delta.subscriptions().containsKey(k)) {
                s.subscriptions().remove(k);
            }
            if (old != null) {
                old.impus().forEach(i -> s.subscriptionOfImpu().remove(i.impu(), k));
            }
        });
        delta.subscriptionKeys().forEach(k -> {
            SubscriptionView next = delta.subscriptions().get(k);
            if (next != null) {
                putSubscription(s, next);
            }
        });
        delta.webIdentityKeys().forEach(k -> {
            List<MappingView> list = delta.mappings().get(k);
            if (list == null || list.isEmpty()) {
                s.mappings().remove(k);
            } else {
                s.mappings().put(k, List.copyOf(list));
            }
        });
        if (version > this.version) {
            this.version = version;
        }
    }

    private static void putSubscription(State s, SubscriptionView subscription) {
        s.subscriptions().put(subscription.id(), subscription);
        subscription.impus().forEach(i -> s.subscriptionOfImpu().put(i.impu(), subscription.id()));
    }

    /** The mappings of a web identity, each with its subscription and WWSF. */
    public List<Provisioned> mappingsOf(String webIdentity) {
        State s = state;
        List<MappingView> mappings = s.mappings().get(webIdentity);
        if (mappings == null) {
            return List.of();
        }
        List<Provisioned> result = new ArrayList<>(mappings.size());
        for (MappingView m : mappings) {
            SubscriptionView subscription = s.subscriptions().get(m.subscriptionId());
            if (subscription != null) { // (the database's foreign key: only in a half-applied delta)
                result.add(new Provisioned(m, subscription, s.wwsfs().get(m.wwsfIdentity())));
            }
        }
        return result;
    }

    /**
     * The mapping of (WWSF, Web identity) with its subscription and WWSF, or null. Without a WWSF identity (a
     * REGISTER whose Authorization lacks {@code wwsf-identity}) the web identity must lead to exactly one mapping into
     * the IMPU's subscription.
     */
    public Provisioned find(String wwsfIdentity, String webIdentity, String impu) {
        List<Provisioned> candidates = mappingsOf(webIdentity);
        if (wwsfIdentity != null) {
            candidates = candidates.stream().filter(c -> c.mapping().wwsfIdentity().equals(wwsfIdentity)).toList();
        }
        if (candidates.size() > 1) {
            // several WWSFs map this web identity: the one into the subscription holding the IMPU
            candidates = candidates.stream().filter(c -> c.subscription().impu(impu).isPresent()).toList();
        }
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    /** Every WWSF, by identity. */
    public List<WwsfView> wwsfs() {
        return state.wwsfs().values().stream().sorted(java.util.Comparator.comparing(WwsfView::identity)).toList();
    }

    /** The subscription holding {@code impu}. */
    public Optional<SubscriptionView> subscriptionOf(String impu) {
        State s = state;
        String id = s.subscriptionOfImpu().get(impu);
        return id == null ? Optional.empty() : Optional.ofNullable(s.subscriptions().get(id));
    }

    /**
     * Whether an enabled mapping of {@code webIdentity} (under {@code wwsfIdentity}, if given) leads into the
     * subscription (false when {@code webIdentity} is null).
     */
    public boolean mapsInto(String webIdentity, String wwsfIdentity, String subscriptionId) {
        if (webIdentity == null) {
            return false;
        }
        List<MappingView> mappings = state.mappings().get(webIdentity);
        return mappings != null && mappings.stream().anyMatch(m -> m.enabled()
                && m.subscriptionId().equals(subscriptionId)
                && (wwsfIdentity == null || m.wwsfIdentity().equals(wwsfIdentity)));
    }

    /** Counts, for the log and the tests: WWSFs, subscriptions, IMPUs, web identities. */
    public String size() {
        State s = state;
        return s.wwsfs().size() + " WWSFs, " + s.subscriptions().size() + " subscriptions, "
                + s.subscriptionOfImpu().size() + " IMPUs, " + s.mappings().size() + " web identities";
    }
}
