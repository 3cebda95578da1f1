package org.webrtcims.epcscf.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import gov.nist.javax.sip.message.SIPMessage;
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

    /** Empty when not even the start line and header structure can be read. */
    public static Optional<Parsed> parse(String text) {
        List<String> bad = new ArrayList<>();
        try {
            SIPMessage message = new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true,
                    false, (error, msg, headerClass, header, whole) -> bad.add(headerName(header)));
            return message == null ? Optional.empty() : Optional.of(new Parsed(message, List.copyOf(bad)));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String headerName(String headerLine) {
        if (headerLine == null) {
            return "header";
        }
        int colon = headerLine.indexOf(':');
        return (colon < 0 ? headerLine : headerLine.substring(0, colon)).trim();
    }

    /**
     * A 400 built from the raw text when jain-sip gave up on the message but its request line and the header
     * lines a response needs (Via, From, To, Call-ID, CSeq; RFC 3261 §8.2.6.2) are there; empty otherwise.
     */
    public static Optional<String> textualBadRequest(String text, String reason) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].matches("^[A-Za-z]+ \\S+ SIP/2\\.0\\s*$")) {
            return Optional.empty();
        }
        List<String> vias = new ArrayList<>();
        String from = null;
        String to = null;
        String callId = null;
        String cseq = null;
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "via", "v" -> vias.add(value);
                case "from", "f" -> from = value;
                case "to", "t" -> to = value;
                case "call-id", "i" -> callId = value;
                case "cseq" -> cseq = value;
                default -> { }
            }
        }
        if (vias.isEmpty() || from == null || to == null || callId == null || cseq == null
                || cseq.toUpperCase(Locale.ROOT).startsWith("ACK") || lines[0].startsWith("ACK ")) {
            return Optional.empty();
        }
        StringBuilder response = new StringBuilder("SIP/2.0 400 ").append(reason).append("\r\n");
        vias.forEach(v -> response.append("Via: ").append(v).append("\r\n"));
        response.append("From: ").append(from).append("\r\n")
                .append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=edge400").append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append("\r\n")
                .append("Content-Length: 0\r\n\r\n");
        return Optional.of(response.toString());
    }
}
