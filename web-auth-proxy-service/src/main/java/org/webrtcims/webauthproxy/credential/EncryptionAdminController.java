package org.webrtcims.webauthproxy.credential;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Operators move every stored H(A1) to the active encryption key after adding a new one. */
@RestController
class EncryptionAdminController {

    private final ReencryptionService service;

    EncryptionAdminController(ReencryptionService service) {
        this.service = service;
    }

    @PostMapping(path = "/admin/v1/encryption:reencrypt", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ReencryptionService.Report> reencrypt() {
        return service.reencryptAll();
    }
}
