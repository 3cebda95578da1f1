package org.webrtcims.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;

import javax.sip.header.Header;
import javax.sip.message.Message;

/**
 * Header values as they appear on the wire (after "Name:"), for headers jain-sip keeps as generic extension headers
 * or would otherwise re-parse (Authorization with non-RFC 3261 parameters, Path, P-Visited-Network-ID, ...).
 */
public final class SipHeaders {

    private SipHeaders() {
    }

    /** The text after the first colon, trimmed (the whole text when there is no colon). */
    public static String value(Header header) {
        String text = header.toString().trim();
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(colon + 1).trim();
    }

    /** The first header of that name, as on the wire. */
    public static Optional<String> first(Message message, String name) {
        Header header = message.getHeader(name);
        return header == null ? Optional.empty() : Optional.of(value(header));
    }

    /** Every header of that name, as on the wire, in order. */
    public static List<String> all(Message message, String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> headers = message.getHeaders(name);
        while (headers.hasNext()) {
            values.add(value((Header) headers.next()));
        }
        return values;
    }

    /**
     * A list header's value split at the commas that are not inside {@code <…>} or quotes (RFC 3261 §7.3.1: jain-sip
     * writes several Route, Record-Route or P-Associated-URI values on one line).
     */
    public static List<String> splitTopLevel(String value) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(value.substring(start).trim());
        return parts;
    }
}
