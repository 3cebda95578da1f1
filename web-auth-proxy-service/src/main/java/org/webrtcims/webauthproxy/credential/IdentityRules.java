package org.webrtcims.webauthproxy.credential;

import java.util.regex.Pattern;

/**
 * Syntax of the identities the proxy stores (profile §2.1, D5). The web identity and the realm travel as SIP
 * quoted-strings ({@code username="…"}, {@code realm="…"}) and are compared octet-exactly, so they are kept to
 * printable ASCII without {@code "} or {@code \}; JsSIP and SIP.js do not support RFC 7616 {@code username*}.
 */
public final class IdentityRules {

    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private IdentityRules() {
    }

    /** A WWSF identity is the lower-case host name of the WWSF's web origin (profile §0, D3). */
    public static boolean isWwsfIdentity(String value) {
        return value != null && HOST.matcher(value).matches();
    }

    /** Printable ASCII, no quote, no backslash, at most {@code maxLength} characters. */
    public static boolean isQuotableToken(String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
