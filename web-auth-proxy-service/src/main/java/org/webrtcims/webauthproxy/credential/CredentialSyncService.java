package org.webrtcims.webauthproxy.credential;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.auth.ApiClient;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.problem.ApiProblemException;
import org.webrtcims.webauthproxy.config.WebAuthProxyProperties;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sync API's logic (profile §5.4): validate, check the client's WWSF scope, write in chunks of one
 * transaction each, answer per item. Database work runs on the {@link DatabaseScheduler}.
 */
@Service
public class CredentialSyncService {

    private static final Logger log = LoggerFactory.getLogger(CredentialSyncService.class);

    private final CredentialValidator validator;
    private final CredentialWriter writer;
    private final CredentialReader reader;
    private final TransactionTemplate transactions;
    private final DatabaseScheduler database;
    private final SyncWorkers syncWorkers;
    private final WebAuthProxyProperties.Sync limits;

    public CredentialSyncService(CredentialWriter writer, CredentialReader reader,
                                 TransactionTemplate transactions, DatabaseScheduler database,
                                 SyncWorkers syncWorkers, WebAuthProxyProperties properties) {
        this.syncWorkers = syncWorkers;
        this.validator = new CredentialValidator(properties::realmOf);
        this.writer = writer;
        this.reader = reader;
        this.transactions = transactions;
        this.database = database;
        this.limits = properties.sync();
    }

    public Mono<SyncResult> put(CredentialSyncRequest request, ApiClient client) {
        CredentialValidator.Outcome outcome = validator.validate(request);
        if (!outcome.valid()) {
            return Mono.error(outcome.rejection().toException());
        }
        ValidCredential credential = outcome.credential();
        Rejection outOfScope = scopeRejection(client, credential.key().wwsfIdentity());
        if (outOfScope != null) {
            return Mono.error(outOfScope.toException());
        }
        return database.call(() -> transactions.execute(tx -> writer.upsert(List.of(credential), client.name())))
                .map(outcomes -> toSyncResult(credential, outcomes.get(0)))
                .doOnNext(result -> log.info("Credential sync by {}: {} {} v{}", client.name(), result.result(),
                        credential.key().wwsfIdentity(), result.credentialVersion()));
    }

