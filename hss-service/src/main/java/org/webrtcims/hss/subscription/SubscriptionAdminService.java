package org.webrtcims.hss.subscription;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.DeregistrationReason;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.hss.cx.CxMemory;
import org.webrtcims.hss.audit.AdminAudit;
import org.webrtcims.hss.mapping.WebIdentityMappingEntity;
import org.webrtcims.hss.mapping.WebIdentityMappingRepository;
import org.webrtcims.hss.registration.AdministrativeDeregistration;
import org.webrtcims.problem.ApiProblemException;

import reactor.core.publisher.Mono;

/**
 * Subscriptions: create or replace, read, delete. Disabling a subscription, barring or removing a registered
 * IMPU, or deleting the subscription de-registers the affected IMPUs at their S-CSCF (RTR).
 */
@Service
public class SubscriptionAdminService {

    /** @param created true when the PUT created the subscription */
    public record Outcome(SubscriptionView subscription, boolean created) {
    }

    private final SubscriptionRepository subscriptions;
    private final SubscriptionImpuRepository impus;
    private final WebIdentityMappingRepository mappings;
    private final AdministrativeDeregistration deregistration;
    private final AdminAudit audit;
    private final TransactionTemplate transactions;
    private final DatabaseScheduler database;
    private final CxMemory memory;

    public SubscriptionAdminService(SubscriptionRepository subscriptions, SubscriptionImpuRepository impus,
                                    WebIdentityMappingRepository mappings,
                                    AdministrativeDeregistration deregistration, AdminAudit audit,
                                    TransactionTemplate transactions, DatabaseScheduler database,
                                    CxMemory memory) {
        this.subscriptions = subscriptions;
        this.impus = impus;
        this.mappings = mappings;
        this.deregistration = deregistration;
        this.audit = audit;
        this.transactions = transactions;
        this.database = database;
        this.memory = memory;
    }

    public Mono<Outcome> put(String id, SubscriptionRequest request, String actor) {
        return Mono.fromCallable(() -> SubscriptionValidator.validate(id, request))
                .flatMap(wanted -> database.call(() -> memory.afterOwnWrite(transactions.execute(tx -> replace(wanted, actor)))));
    }

    private Outcome replace(SubscriptionView wanted, String actor) {
        List<String> wantedImpus = wanted.impus().stream().map(SubscriptionView.Impu::impu).toList();
        for (SubscriptionImpuEntity owner : impus.findByImpuIn(wantedImpus)) {
            if (!owner.subscription().id().equals(wanted.id())) {
                throw ApiProblemException.conflict("IMPU_IN_OTHER_SUBSCRIPTION",
                        owner.impu() + " belongs to subscription " + owner.subscription().id() + ".");
            }
        }
        SubscriptionEntity entity = subscriptions.findById(wanted.id()).orElse(null);
        boolean created = entity == null;
        Set<String> deregister = new HashSet<>();
        if (!created) {
            SubscriptionView before = entity.view();
            for (SubscriptionView.Impu old : before.impus()) {
                var now = wanted.impu(old.impu());
                if (now.isEmpty() && mappings.existsByImpu(old.impu())) {
                    throw ApiProblemException.conflict("IMPU_HAS_MAPPINGS", old.impu()
                            + " is still the target of web identity mappings; delete them first.");
                }
                if (now.isEmpty() || !wanted.enabled() || (now.get().barred() && !old.barred())) {
                    deregister.add(old.impu());
                }
            }
        } else {
            entity = new SubscriptionEntity(wanted.id());
        }
        List<String> deregistered = deregistration.deregister(deregister, r -> true,
                DeregistrationReason.Code.PERMANENT_TERMINATION, "subscription changed by operator");
        entity.replaceWith(wanted);
        subscriptions.save(entity);
        audit.record(actor, created ? "SUBSCRIPTION_CREATED" : "SUBSCRIPTION_REPLACED", "subscription:" + wanted.id(),
                "impus=" + wanted.impus().size() + " enabled=" + wanted.enabled() + " deregistered="
                        + deregistered.size());
        return new Outcome(entity.view(), created);
    }

    public Mono<SubscriptionView> get(String id) {
        return database.call(() -> transactions.execute(tx -> subscriptions.findById(id)
                .map(SubscriptionEntity::view).orElseThrow(SubscriptionAdminService::unknown)));
    }

    public Mono<Void> delete(String id, String actor) {
        return database.run(() -> {
            transactions.executeWithoutResult(tx -> {
                SubscriptionEntity entity = subscriptions.findById(id).orElseThrow(SubscriptionAdminService::unknown);
                List<String> all = entity.view().impus().stream().map(SubscriptionView.Impu::impu).toList();
                List<String> deregistered = deregistration.deregister(all, r -> true,
                        DeregistrationReason.Code.PERMANENT_TERMINATION, "subscription deleted by operator");
                List<WebIdentityMappingEntity> itsMappings = mappings.findBySubscriptionId(id);
                mappings.deleteAll(itsMappings);
                mappings.flush();
                subscriptions.delete(entity);
                audit.record(actor, "SUBSCRIPTION_DELETED", "subscription:" + id,
                        "mappings=" + itsMappings.size() + " deregistered=" + deregistered.size());
            });
            memory.afterOwnWrite(null);
        });
    }

    static ApiProblemException unknown() {
        return ApiProblemException.notFound("SUBSCRIPTION_UNKNOWN", "No such subscription.");
    }
}
