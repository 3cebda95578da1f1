package org.webrtcims.epcscf.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

/**
 * Turns one WebSocket message into a SIP message (RFC 7118 §5.3: one SIP message per WebSocket message, framing
 * by the WebSocket, so Content-Length is optional). Header lines jain-sip cannot parse are collected, not
 * silently dropped, so that the request can be answered with a 400 naming them (profile §6 row 2).
 */
public final class WicMessageParser {

    /** A parsed message and the names of header fields that could not be parsed (empty when clean). */
    public record Parsed(SIPMessage message, List<String> badHeaders) {
    }

    private WicMessageParser() {
    }

    /**
     * Empty when not even the start line and header structure can be read. jain-sip returns a message without a start
     * line (a request whose {@code getMethod()} is null: the NullPointerException of issue 11) when the first line
     * is a header; that is no SIP message either (RFC 3261 §7.1, §7.2).
     */
    public static Optional<Parsed> parse(String text) {
        List<String> bad = new ArrayList<>();
        try {
            SIPMessage message = new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true,
                    false, (error, msg, headerClass, header, whole) -> bad.add(RawRequest.headerName(header)));
            boolean startLine = message instanceof SIPRequest request ? request.getRequestLine() != null
                    && request.getMethod() != null && request.getRequestURI() != null
                    : message instanceof SIPResponse response && response.getStatusLine() != null;
            return startLine ? Optional.of(new Parsed(message, List.copyOf(bad))) : Optional.empty();
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A 400 built from the raw text when jain-sip gave up on the message but its request line and the header
     * lines a response needs (Via, From, To, Call-ID, CSeq; RFC 3261 §8.2.6.2) are there and sane; empty otherwise
     * and for an ACK (never answered).
     */
    public static Optional<String> textualBadRequest(String text, String reason) {
        return RawRequest.read(text).filter(r -> !r.isAck()).map(r -> r.response(400, reason, List.of()));
    }

    /** Like {@link #textualBadRequest(String, String)}, any status and extra headers. */
    public static Optional<String> textualResponse(String text, int status, String reason,
                                                   List<Map.Entry<String, String>> headers) {
        return RawRequest.read(text).filter(r -> !r.isAck()).map(r -> r.response(status, reason, headers));
    }
}
