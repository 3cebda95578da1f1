package org.webrtcims.scscf.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.cx.CxPaths;
import org.webrtcims.cx.DeregistrationReason;
import org.webrtcims.cx.DeregistrationNotice;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.problem.ApiProblemException;
import org.webrtcims.scscf.registrar.BindingStore;
import org.webrtcims.scscf.regevent.RegEventNotifier;

import reactor.core.publisher.Mono;

/** The HSS's RTR callback (profile §5.2, TS 29.228 §6.2.1): the listed IMPUs lose their bindings. */
@RestController
class DeregistrationNoticeController {

    private static final Logger log = LoggerFactory.getLogger(DeregistrationNoticeController.class);

    private final BindingStore bindings;
    private final DatabaseScheduler database;
    private final RegEventNotifier regEvent;

    DeregistrationNoticeController(BindingStore bindings, DatabaseScheduler database, RegEventNotifier regEvent) {
        this.bindings = bindings;
        this.database = database;
        this.regEvent = regEvent;
    }

    @PostMapping(path = CxPaths.DEREGISTRATIONS, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Void>> deregister(@RequestBody DeregistrationNotice notice) {
        ApiProblemException.requireField(notice.impus(), "impus");
        return database.call(() -> bindings.removeAll(notice.impus()))
                .doOnNext(removed -> {
                    log.info("RTR {}: {} binding(s) removed", notice.reason() == null ? "-"
                            : notice.reason().code(), removed.size());
                    // reg event (24.229 §5.4.1.5, profile §7.4): PERMANENT_TERMINATION → "rejected" (the user is
                    // not expected to register again), any other reason → "deactivated"; the subscriptions end
                    boolean permanent = notice.reason() == null
                            || notice.reason().code() == DeregistrationReason.Code.PERMANENT_TERMINATION;
                    regEvent.deregistered(notice.impus(), removed, permanent ? RegEventNotifier.Cause.REJECTED
                            : RegEventNotifier.Cause.DEACTIVATED);
                })
                .thenReturn(ResponseEntity.noContent().build());
    }
}
