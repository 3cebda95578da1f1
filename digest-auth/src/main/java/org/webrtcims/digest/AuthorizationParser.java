package org.webrtcims.digest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the value of an {@code Authorization: Digest …} header into its parameters exactly as sent: the
 * digest is computed over the {@code uri} string the client used (RFC 2617 §3.2.2, profile D6), so it must not
 * be re-serialised by a URI parser. Quoted strings may hold commas and escaped characters (RFC 3261 §25.1).
 */
public final class AuthorizationParser {

    private AuthorizationParser() {
    }

    /** Empty when the value is not a Digest credential or is malformed. */
    public static Optional<DigestCredentials> parse(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String value = headerValue.trim();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Digest", 0, 6)
                || (value.length() > 6 && !Character.isWhitespace(value.charAt(6)))) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        int i = 6;
        int n = value.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(value.charAt(i)) || value.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ',' && !Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            String name = value.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < n && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            if (i >= n || value.charAt(i) != '=') {
                return Optional.empty();
            }
            i++;
            while (i < n && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            StringBuilder param = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = value.charAt(i++);
                    if (c == '\\' && i < n) {
                        param.append(value.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        param.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
            } else {
                while (i < n && value.charAt(i) != ',' && !Character.isWhitespace(value.charAt(i))) {
                    param.append(value.charAt(i++));
                }
            }
            if (name.isEmpty() || params.putIfAbsent(name, param.toString()) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(new DigestCredentials(params.get("username"), params.get("realm"), params.get("nonce"),
                params.get("uri"), params.get("response"), params.get("algorithm"), params.get("qop"),
                params.get("nc"), params.get("cnonce"), params.get("opaque"), params.get("integrity-protected"),
                params.get("wwsf-identity")));
    }
}