    public Mono<BatchSyncResponse> batch(BatchSyncRequest request, ApiClient client) {
        if (request.items() == null) {
            return Mono.error(new ApiProblemException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "items is required."));
        }
        if (request.items().size() > limits.maxBatchItems()) {
            return Mono.error(new ApiProblemException(HttpStatus.CONTENT_TOO_LARGE, "BATCH_TOO_LARGE",
                    "A batch holds at most " + limits.maxBatchItems() + " items.",
                    Map.of("maxBatchItems", limits.maxBatchItems())));
        }
        // validation, then each chunk in a transaction of its own, all on the sync workers: a batch never holds a
        // thread of the DatabaseScheduler that serves the vector fetch, and yields between chunks
        return syncWorkers.call(() -> validateBatch(request.items(), client))
                .flatMap(batch -> Flux.fromIterable(batch.chunks(limits.chunkSize()))
                        .concatMap(chunk -> syncWorkers.call(() -> writeChunk(batch, chunk, client)))
                        .then(Mono.fromCallable(() -> {
                            BatchSyncResponse response = new BatchSyncResponse(List.of(batch.results),
                                    summarize(batch.results));
                            log.info("Batch sync by {}: {}", client.name(), response.summary());
                            return response;
                        })));
    }

    /** A batch between its chunks: per-item results so far, and the valid items still to write. */
    private static final class Batch {
        final BatchSyncResponse.Item[] results;
        final List<ValidCredential> accepted;
        final List<Integer> acceptedIndex;

        Batch(int size) {
            results = new BatchSyncResponse.Item[size];
            accepted = new ArrayList<>(size);
            acceptedIndex = new ArrayList<>(size);
        }

        /** Start offsets into {@link #accepted} of the chunks. */
        List<Integer> chunks(int chunkSize) {
            List<Integer> starts = new ArrayList<>();
            for (int from = 0; from < accepted.size(); from += Math.max(1, chunkSize)) {
                starts.add(from);
            }
            return starts;
        }
    }

    private Batch validateBatch(List<CredentialSyncRequest> items, ApiClient client) {
        Batch batch = new Batch(items.size());
        Set<CredentialKey> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            CredentialSyncRequest item = items.get(i);
            if (item == null) {
                batch.results[i] = rejectedItem(i, null, new Rejection(HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                        "items[" + i + "] is null."));
                continue;
            }
            CredentialValidator.Outcome outcome = validator.validate(item);
            Rejection rejection = outcome.valid()
                    ? scopeRejection(client, item.wwsfIdentity()) : outcome.rejection();
            if (rejection == null && !seen.add(outcome.credential().key())) {
                rejection = new Rejection(HttpStatus.UNPROCESSABLE_CONTENT, "DUPLICATE_IN_BATCH",
                        "This credential appears earlier in the same batch.");
            }
            if (rejection != null) {
                batch.results[i] = rejectedItem(i, item, rejection);
            } else {
                batch.accepted.add(outcome.credential());
                batch.acceptedIndex.add(i);
            }
        }
        return batch;
    }

    private boolean writeChunk(Batch batch, int from, ApiClient client) {
        List<ValidCredential> chunk = batch.accepted.subList(from,
                Math.min(batch.accepted.size(), from + Math.max(1, limits.chunkSize())));
        List<WriteOutcome> outcomes = transactions.execute(tx -> writer.upsert(chunk, client.name()));
        for (int j = 0; j < chunk.size(); j++) {
            int index = batch.acceptedIndex.get(from + j);
            batch.results[index] = acceptedItem(index, chunk.get(j), outcomes.get(j));
        }
        return true;
    }

    public Mono<Void> revoke(RevokeRequest request, ApiClient client) {
        if (request.wwsfIdentity() == null || request.webIdentity() == null) {
            return Mono.error(new ApiProblemException(HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                    "wwsfIdentity and webIdentity are required."));
        }
        Rejection outOfScope = scopeRejection(client, request.wwsfIdentity());
        if (outOfScope != null) {
            return Mono.error(outOfScope.toException());
        }
        CredentialKey key = new CredentialKey(request.wwsfIdentity(), request.webIdentity());
        return database.call(() -> transactions.execute(tx -> writer.revoke(key, client.name())))
                .flatMap(outcome -> outcome.map(o -> {
                    if (o.changed()) {
                        log.info("Credential revoked by {}: {} v{}", client.name(), key.wwsfIdentity(),
                                o.credentialVersion());
                    }
                    return Mono.<Void>empty();
                }).orElseGet(() -> Mono.error(unknown())));
    }

    public Mono<CredentialStatus> status(String wwsfIdentity, String webIdentity, ApiClient client) {
        if (wwsfIdentity == null || webIdentity == null) {
            return Mono.error(new ApiProblemException(HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                    "Query parameters wwsfIdentity and webIdentity are required."));
        }
        Rejection outOfScope = scopeRejection(client, wwsfIdentity);
        if (outOfScope != null) {
            return Mono.error(outOfScope.toException());
        }
        return database.call(() -> reader.find(wwsfIdentity, webIdentity)
                .map(c -> new CredentialStatus(wwsfIdentity, webIdentity, true, c.revoked(), c.algorithms(),
                        c.credentialVersion(), c.syncedAt().toInstant(),
                        c.revokedAt() == null ? null : c.revokedAt().toInstant()))
                .orElse(new CredentialStatus(wwsfIdentity, webIdentity, false, null, null, null, null, null)));
    }

    private static Rejection scopeRejection(ApiClient client, String wwsfIdentity) {
        return SyncScope.permits(client, wwsfIdentity) ? null : new Rejection(HttpStatus.FORBIDDEN,
                "WWSF_NOT_IN_SCOPE", "This client may not write credentials of WWSF '" + wwsfIdentity + "'.");
    }

    private static ApiProblemException unknown() {
        return new ApiProblemException(HttpStatus.NOT_FOUND, "WEB_IDENTITY_UNKNOWN",
                "No credential is stored for this web identity and WWSF.");
    }

    private static SyncResult toSyncResult(ValidCredential credential, WriteOutcome outcome) {
        if (outcome.kind() == WriteOutcome.Kind.STALE) {
            throw staleProblem(outcome);
        }
        return new SyncResult(credential.key().wwsfIdentity(), credential.key().webIdentity(), outcome.kind().name(),
                outcome.storedVersion(),
                credential.ha1ByAlgorithm().keySet().stream().map(DigestAlgorithm::token).toList(),
                outcome.syncedAt().toInstant());
    }

    private static ApiProblemException staleProblem(WriteOutcome outcome) {
        return new ApiProblemException(HttpStatus.CONFLICT, "STALE_CREDENTIAL_VERSION",
                "The stored credential has version " + outcome.storedVersion()
                        + "; sync a newer credentialVersion.",
                Map.of("storedCredentialVersion", outcome.storedVersion()));
    }

    private static BatchSyncResponse.Item acceptedItem(int index, ValidCredential credential, WriteOutcome outcome) {
        CredentialKey key = credential.key();
        if (outcome.kind() == WriteOutcome.Kind.STALE) {
            ApiProblemException stale = staleProblem(outcome);
            return new BatchSyncResponse.Item(index, key.wwsfIdentity(), key.webIdentity(), 409, null,
                    stale.causeName(), stale.detail(), outcome.storedVersion());
        }
        int status = outcome.kind() == WriteOutcome.Kind.CREATED ? 201 : 200;
        return new BatchSyncResponse.Item(index, key.wwsfIdentity(), key.webIdentity(), status,
                outcome.kind().name(), null, null, outcome.storedVersion());
    }

    private static BatchSyncResponse.Item rejectedItem(int index, CredentialSyncRequest item, Rejection rejection) {
        return new BatchSyncResponse.Item(index, item == null ? null : item.wwsfIdentity(),
                item == null ? null : item.webIdentity(), rejection.status().value(), null, rejection.cause(),
                rejection.detail(), null);
    }

    private static BatchSyncResponse.Summary summarize(BatchSyncResponse.Item[] results) {
        int created = 0, updated = 0, unchanged = 0, rejected = 0;
        for (BatchSyncResponse.Item item : results) {
            if (item.result() == null) {
                rejected++;
            } else {
                switch (item.result()) {
                    case "CREATED" -> created++;
                    case "UPDATED" -> updated++;
                    default -> unchanged++;
                }
            }
        }
        return new BatchSyncResponse.Summary(results.length, created, updated, unchanged, rejected);
    }
}
