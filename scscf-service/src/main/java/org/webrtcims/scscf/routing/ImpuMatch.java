package org.webrtcims.scscf.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * Public identities compared the way the S-CSCF finds a user's registrations: scheme, user and host of a SIP URI
 * (case-insensitive scheme and host, user as written; port, URI and user parameters and headers ignored), the
 * number of a tel URI (visual separators and parameters ignored, RFC 3966 §5.1.1). Display names and angle
 * brackets of a name-addr are dropped. Plain code.
 */
public final class ImpuMatch {

    private ImpuMatch() {
    }

    /** The comparison key of a URI or name-addr ({@code sip:user@host}, {@code tel:+number}); empty if it is neither. */
    public static Optional<String> canonical(String uriOrNameAddr) {
        if (uriOrNameAddr == null) {
            return Optional.empty();
        }
        String uri = uriOrNameAddr.trim();
        int open = uri.indexOf('<');
        if (open >= 0) {
            int close = uri.indexOf('>', open);
            uri = close < 0 ? uri.substring(open + 1) : uri.substring(open + 1, close);
        }
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        switch (scheme) {
            case "tel" -> {
                String number = cut(rest, ";?").replaceAll("[-.()\\s]", "");
                return number.isEmpty() ? Optional.empty() : Optional.of("tel:" + number.toLowerCase(Locale.ROOT));
            }
            case "sip", "sips" -> {
                int at = rest.lastIndexOf('@', firstOf(rest, "?"));
                String user = at < 0 ? "" : cut(rest.substring(0, at), ";");
                String hostPort = cut(at < 0 ? rest : rest.substring(at + 1), ";?");
                String host = hostOnly(hostPort).toLowerCase(Locale.ROOT);
                if (host.isEmpty()) {
                    return Optional.empty();
                }
                String number = user.replaceAll("[-.()]", "");
                boolean global = at > 0 && rest.substring(0, at).indexOf(';') < 0 && number.matches("\\+[0-9]+");
                if (global && isUserPhone(rest)) {
                    // RFC 3261 §19.1.6: sip:+number@host;user=phone names the telephone number tel:+number
                    return Optional.of("tel:" + number);
                }
                return Optional.of(scheme + ":" + (user.isEmpty() ? "" : user + "@") + host);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean isUserPhone(String afterScheme) {
        int at = afterScheme.lastIndexOf('@', firstOf(afterScheme, "?"));
        String params = cut(at < 0 ? afterScheme : afterScheme.substring(at + 1), "?");
        for (String param : params.split(";")) {
            if (param.trim().equalsIgnoreCase("user=phone")) {
                return true;
            }
        }
        return false;
    }

    /** Whether two URIs name the same public identity (see the class comment). */
    public static boolean same(String a, String b) {
        Optional<String> left = canonical(a);
        return left.isPresent() && left.equals(canonical(b));
    }

    /** The user part of a SIP URI, or the number of a tel URI: what a database pre-filter may look for. */
    public static String userOf(String canonical) {
        String rest = canonical.substring(canonical.indexOf(':') + 1);
        int at = rest.indexOf('@');
        return at < 0 ? rest : rest.substring(0, at);
    }

    private static String hostOnly(String hostPort) {
        String h = hostPort.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String cut(String value, String stops) {
        return value.substring(0, firstOf(value, stops)).trim();
    }

    private static int firstOf(String value, String stops) {
        for (int i = 0; i < value.length(); i++) {
            if (stops.indexOf(value.charAt(i)) >= 0) {
                return i;
            }
        }
        return value.length();
    }
}
