package org.webrtcims.hss.subscription;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.auth.ApiClient;

import reactor.core.publisher.Mono;

@RestController
class SubscriptionAdminController {

    private final SubscriptionAdminService service;

    SubscriptionAdminController(SubscriptionAdminService service) {
        this.service = service;
    }

    /** 201 created, 200 replaced. */
    @PutMapping(path = "/admin/v1/subscriptions/{subscriptionId}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<SubscriptionJson>> put(@PathVariable String subscriptionId,
                                               @RequestBody SubscriptionRequest request, ApiClient client) {
        return service.put(subscriptionId, request, client.name()).map(outcome -> ResponseEntity
                .status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(SubscriptionJson.of(outcome.subscription())));
    }

    @GetMapping(path = "/admin/v1/subscriptions/{subscriptionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<SubscriptionJson> get(@PathVariable String subscriptionId) {
        return service.get(subscriptionId).map(SubscriptionJson::of);
    }

    /** 204; its mappings go with it and its registered IMPUs are de-registered. */
    @DeleteMapping("/admin/v1/subscriptions/{subscriptionId}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String subscriptionId, ApiClient client) {
        return service.delete(subscriptionId, client.name()).then(Mono.just(ResponseEntity.noContent().build()));
    }
}
