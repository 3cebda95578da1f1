package org.webrtcims.scscf.registrar;

import java.util.ArrayList;
import java.util.List;

import org.webrtcims.cx.AuthDataItem;
import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.SipDigestAuthenticate;
import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;

import reactor.core.publisher.Mono;

/** An HSS in memory for the registrar's unit tests: one user, MD5 (optionally SHA-256 first), requests recorded. */
final class FakeHssCx implements HssCx {

    static final String IMPI = "alice@idp.example.com";
    static final String IMPU = "sip:alice.web@ims.example.net";
    static final String REALM = "wwsf.example.com";
    static final String PASSWORD = "wonderland";

    final List<MultimediaAuthRequest> mars = new ArrayList<>();
    final List<ServerAssignmentRequest> sars = new ArrayList<>();
    boolean sha256First;
    HssFailure failure;

    static String ha1(DigestAlgorithm algorithm) {
        return DigestCalculator.ha1(algorithm, IMPI, REALM, PASSWORD);
    }

    @Override
    public Mono<MultimediaAuthAnswer> authData(String impi, MultimediaAuthRequest request) {
        mars.add(request);
        if (failure != null) {
            return Mono.error(failure);
        }
        SipDigestAuthenticate vector = new SipDigestAuthenticate(REALM, "MD5", "auth", ha1(DigestAlgorithm.MD5),
                sha256First ? "SHA-256" : null, sha256First ? ha1(DigestAlgorithm.SHA_256) : null);
        return Mono.just(new MultimediaAuthAnswer(impi, request.impu(), 1,
                List.of(new AuthDataItem(1, MultimediaAuthRequest.SIP_DIGEST, null, vector))));
    }

    @Override
    public Mono<ServerAssignmentAnswer> assign(String impu, ServerAssignmentRequest request) {
        sars.add(request);
        if (failure != null) {
            return Mono.error(failure);
        }
        return Mono.just(new ServerAssignmentAnswer(2001, null, request.impi(), null, null, List.of()));
    }
}
