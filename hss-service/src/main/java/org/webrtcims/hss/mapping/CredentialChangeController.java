package org.webrtcims.hss.mapping;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.auth.ApiClient;

import reactor.core.publisher.Mono;

/** The web-auth proxy tells the HSS of revoked and updated credentials (profile §5.4). */
@RestController
class CredentialChangeController {

    private final CredentialChangeService service;

    CredentialChangeController(CredentialChangeService service) {
        this.service = service;
    }

    /** 204 handled (also when no mapping or registration was affected); 400 missing field or unknown change. */
    @PostMapping(path = "/admin/v1/notifications/credential-changes", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Void>> changed(@RequestBody CredentialChangeRequest request, ApiClient client) {
        return service.changed(request, client.name()).thenReturn(ResponseEntity.noContent().build());
    }
}
