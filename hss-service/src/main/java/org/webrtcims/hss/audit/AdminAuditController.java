package org.webrtcims.hss.audit;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.problem.ApiProblemException;

import reactor.core.publisher.Mono;

@RestController
class AdminAuditController {

    record AuditPage(List<AdminAudit.Entry> entries) {
    }

    private final AdminAudit audit;
    private final DatabaseScheduler database;

    AdminAuditController(AdminAudit audit, DatabaseScheduler database) {
        this.audit = audit;
        this.database = database;
    }

    @GetMapping(path = "/admin/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<AuditPage> recent(@RequestParam(required = false) String target,
                           @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            return Mono.error(new ApiProblemException(HttpStatus.BAD_REQUEST, "INVALID_LIMIT",
                    "limit must be between 1 and 1000."));
        }
        return database.call(() -> new AuditPage(audit.recent(target, limit)));
    }
}
