package org.webrtcims.hss.cx;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.webrtcims.auth.ApiClient;
import org.webrtcims.cx.CxPaths;
import org.webrtcims.cx.LocationInfoAnswer;
import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.UserAuthorizationAnswer;
import org.webrtcims.cx.UserAuthorizationRequest;

import reactor.core.publisher.Mono;

/**
 * The Cx-like API for the CSCFs (profile §5.2). Identities in paths are percent-encoded, {@code ;} included. The
 * bearer filter admits each operation to one role (AccessRulesConfiguration); MAR and SAR further need a
 * {@code serverName} the S-CSCF's credential lists ({@link ServerNameScope}).
 */
@RestController
class CxController {

    private final CxService service;

    CxController(CxService service) {
        this.service = service;
    }

    /** UAR. */
    @PostMapping(path = CxPaths.AUTHORIZE, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<UserAuthorizationAnswer> authorize(@PathVariable String impu, @RequestBody UserAuthorizationRequest request) {
        return Mono.defer(() -> service.authorize(impu, request));
    }

    /** MAR. */
    @PostMapping(path = CxPaths.AUTH_DATA, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<MultimediaAuthAnswer> authData(@PathVariable String impi, @RequestBody MultimediaAuthRequest request,
                                        ApiClient caller) {
        return Mono.defer(() -> {
            ServerNameScope.require(caller, request.serverName());
            return service.authData(impi, request);
        });
    }

    /** SAR. */
    @PutMapping(path = CxPaths.SCSCF_REGISTRATION, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ServerAssignmentAnswer> assign(@PathVariable String impu, @RequestBody ServerAssignmentRequest request,
                                        ApiClient caller) {
        return Mono.defer(() -> {
            ServerNameScope.require(caller, request.serverName());
            return service.assign(impu, request);
        });
    }

    /** LIR. */
    @GetMapping(path = CxPaths.LOCATION, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<LocationInfoAnswer> locate(@PathVariable String impu,
                                    @RequestParam(required = false) Boolean originating,
                                    @RequestParam(required = false) String authorizationType) {
        return Mono.defer(() -> service.locate(impu));
    }
}
