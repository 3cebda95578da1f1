package org.webrtcims.scscf.registrar;

import org.springframework.stereotype.Component;
import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.client.HssCxClient;

import reactor.core.publisher.Mono;

/** {@link HssCx} over the shared Cx client (ims-api) (the HSS's REST Cx API). */
@Component
public class HssCxClientAdapter implements HssCx {

    private final HssCxClient client;

    public HssCxClientAdapter(HssCxClient client) {
        this.client = client;
    }

    @Override
    public Mono<MultimediaAuthAnswer> authData(String impi, MultimediaAuthRequest request) {
        return client.authData(impi, request);
    }

    @Override
    public Mono<ServerAssignmentAnswer> assign(String impu, ServerAssignmentRequest request) {
        return client.assign(impu, request);
    }
}
