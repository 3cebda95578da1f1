package org.webrtcims.scscf.registrar;

import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;

import reactor.core.publisher.Mono;

/**
 * The two Cx procedures the registrar needs (profile §5): MAR for the digest vector, SAR for the assignment.
 * Non-blocking; a failure is an {@link org.webrtcims.cx.client.HssFailure}. Production: {@link HssCxClientAdapter}
 * over the ims-api Cx client; unit tests use a fake.
 */
public interface HssCx {

    Mono<MultimediaAuthAnswer> authData(String impi, MultimediaAuthRequest request);

    Mono<ServerAssignmentAnswer> assign(String impu, ServerAssignmentRequest request);
}
