package org.webrtcims.epcscf.registration;

import java.util.Locale;
import java.util.Optional;

/**
 * The D1 W2 header {@code WebRTC-Web-Identity: "alice@idp.example.com";wwsf="wwsf.example.com"}: the web identity
 * (the digest username) and the WWSF the WIC claims. Hop-by-hop between WIC and eP-CSCF only.
 *
 * <pre>WebRTC-Web-Identity = "WebRTC-Web-Identity" HCOLON quoted-string SEMI "wwsf" EQUAL quoted-string
 *                       *(SEMI generic-param)</pre>
 */
public record WebIdentityClaim(String webIdentity, String wwsf) {

    public static final String HEADER = "WebRTC-Web-Identity";

    /** Empty when the value does not follow the ABNF above (quoted identity, a quoted {@code wwsf} parameter). */
    public static Optional<WebIdentityClaim> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.trim();
        Quoted identity = quoted(text, 0);
        if (identity == null || identity.value().isEmpty()) {
            return Optional.empty();
        }
        String wwsf = null;
        int i = identity.end();
        while (i < text.length()) {
            i = skipSpaces(text, i);
            if (i >= text.length() || text.charAt(i) != ';') {
                return Optional.empty();
            }
            i = skipSpaces(text, i + 1);
            int nameStart = i;
            while (i < text.length() && text.charAt(i) != '=' && text.charAt(i) != ';'
                    && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            i = skipSpaces(text, i);
            String paramValue = "";
            if (i < text.length() && text.charAt(i) == '=') {
                i = skipSpaces(text, i + 1);
                if (i < text.length() && text.charAt(i) == '"') {
                    Quoted quoted = quoted(text, i);
                    if (quoted == null) {
                        return Optional.empty();
                    }
                    paramValue = quoted.value();
                    i = quoted.end();
                } else {
                    int start = i;
                    while (i < text.length() && text.charAt(i) != ';' && !Character.isWhitespace(text.charAt(i))) {
                        i++;
                    }
                    paramValue = text.substring(start, i);
                    if ("wwsf".equals(name)) {
                        return Optional.empty(); // the ABNF wants a quoted-string
                    }
                }
            }
            if ("wwsf".equals(name)) {
                wwsf = paramValue;
            }
        }
        return wwsf == null || wwsf.isEmpty() ? Optional.empty()
                : Optional.of(new WebIdentityClaim(identity.value(), wwsf));
    }

    private record Quoted(String value, int end) {
    }

    /** RFC 3261 §25.1 quoted-string starting at {@code start}: backslash escapes one character. */
    private static Quoted quoted(String text, int start) {
        if (start >= text.length() || text.charAt(start) != '"') {
            return null;
        }
        StringBuilder value = new StringBuilder();
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                value.append(text.charAt(++i));
            } else if (c == '"') {
                return new Quoted(value.toString(), i + 1);
            } else {
                value.append(c);
            }
        }
        return null;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
