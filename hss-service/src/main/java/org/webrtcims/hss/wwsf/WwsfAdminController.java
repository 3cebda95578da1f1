package org.webrtcims.hss.wwsf;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.auth.ApiClient;
import org.webrtcims.cx.CxPaths;
import org.webrtcims.cx.WebServerFunctions;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.hss.cx.CxMemory;
import org.webrtcims.hss.audit.AdminAudit;
import org.webrtcims.identity.IdentityRules;
import org.webrtcims.problem.ApiProblemException;

import reactor.core.publisher.Mono;

/** Operators provision WWSFs: allowed web origins, realm, algorithm policy (profile §5.4). */
@RestController
class WwsfAdminController {

    private final WwsfRepository repository;
    private final TransactionTemplate transactions;
    private final DatabaseScheduler database;
    private final AdminAudit audit;
    private final CxMemory memory;

    WwsfAdminController(WwsfRepository repository, TransactionTemplate transactions, DatabaseScheduler database,
                        AdminAudit audit, CxMemory memory) {
        this.repository = repository;
        this.transactions = transactions;
        this.database = database;
        this.audit = audit;
        this.memory = memory;
    }

    /** 201 created, 200 replaced. */
    @PutMapping(path = "/admin/v1/wwsfs/{wwsfIdentity}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<WwsfJson>> put(@PathVariable String wwsfIdentity, @RequestBody WwsfRequest request,
                                       ApiClient client) {
        return Mono.fromCallable(() -> validate(wwsfIdentity, request))
                .flatMap(valid -> database.call(() -> memory.afterOwnWrite(transactions.execute(tx -> {
                    boolean created = !repository.existsById(wwsfIdentity);
                    WwsfEntity entity = repository.findById(wwsfIdentity).orElseGet(() -> new WwsfEntity(wwsfIdentity));
                    entity.update(valid.realm(), valid.algorithmPolicy(), valid.enabled(), valid.origins());
                    repository.save(entity);
                    audit.record(client.name(), created ? "WWSF_CREATED" : "WWSF_UPDATED", "wwsf:" + wwsfIdentity,
                            "enabled=" + valid.enabled() + " policy=" + valid.algorithmPolicy().token());
                    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                            .body(WwsfJson.of(entity.view()));
                }))));
    }

    @GetMapping(path = "/admin/v1/wwsfs/{wwsfIdentity}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WwsfJson> get(@PathVariable String wwsfIdentity) {
        return database.call(() -> transactions.execute(tx -> repository.findById(wwsfIdentity)
                .map(e -> WwsfJson.of(e.view()))
                .orElseThrow(() -> ApiProblemException.notFound("WWSF_UNKNOWN", "No such WWSF."))));
    }

    record WwsfList(List<WwsfJson> items) {
    }

    /** All WWSFs (operators). */
    @GetMapping(path = "/admin/v1/wwsfs", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WwsfList> list() {
        return database.call(() -> transactions.execute(tx -> new WwsfList(repository.findAll().stream()
                .map(e -> WwsfJson.of(e.view())).sorted((a, b) -> a.wwsfIdentity().compareTo(b.wwsfIdentity()))
                .toList())));
    }

    /** The same list for the eP-CSCFs (EP_CSCF token): identities, origins, enabled; nothing else (D3). */
    @GetMapping(path = CxPaths.WWSFS, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WebServerFunctions> forEdges() {
        if (memory.answersFromMemory()) { // the in-memory model (README "In-memory model"), on the event loop
            return Mono.fromCallable(() -> edges(memory.provisioning().wwsfs()));
        }
        return database.call(() -> transactions.execute(tx -> edges(repository.findAll().stream()
                .map(WwsfEntity::view).toList())));
    }

    private static WebServerFunctions edges(List<WwsfView> wwsfs) {
        return new WebServerFunctions(wwsfs.stream()
                .map(v -> new WebServerFunctions.Item(v.identity(), v.origins().stream().sorted().toList(),
                        v.enabled()))
                .toList());
    }

    private static WwsfView validate(String identity, WwsfRequest request) {
        if (!IdentityRules.isWwsfIdentity(identity)) {
            throw ApiProblemException.unprocessable("INVALID_WWSF_IDENTITY", "The WWSF identity must be a lower-case "
                    + "host name.");
        }
        ApiProblemException.requireField(request.origins(), "origins");
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : request.origins()) {
            if (!isWebOrigin(origin)) {
                throw ApiProblemException.unprocessable("INVALID_ORIGIN", "origins must be web origins such as "
                        + "https://wwsf.example.com (scheme, host, optional port; no path).");
            }
            origins.add(origin);
        }
        String realm = request.realm() == null ? identity : request.realm();
        if (!IdentityRules.isQuotableToken(realm, IdentityRules.MAX_REALM)) {
            throw ApiProblemException.unprocessable("INVALID_REALM", "realm must be printable ASCII without quote or "
                    + "backslash.");
        }
        AlgorithmPolicy policy = request.algorithmPolicy() == null ? AlgorithmPolicy.MD5_ONLY
                : AlgorithmPolicy.fromToken(request.algorithmPolicy()).orElseThrow(() ->
                        ApiProblemException.unprocessable("INVALID_ALGORITHM_POLICY",
                                "algorithmPolicy must be md5-only or sha256-first."));
        return new WwsfView(identity, realm, policy, request.enabled() == null || request.enabled(), origins);
    }

    /** RFC 6454 serialized origin: scheme "://" host [":" port], http or https. */
    static boolean isWebOrigin(String origin) {
        if (origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && origin.equals(origin.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
