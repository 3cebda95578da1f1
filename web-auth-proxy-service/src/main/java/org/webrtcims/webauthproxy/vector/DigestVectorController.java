package org.webrtcims.webauthproxy.vector;

import org.webrtcims.av.DigestVectorFetchRequest;
import org.webrtcims.av.DigestVectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Internal API for the HSS (profile §5.3). POST keeps web identities (PII) out of URLs and access logs. */
@RestController
class DigestVectorController {

    private final DigestVectorService service;

    DigestVectorController(DigestVectorService service) {
        this.service = service;
    }

    @PostMapping(path = DigestVectorFetchRequest.PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<DigestVectors> fetch(@RequestBody DigestVectorFetchRequest request) {
        return service.fetch(request);
    }
}
