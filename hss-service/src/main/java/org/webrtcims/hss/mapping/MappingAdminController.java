package org.webrtcims.hss.mapping;

import java.net.URI;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.auth.ApiClient;

import reactor.core.publisher.Mono;

/** Operators map (WWSF, Web identity) pairs to IMPUs (profile §5.4). */
@RestController
@RequestMapping(path = "/admin/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class MappingAdminController {

    record ImportRequest(java.util.List<MappingRequest> items) {
    }

    private final MappingAdminService service;

    MappingAdminController(MappingAdminService service) {
        this.service = service;
    }

    /** 201 with the id and a Location; 409 if the pair exists; 422 if the IMPU is not in the subscription. */
    @PostMapping(path = "/web-identity-mappings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<MappingView>> create(@RequestBody MappingRequest request, ApiClient client) {
        return service.create(request, client.name()).map(created -> ResponseEntity
                .created(URI.create("/admin/v1/web-identity-mappings/" + created.id())).body(created));
    }

    @GetMapping("/web-identity-mappings")
    Mono<MappingPage> find(@RequestParam(required = false) String wwsfIdentity,
                           @RequestParam(required = false) String webIdentity,
                           @RequestParam(required = false) String impu,
                           @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "100") int size) {
        return service.find(wwsfIdentity, webIdentity, impu, page, size);
    }

    @GetMapping("/web-identity-mappings/{id}")
    Mono<MappingView> get(@PathVariable long id) {
        return service.get(id);
    }

    @PatchMapping(path = "/web-identity-mappings/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<MappingView> patch(@PathVariable long id, @RequestBody MappingPatch patch, ApiClient client) {
        return service.patch(id, patch, client.name());
    }

    @DeleteMapping("/web-identity-mappings/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable long id, ApiClient client) {
        return service.delete(id, client.name()).then(Mono.just(ResponseEntity.noContent().build()));
    }

    /** Bulk import: 200 with per-item results. */
    @PostMapping(path = "/web-identity-mappings:import", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ImportResult> importAll(@RequestBody ImportRequest request, ApiClient client) {
        return service.importAll(request.items(), client.name());
    }
}
