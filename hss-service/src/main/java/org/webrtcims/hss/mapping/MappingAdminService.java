package org.webrtcims.hss.mapping;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.DeregistrationReason;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.hss.cx.CxMemory;
import org.webrtcims.hss.audit.AdminAudit;
import org.webrtcims.hss.config.HssProperties;
import org.webrtcims.hss.registration.AdministrativeDeregistration;
import org.webrtcims.hss.subscription.SubscriptionEntity;
import org.webrtcims.hss.subscription.SubscriptionRepository;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.WwsfEntity;
import org.webrtcims.hss.wwsf.WwsfRepository;
import org.webrtcims.hss.wwsf.WwsfView;
import org.webrtcims.problem.ApiProblemException;

import reactor.core.publisher.Mono;

/**
 * Web identity mappings (profile §5.4). Disabling or deleting the mapping through which an IMPU is registered
 * de-registers it at its S-CSCF (RTR, PERMANENT_TERMINATION).
 */
@Service
public class MappingAdminService {

    private final WebIdentityMappingRepository mappings;
    private final SubscriptionRepository subscriptions;
    private final WwsfRepository wwsfs;
    private final AdministrativeDeregistration deregistration;
    private final AdminAudit audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DatabaseScheduler database;
    private final int maxImportItems;
    private final CxMemory memory;

    public MappingAdminService(WebIdentityMappingRepository mappings, SubscriptionRepository subscriptions,
                               WwsfRepository wwsfs, AdministrativeDeregistration deregistration, AdminAudit audit,
                               JdbcTemplate jdbc, TransactionTemplate transactions, DatabaseScheduler database,
                               HssProperties properties, CxMemory memory) {
        this.mappings = mappings;
        this.subscriptions = subscriptions;
        this.wwsfs = wwsfs;
        this.deregistration = deregistration;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.database = database;
        this.maxImportItems = properties.admin().maxImportItems();
        this.memory = memory;
    }

    public Mono<MappingView> create(MappingRequest request, String actor) {
        return Mono.fromRunnable(() -> MappingRules.checkFields(request))
                .then(database.call(() -> memory.afterOwnWrite(transactions.execute(tx -> {
                    MappingRules.checkReferences(request.wwsfIdentity(), request.impu(),
                            wwsfs.findById(request.wwsfIdentity()).map(WwsfEntity::view).orElse(null),
                            subscriptions.findById(request.subscriptionId()).map(SubscriptionEntity::view).orElse(null));
                    mappings.findByWwsfIdentityAndWebIdentity(request.wwsfIdentity(), request.webIdentity())
                            .ifPresent(existing -> {
                                throw exists(existing.view().id());
                            });
                    WebIdentityMappingEntity saved = mappings.saveAndFlush(new WebIdentityMappingEntity(
                            request.wwsfIdentity(), request.webIdentity(), request.impu(), request.subscriptionId(),
                            request.enabled() == null || request.enabled()));
                    audit.record(actor, "MAPPING_CREATED", "mapping:" + saved.view().id(),
                            request.wwsfIdentity() + " -> " + request.impu());
                    return saved.view();
                }))))
                .onErrorMap(DataIntegrityViolationException.class, e -> exists(null));
    }

    public Mono<MappingView> get(long id) {
        return database.call(() -> mappings.findById(id).map(WebIdentityMappingEntity::view)
                .orElseThrow(MappingAdminService::unknown));
    }

