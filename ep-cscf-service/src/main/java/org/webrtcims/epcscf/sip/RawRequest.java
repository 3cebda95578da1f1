package org.webrtcims.epcscf.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a response needs from a request, read from the raw text without a SIP parser: for answering a message jain-sip
 * gave up on (400, RFC 3261 §8.2.6.2 / profile §6 row 2) and for answering before parsing (503 when over the rate
 * limit). The start line must be a request line, and Via, From, To, Call-ID and CSeq must be present and sane
 * (RFC 3261 §8.1.1, §20): otherwise no response can be addressed and the caller closes the WebSocket (1008). Leading
 * CRLFs are skipped (RFC 3261 §7.5). Plain logic, linear in the message size.
 *
 * @param method the request line's method
 * @param vias   the Via header field values, in order
 */
public record RawRequest(String method, List<String> vias, String from, String to, String callId, String cseq) {

    /** RFC 3261 §25.1 token characters (method, header names). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+");
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Za-z0-9.!%*_+`'~-]+) \\S+ (?i:SIP)/2\\.0 *");
    /** Via: SIP/2.0/transport sent-by (RFC 3261 §20.42). */
    private static final Pattern VIA = Pattern.compile("(?i)SIP */ *2\\.0 */ *[A-Za-z0-9.!%*_+`'~-]+ +[^\\s;,]+.*");
    /** CSeq: 1*DIGIT LWS Method, the number below 2**31 (RFC 3261 §8.1.1.5). */
    private static final Pattern CSEQ = Pattern.compile("(\\d{1,10}) +([A-Za-z0-9.!%*_+`'~-]+)");
    /** A Call-ID is word ["@" word] (RFC 3261 §25.1): no whitespace, printable ASCII. */
    private static final Pattern CALL_ID = Pattern.compile("[!-~]+");
    /** Header values copied into a response: printable, no control characters (no header injection). */
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]*");

    /** True when the message (after leading CRLFs) starts with a status line: a response, never answered. */
    public static boolean isResponse(String text) {
        return stripLeadingCrlf(text).startsWith("SIP/");
    }

    /** The start line's method if the message starts with a request line; empty otherwise. */
    public static Optional<String> requestMethod(String text) {
        String rest = stripLeadingCrlf(text);
        int end = rest.indexOf('\n');
        String line = (end < 0 ? rest : rest.substring(0, end)).stripTrailing();
        var match = REQUEST_LINE.matcher(line);
        return match.matches() ? Optional.of(match.group(1)) : Optional.empty();
    }

    /** The addressing headers, when a response can be addressed; empty otherwise. */
    public static Optional<RawRequest> read(String text) {
        String[] lines = stripLeadingCrlf(text).split("\r?\n", -1);
        Optional<String> method = requestMethod(lines[0]);
        if (method.isEmpty()) {
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
                case "from", "f" -> from = from == null ? value : "";
                case "to", "t" -> to = to == null ? value : "";
                case "call-id", "i" -> callId = callId == null ? value : "";
                case "cseq" -> cseq = cseq == null ? value : "";
                default -> { }
            }
        }
        // a duplicated From/To/Call-ID/CSeq (set to "" above) leaves nothing sane to address (RFC 3261 §7.3.1)
        if (vias.isEmpty() || !vias.stream().allMatch(v -> VIA.matcher(v).matches() && PRINTABLE.matcher(v).matches())
                || !addressable(from) || !addressable(to) || callId == null || !CALL_ID.matcher(callId).matches()
                || cseq == null) {
            return Optional.empty();
        }
        var number = CSEQ.matcher(cseq);
        if (!number.matches() || Long.parseLong(number.group(1)) > Integer.MAX_VALUE
                || !number.group(2).equals(method.get())) {
            return Optional.empty();
        }
        return Optional.of(new RawRequest(method.get(), List.copyOf(vias), from, to, callId, cseq));
    }

    private static boolean addressable(String value) {
        return value != null && !value.isEmpty() && PRINTABLE.matcher(value).matches();
    }

    /** RFC 3261 §17.1.1.3, §17.2.1: an ACK is never answered. */
    public boolean isAck() {
        return "ACK".equals(method);
    }

    /**
     * The response (RFC 3261 §8.2.6.2: the request's Vias, From, To with a tag added, Call-ID, CSeq), with the reason
     * phrase and extra headers given.
     */
    public String response(int status, String reason, List<Map.Entry<String, String>> headers) {
        StringBuilder response = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason)
                .append("\r\n");
        vias.forEach(v -> response.append("Via: ").append(v).append("\r\n"));
        response.append("From: ").append(from).append("\r\n")
                .append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=edge" + status).append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append("\r\n");
        headers.forEach(h -> response.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        return response.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** A header name fit for a reason phrase or Warning text: the token, or {@code header} when it is none. */
    public static String headerName(String headerLine) {
        if (headerLine == null) {
            return "header";
        }
        int colon = headerLine.indexOf(':');
        String name = (colon < 0 ? headerLine : headerLine.substring(0, colon)).trim();
        return name.length() <= 64 && TOKEN.matcher(name).matches() ? name : "header";
    }

    private static String stripLeadingCrlf(String text) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == '\r' || text.charAt(i) == '\n')) {
            i++;
        }
        return text.substring(i);
    }
}
