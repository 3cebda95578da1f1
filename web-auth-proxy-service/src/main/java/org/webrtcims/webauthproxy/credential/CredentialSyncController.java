package org.webrtcims.webauthproxy.credential;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.auth.ApiClient;

import reactor.core.publisher.Mono;

/** Sync API for the third-party web authentication service (profile §5.4). */
@RestController
@RequestMapping(path = "/sync/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class CredentialSyncController {

    private final CredentialSyncService service;

    CredentialSyncController(CredentialSyncService service) {
        this.service = service;
    }

    /** Idempotent upsert: 201 created, 200 updated or unchanged, 409 stale version, 400/422 invalid. */
    @PutMapping(path = "/credentials", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<SyncResult>> put(@RequestBody CredentialSyncRequest request, ApiClient client) {
        return service.put(request, client).map(result -> ResponseEntity
                .status("CREATED".equals(result.result()) ? HttpStatus.CREATED : HttpStatus.OK).body(result));
    }

    /** Bulk offline sync: per-item results, one transaction per chunk. */
    @PostMapping(path = "/credentials:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<BatchSyncResponse> batch(@RequestBody BatchSyncRequest request, ApiClient client) {
        return service.batch(request, client);
    }

    /** 204 revoked (also when it already was), 404 unknown. */
    @PostMapping(path = "/credentials:revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Void>> revoke(@RequestBody RevokeRequest request, ApiClient client) {
        return service.revoke(request, client).then(Mono.just(ResponseEntity.noContent().build()));
    }

    @GetMapping("/credentials:status")
    Mono<CredentialStatus> status(@RequestParam(required = false) String wwsfIdentity,
                                  @RequestParam(required = false) String webIdentity, ApiClient client) {
        return service.status(wwsfIdentity, webIdentity, client);
    }
}