    /** By (WWSF, Web identity) — 0 or 1 item —, by IMPU, or by WWSF; paged. */
    public Mono<MappingPage> find(String wwsfIdentity, String webIdentity, String impu, int page, int size) {
        if (page < 0 || size < 1 || size > 1000) {
            return Mono.error(ApiProblemException.badRequest("INVALID_PAGE", "page must be ≥ 0 and size 1-1000."));
        }
        if (wwsfIdentity == null && impu == null) {
            return Mono.error(ApiProblemException.badRequest("MISSING_FIELD",
                    "Query by wwsfIdentity (and webIdentity) or by impu."));
        }
        return database.call(() -> {
            if (wwsfIdentity != null && webIdentity != null) {
                List<MappingView> found = mappings.findByWwsfIdentityAndWebIdentity(wwsfIdentity, webIdentity)
                        .map(WebIdentityMappingEntity::view).stream().toList();
                return new MappingPage(found, 0, size, found.size());
            }
            Page<WebIdentityMappingEntity> result = impu != null
                    ? mappings.findByImpuOrderById(impu, PageRequest.of(page, size))
                    : mappings.findByWwsfIdentityOrderById(wwsfIdentity, PageRequest.of(page, size));
            return new MappingPage(result.map(WebIdentityMappingEntity::view).getContent(), page, size,
                    result.getTotalElements());
        });
    }

    public Mono<MappingView> patch(long id, MappingPatch patch, String actor) {
        return database.call(() -> memory.afterOwnWrite(transactions.execute(tx -> {
            WebIdentityMappingEntity entity = mappings.findById(id).orElseThrow(MappingAdminService::unknown);
            MappingView before = entity.view();
            String impu = patch.impu() == null ? before.impu() : patch.impu();
            boolean enabled = patch.enabled() == null ? before.enabled() : patch.enabled();
            if (!impu.equals(before.impu())) {
                SubscriptionView subscription = subscriptions.findById(before.subscriptionId())
                        .map(SubscriptionEntity::view).orElseThrow();
                if (subscription.impu(impu).isEmpty()) {
                    throw ApiProblemException.unprocessable("IMPU_NOT_IN_SUBSCRIPTION",
                            impu + " is not a public identity of subscription " + subscription.id() + ".");
                }
            }
            if (!enabled || !impu.equals(before.impu())) {
                deregisterVia(before, "mapping changed by operator");
            }
            entity.change(impu, enabled);
            audit.record(actor, "MAPPING_UPDATED", "mapping:" + id, "enabled=" + enabled + " impu=" + impu);
            return entity.view();
        })));
    }

    public Mono<Void> delete(long id, String actor) {
        return database.run(() -> {
            transactions.executeWithoutResult(tx -> {
                WebIdentityMappingEntity entity = mappings.findById(id).orElseThrow(MappingAdminService::unknown);
                deregisterVia(entity.view(), "mapping deleted by operator");
                mappings.delete(entity);
                audit.record(actor, "MAPPING_DELETED", "mapping:" + id, entity.view().wwsfIdentity());
            });
            memory.afterOwnWrite(null);
        });
    }

    /** De-registers the mapping's IMPU if it is registered with this web identity (or an unknown one). */
    private void deregisterVia(MappingView mapping, String info) {
        deregistration.deregister(List.of(mapping.impu()),
                r -> r.privateIdentity() == null || r.privateIdentity().equals(mapping.webIdentity()),
                DeregistrationReason.Code.PERMANENT_TERMINATION, info);
    }

    /** Bulk import: every item checked like a POST; valid ones inserted in one statement, one transaction. */
    public Mono<ImportResult> importAll(List<MappingRequest> items, String actor) {
        if (items == null) {
            return Mono.error(ApiProblemException.badRequest("MISSING_FIELD", "items is required."));
        }
        if (items.size() > maxImportItems) {
            return Mono.error(new ApiProblemException(HttpStatus.CONTENT_TOO_LARGE, "IMPORT_TOO_LARGE",
                    "An import holds at most " + maxImportItems + " items."));
        }
        return database.call(() -> memory.afterOwnWrite(transactions.execute(tx -> runImport(items, actor))));
    }

