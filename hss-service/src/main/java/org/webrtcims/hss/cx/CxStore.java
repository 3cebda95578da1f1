package org.webrtcims.hss.cx;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.CxCause;
import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.mapping.WebIdentityMappingEntity;
import org.webrtcims.hss.mapping.WebIdentityMappingRepository;
import org.webrtcims.hss.registration.ImpuRegistrationEntity;
import org.webrtcims.hss.registration.ImpuRegistrationRepository;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionEntity;
import org.webrtcims.hss.subscription.SubscriptionImpuEntity;
import org.webrtcims.hss.subscription.SubscriptionImpuRepository;
import org.webrtcims.hss.subscription.SubscriptionRepository;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.WwsfEntity;
import org.webrtcims.hss.wwsf.WwsfRepository;
import org.webrtcims.hss.wwsf.WwsfView;

/** The database side of the Cx API (blocking: call it on the database scheduler). */
@Component
public class CxStore {

    private final WebIdentityMappingRepository mappings;
    private final SubscriptionRepository subscriptions;
    private final SubscriptionImpuRepository impus;
    private final WwsfRepository wwsfs;
    private final ImpuRegistrationRepository registrations;
    private final TransactionTemplate transactions;

    public CxStore(WebIdentityMappingRepository mappings, SubscriptionRepository subscriptions,
                   SubscriptionImpuRepository impus, WwsfRepository wwsfs,
                   ImpuRegistrationRepository registrations, TransactionTemplate transactions) {
        this.mappings = mappings;
        this.subscriptions = subscriptions;
        this.impus = impus;
        this.wwsfs = wwsfs;
        this.registrations = registrations;
        this.transactions = transactions;
    }

    /**
     * The mapping of (WWSF, Web identity) with its subscription, WWSF and the IMPU's registration. Without a
     * WWSF identity (a REGISTER whose Authorization lacks {@code wwsf-identity}) the web identity must lead to
     * exactly one mapping into the IMPU's subscription.
     */
    public CxContext load(String wwsfIdentity, String webIdentity, String impu) {
        return transactions.execute(tx -> {
            MappingView mapping = findMapping(wwsfIdentity, webIdentity, impu).orElse(null);
            SubscriptionView subscription = mapping == null ? null
                    : subscriptions.findById(mapping.subscriptionId()).map(SubscriptionEntity::view).orElse(null);
            WwsfView wwsf = mapping == null ? null
                    : wwsfs.findById(mapping.wwsfIdentity()).map(WwsfEntity::view).orElse(null);
            return new CxContext(mapping, subscription, wwsf, registration(impu));
        });
    }

    private Optional<MappingView> findMapping(String wwsfIdentity, String webIdentity, String impu) {
        if (wwsfIdentity != null) {
            return mappings.findByWwsfIdentityAndWebIdentity(wwsfIdentity, webIdentity)
                    .map(WebIdentityMappingEntity::view);
        }
        List<MappingView> candidates = mappings.findByWebIdentity(webIdentity).stream()
                .map(WebIdentityMappingEntity::view).toList();
        if (candidates.size() > 1) {
            String subscriptionOfImpu = impus.findById(impu).map(i -> i.subscription().id()).orElse(null);
            candidates = candidates.stream().filter(m -> m.subscriptionId().equals(subscriptionOfImpu)).toList();
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    public RegistrationView registration(String impu) {
        return registrations.findById(impu).map(ImpuRegistrationEntity::view)
                .orElse(RegistrationView.notRegistered(impu));
    }

    /** The subscription holding {@code impu}; USER_UNKNOWN when no subscription has it. */
    public SubscriptionView subscriptionOf(String impu) {
        return transactions.execute(tx -> impus.findById(impu).map(SubscriptionImpuEntity::subscription)
                .map(SubscriptionEntity::view)
                .orElseThrow(() -> new CxException(CxCause.USER_UNKNOWN, "No subscription has this public identity.")));
    }

    /** True when an enabled mapping of {@code webIdentity} (under {@code wwsfIdentity}, if given) leads into the subscription. */
    public boolean webIdentityBelongsTo(String webIdentity, String wwsfIdentity, String subscriptionId) {
        List<WebIdentityMappingEntity> candidates = wwsfIdentity != null
                ? mappings.findByWwsfIdentityAndWebIdentity(wwsfIdentity, webIdentity).stream().toList()
                : mappings.findByWebIdentity(webIdentity);
        return candidates.stream().map(WebIdentityMappingEntity::view)
                .anyMatch(m -> m.enabled() && m.subscriptionId().equals(subscriptionId)
                        && (wwsfIdentity == null || wwsfIdentity.equals(m.wwsfIdentity())));
    }

    /** Result of a change to a locked registration row: the state to store and what to answer. */
    public record Change<T>(RegistrationView next, T result) {
    }

    /**
     * Reads the IMPU's registration under a row lock (SELECT … FOR UPDATE), lets {@code decide} compute the
     * next state, and stores it in the same transaction: concurrent MAR/SAR on one IMPU are serialized.
     */
    public <T> T changeRegistration(String impu, Function<RegistrationView, Change<T>> decide) {
        return transactions.execute(tx -> {
            // the row exists after the first registration: lock it directly; create it only the first time
            ImpuRegistrationEntity row = registrations.lock(impu).orElseGet(() -> {
                registrations.ensureExists(impu);
                return registrations.lock(impu).orElseThrow();
            });
            Change<T> change = decide.apply(row.view());
            if (!change.next().equals(row.view())) {
                row.apply(change.next());
            }
            return change.result();
        });
    }
}
