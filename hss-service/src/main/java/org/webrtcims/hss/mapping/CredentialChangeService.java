package org.webrtcims.hss.mapping;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.cx.DeregistrationReason;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.hss.cx.CxMemory;
import org.webrtcims.hss.audit.AdminAudit;
import org.webrtcims.hss.registration.AdministrativeDeregistration;

import reactor.core.publisher.Mono;

/**
 * The web-auth proxy's credential-change notices (profile §5.4): a revoked credential de-registers the IMPU
 * of its (WWSF, web identity) mapping if it is registered with that web identity — state NOT_REGISTERED and an
 * RTR PERMANENT_TERMINATION to the serving S-CSCF through the {@code DeregistrationNotices} outbox, in one
 * transaction. A notice for an identity without a mapping changes nothing (the proxy may hold credentials the
 * HSS never mapped) and is answered 204 like the others, so the proxy does not retry it.
 */
@Service
public class CredentialChangeService {

    private static final Logger log = LoggerFactory.getLogger(CredentialChangeService.class);

    private final WebIdentityMappingRepository mappings;
    private final AdministrativeDeregistration deregistration;
    private final AdminAudit audit;
    private final TransactionTemplate transactions;
    private final DatabaseScheduler database;
    private final CxMemory memory;

    public CredentialChangeService(WebIdentityMappingRepository mappings, AdministrativeDeregistration deregistration,
                                   AdminAudit audit, TransactionTemplate transactions, DatabaseScheduler database,
                                   CxMemory memory) {
        this.mappings = mappings;
        this.deregistration = deregistration;
        this.audit = audit;
        this.transactions = transactions;
        this.database = database;
        this.memory = memory;
    }

    /** @return the IMPUs de-registered (empty for UPDATED, an unknown mapping, or an IMPU not registered) */
    public Mono<List<String>> changed(CredentialChangeRequest request, String actor) {
        CredentialChange change;
        try {
            change = CredentialChange.of(request);
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        if (!change.deregisters()) {
            return Mono.just(List.of());
        }
        return database.call(() -> memory.afterOwnWrite(transactions.execute(tx -> mappings
                .findByWwsfIdentityAndWebIdentity(request.wwsfIdentity(), request.webIdentity())
                .map(WebIdentityMappingEntity::view)
                .map(mapping -> {
                    List<String> done = deregistration.deregister(List.of(mapping.impu()),
                            r -> r.privateIdentity() == null || r.privateIdentity().equals(mapping.webIdentity()),
                            DeregistrationReason.Code.PERMANENT_TERMINATION, "credentials revoked at the web-auth proxy");
                    audit.record(actor, "CREDENTIALS_REVOKED", "mapping:" + mapping.id(),
                            "deregistered=" + done.size());
                    return done;
                }).orElse(List.of()))))
                .doOnNext(done -> log.info("Credential revoked for a web identity of {}: {} IMPU(s) de-registered",
                        request.wwsfIdentity(), done.size()));
    }
}