    private ImportResult runImport(List<MappingRequest> items, String actor) {
        Map<String, WwsfView> wwsfById = new HashMap<>();
        wwsfs.findAllById(items.stream().filter(i -> i != null && i.wwsfIdentity() != null)
                .map(MappingRequest::wwsfIdentity).distinct().toList()).forEach(w -> wwsfById.put(w.view().identity(),
                w.view()));
        Map<String, SubscriptionView> subscriptionById = new HashMap<>();
        subscriptions.findAllById(items.stream().filter(i -> i != null && i.subscriptionId() != null)
                .map(MappingRequest::subscriptionId).distinct().toList())
                .forEach(s -> subscriptionById.put(s.id(), s.view()));
        ImportResult.Item[] results = new ImportResult.Item[items.size()];
        List<Integer> valid = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            MappingRequest item = items.get(i);
            try {
                if (item == null) {
                    throw ApiProblemException.badRequest("MISSING_FIELD", "items[" + i + "] is null.");
                }
                MappingRules.checkFields(item);
                MappingRules.checkReferences(item.wwsfIdentity(), item.impu(), wwsfById.get(item.wwsfIdentity()),
                        subscriptionById.get(item.subscriptionId()));
                if (!seen.add(List.of(item.wwsfIdentity(), item.webIdentity()))) {
                    throw ApiProblemException.unprocessable("DUPLICATE_IN_IMPORT",
                            "This (WWSF, web identity) appears earlier in the same import.");
                }
                valid.add(i);
            } catch (ApiProblemException e) {
                results[i] = new ImportResult.Item(i, e.status().value(), null, e.causeName(), e.detail());
            }
        }
        Map<List<String>, Long> inserted = insertIgnoringExisting(valid.stream().map(items::get).toList());
        int created = 0;
        for (int i : valid) {
            MappingRequest item = items.get(i);
            Long id = inserted.get(List.of(item.wwsfIdentity(), item.webIdentity()));
            if (id != null) {
                created++;
                results[i] = new ImportResult.Item(i, 201, id, null, null);
            } else {
                results[i] = new ImportResult.Item(i, 409, null, "MAPPING_EXISTS",
                        "A mapping for this (WWSF, web identity) exists.");
            }
        }
        audit.record(actor, "MAPPINGS_IMPORTED", "mappings", "items=" + items.size() + " created=" + created);
        return new ImportResult(List.of(results), created, items.size() - created);
    }

    private Map<List<String>, Long> insertIgnoringExisting(List<MappingRequest> items) {
        Map<List<String>, Long> inserted = new HashMap<>();
        if (items.isEmpty()) {
            return inserted;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO web_identity_mapping (wwsf_identity, web_identity, impu, subscription_id, enabled,
                                                      created_at, updated_at)
                    SELECT t.w, t.u, t.i, t.s, t.e, now(), now()
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[]) AS t(w, u, i, s, e)
                    ON CONFLICT (wwsf_identity, web_identity) DO NOTHING
                    RETURNING id, wwsf_identity, web_identity""")) {
                ps.setArray(1, array(connection, items.stream().map(MappingRequest::wwsfIdentity).toArray()));
                ps.setArray(2, array(connection, items.stream().map(MappingRequest::webIdentity).toArray()));
                ps.setArray(3, array(connection, items.stream().map(MappingRequest::impu).toArray()));
                ps.setArray(4, array(connection, items.stream().map(MappingRequest::subscriptionId).toArray()));
                ps.setArray(5, connection.createArrayOf("boolean", items.stream()
                        .map(i -> i.enabled() == null || i.enabled()).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.put(List.of(rs.getString(2), rs.getString(3)), rs.getLong(1));
                    }
                }
            }
            return null;
        });
        return inserted;
    }

    private static Array array(java.sql.Connection connection, Object[] values) throws java.sql.SQLException {
        return connection.createArrayOf("text", values);
    }

    private static ApiProblemException exists(Long id) {
        return new ApiProblemException(HttpStatus.CONFLICT, "MAPPING_EXISTS",
                "A mapping for this (WWSF, web identity) exists.", id == null ? Map.of() : Map.of("existingId", id));
    }

    private static ApiProblemException unknown() {
        return ApiProblemException.notFound("MAPPING_UNKNOWN", "No such web identity mapping.");
    }
}
