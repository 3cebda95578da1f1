package org.webrtcims.scscf.it;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sip.message.Response;

import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.digest.DigestInput;
import org.webrtcims.scscf.digest.AuthorizationParser;
import org.webrtcims.scscf.digest.DigestCredentials;

/**
 * Sends what the eP-CSCF sends on Mw (profile step 2a and 8): the synthesized Authorization with
 * {@code integrity-protected} and {@code wwsf-identity}, Path with a flow token and {@code ob}, Require: path,
 * P-Visited-Network-ID; computes the WIC's digest answer like JsSIP would.
 */
public final class EpCscfStandIn {

    public static final String REGISTRAR = "sip:ims.example.net";

    private final SipTestClient client;
    private final String route;

    /** @param nextHop host:port of the I-CSCF or S-CSCF the REGISTERs are routed to */
    public EpCscfStandIn(SipTestClient client, String nextHop) {
        this.client = client;
        this.route = "<sip:" + nextHop + ";transport=" + client.transport() + ";lr>";
    }

    /** One registration attempt's identity: Call-ID, instance, CSeq counter. */
    public static final class Flow {
        final String callId = UUID.randomUUID().toString();
        final String instance = "urn:uuid:" + UUID.randomUUID();
        final String contactUser = "c" + UUID.randomUUID().toString().substring(0, 8);
        int cseq = 1;
        String fromTag = UUID.randomUUID().toString().substring(0, 8);

        public String contactUri() {
            return "sip:" + contactUser + "@k3v9q2x7m1p4.invalid;transport=ws";
        }
    }

    public Response send(CoreUnderTest.WebUser user, Flow flow, String authorization, int expires,
                         String... extraLines) {
        List<String> lines = new ArrayList<>(List.of(
                "Route: " + route,
                "Max-Forwards: 68",
                "To: <" + user.impu() + ">",
                "From: <" + user.impu() + ">;tag=" + flow.fromTag,
                "Call-ID: " + flow.callId,
                "CSeq: " + flow.cseq++ + " REGISTER",
                "Contact: <" + flow.contactUri() + ">;+sip.ice;reg-id=1;+sip.instance=\"<" + flow.instance
                        + ">\";expires=" + expires,
                "Expires: " + expires,
                "Path: <sip:ft-" + flow.contactUser + "@127.0.0.1:" + client.port() + ";transport=tcp;lr;ob>",
                "Require: path",
                "Supported: path,gruu,outbound",
                "P-Visited-Network-ID: ims.example.net"));
        if (authorization != null) {
            lines.add("Authorization: " + authorization);
        }
        lines.addAll(List.of(extraLines));
        return client.send("REGISTER", REGISTRAR, lines);
    }

    /** D2 (a): the eP-CSCF's synthesized initial credentials. */
    public static String initialAuthorization(CoreUnderTest.WebUser user, String integrityProtected) {
        return "Digest username=\"" + user.webIdentity() + "\", realm=\"" + user.wwsf() + "\", uri=\"" + REGISTRAR
                + "\", nonce=\"\", response=\"\", integrity-protected=\"" + integrityProtected
                + "\", wwsf-identity=\"" + user.wwsf() + "\"";
    }

    /** The WIC's answer to the first WWW-Authenticate (JsSIP: first challenge, qop=auth, nc 00000001). */
    public static String answer(CoreUnderTest.WebUser user, Response challenge, String password, String uri,
                                String nc) {
        DigestCredentials c = challengeOf(challenge);
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(c.algorithm()).orElseThrow();
        String ha1 = DigestCalculator.ha1(algorithm, user.webIdentity(), c.realm(), password);
        String cnonce = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String response = DigestCalculator.response(algorithm, ha1,
                DigestInput.auth(c.nonce(), nc, cnonce, "REGISTER", uri));
        return "Digest algorithm=" + algorithm.token() + ", username=\"" + user.webIdentity() + "\", realm=\""
                + c.realm() + "\", nonce=\"" + c.nonce() + "\", uri=\"" + uri + "\", response=\"" + response
                + "\", opaque=\"" + c.opaque() + "\", qop=auth, cnonce=\"" + cnonce + "\", nc=" + nc
                + ", integrity-protected=\"tls-pending\", wwsf-identity=\"" + user.wwsf() + "\"";
    }

    public static DigestCredentials challengeOf(Response challenge) {
        return AuthorizationParser.parse(SipTestClient.values(challenge, "WWW-Authenticate").get(0)).orElseThrow();
    }

    /** REGISTER → 401 → REGISTER with the digest; returns the final answer. */
    public Response register(CoreUnderTest.WebUser user, Flow flow, String password, int expires) {
        Response challenge = send(user, flow, initialAuthorization(user, "tls-pending"), expires);
        if (challenge.getStatusCode() != 401) {
            return challenge;
        }
        return send(user, flow, answer(user, challenge, password, REGISTRAR, "00000001"), expires);
    }
}
