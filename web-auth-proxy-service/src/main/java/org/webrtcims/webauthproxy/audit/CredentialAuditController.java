package org.webrtcims.webauthproxy.audit;

import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.problem.ApiProblemException;

import reactor.core.publisher.Mono;

/** Operators read the credential audit, newest first. */
@RestController
class CredentialAuditController {

    record AuditPage(List<AuditEntry> entries) {
    }

    private final CredentialAuditRepository repository;
    private final DatabaseScheduler database;

    CredentialAuditController(CredentialAuditRepository repository, DatabaseScheduler database) {
        this.repository = repository;
        this.database = database;
    }

    @GetMapping(path = "/admin/v1/credential-audit", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<AuditPage> audit(@RequestParam(required = false) String wwsfIdentity,
                          @RequestParam(required = false) String webIdentity,
                          @RequestParam(defaultValue = "100") int limit) {
        if (wwsfIdentity == null) {
            return Mono.error(new ApiProblemException(HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                    "Query parameter wwsfIdentity is required."));
        }
        if (limit < 1 || limit > 1000) {
            return Mono.error(new ApiProblemException(HttpStatus.BAD_REQUEST, "INVALID_LIMIT",
                    "limit must be between 1 and 1000."));
        }
        PageRequest page = PageRequest.of(0, limit);
        return database.call(() -> (webIdentity == null
                ? repository.findByWwsfIdentityOrderByIdDesc(wwsfIdentity, page)
                : repository.findByWwsfIdentityAndWebIdentityOrderByIdDesc(wwsfIdentity, webIdentity, page))
                .stream().map(CredentialAuditEntity::toEntry).toList())
                .map(AuditPage::new);
    }
}
