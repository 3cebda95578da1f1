package org.webrtcims.epcscf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.webrtcims.digest.AuthorizationParser;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.digest.DigestInput;
import org.webrtcims.fixture.CoreUnderTest;

/**
 * What a browser SIP stack sends over the WebSocket (profile §3 step 1 and 7, as JsSIP does): REGISTER with the D1
 * header, {@code Supported: path,gruu,outbound}, a {@code .invalid} Contact with instance and reg-id, the digest
 * answer to the first challenge.
 */
final class Wic {

    static final String REGISTRAR = "sip:ims.example.net";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WsClient socket;
    private final CoreUnderTest.WebUser user;
    final String callId = UUID.randomUUID().toString();
    final String contactUser = "c" + UUID.randomUUID().toString().substring(0, 8);
    private final String instance = "urn:uuid:" + UUID.randomUUID();
    private final String fromTag = UUID.randomUUID().toString().substring(0, 8);
    private int cseq = 1;

    Wic(WsClient socket, CoreUnderTest.WebUser user) {
        this.socket = socket;
        this.user = user;
    }

    /** A response as text, with header lookup. */
    record Message(String text) {
        int status() {
            return Integer.parseInt(text.substring(8, 11));
        }

        String reason() {
            String first = text.substring(0, text.indexOf("\r\n"));
            return first.substring(12);
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }

        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        boolean has(String name) {
            return !headers(name).isEmpty();
        }
    }

    String register(int expires, String authorization, String... extraLines) {
        List<String> lines = new ArrayList<>(List.of(
                "Via: SIP/2.0/WSS k3v9q2x7m1p4.invalid;branch=z9hG4bK" + UUID.randomUUID().toString().substring(0, 8),
                "Max-Forwards: 69",
                "To: <" + user.impu() + ">",
                "From: \"Alice\" <" + user.impu() + ">;tag=" + fromTag,
                "Call-ID: " + callId,
                "CSeq: " + cseq++ + " REGISTER",
                "Contact: <sip:" + contactUser + "@k3v9q2x7m1p4.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"<"
                        + instance + ">\";expires=" + expires,
                "Expires: " + expires,
                "Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY",
                "User-Agent: ep-cscf-test"));
        if (authorization != null) {
            lines.add("Authorization: " + authorization);
        }
        lines.addAll(List.of(extraLines));
        return "REGISTER " + REGISTRAR + " SIP/2.0\r\n" + String.join("\r\n", lines) + "\r\nContent-Length: 0\r\n\r\n";
    }

    String identityHeader() {
        return "WebRTC-Web-Identity: \"" + user.webIdentity() + "\";wwsf=\"" + user.wwsf() + "\"";
    }

    /** Sends and waits for the answer. */
    Message exchange(String request) {
        socket.send(request);
        String answer = socket.next(WAIT);
        if (answer == null) {
            throw new AssertionError("no answer to\n" + request);
        }
        return new Message(answer);
    }

    /** REGISTER → 401 → REGISTER with the digest for {@code password}; the last answer. */
    Message register(String password, int expires) {
        Message challenge = exchange(register(expires, null, identityHeader(), "Supported: path,gruu,outbound"));
        if (challenge.status() != 401) {
            return challenge;
        }
        return exchange(register(expires, answer(challenge, password), identityHeader(),
                "Supported: path,gruu,outbound"));
    }

    /** The RFC 2617 answer a JsSIP-like WIC computes for the first challenge (qop=auth, nc=00000001). */
    String answer(Message challenge, String password) {
        DigestCredentials c = AuthorizationParser.parse(challenge.header("WWW-Authenticate")).orElseThrow();
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(c.algorithm()).orElseThrow();
        String ha1 = DigestCalculator.ha1(algorithm, user.webIdentity(), c.realm(), password);
        String cnonce = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String response = DigestCalculator.response(algorithm, ha1,
                DigestInput.auth(c.nonce(), "00000001", cnonce, "REGISTER", REGISTRAR));
        return "Digest algorithm=" + algorithm.token().toUpperCase(Locale.ROOT) + ", username=\"" + user.webIdentity()
                + "\", realm=\"" + c.realm() + "\", nonce=\"" + c.nonce() + "\", uri=\"" + REGISTRAR
                + "\", response=\"" + response + "\", opaque=\"" + c.opaque() + "\", qop=auth, cnonce=\"" + cnonce
                + "\", nc=00000001";
    }
}
