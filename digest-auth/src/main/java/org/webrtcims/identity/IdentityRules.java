package org.webrtcims.identity;

import java.util.regex.Pattern;

/**
 * Syntax of the identities the system stores (profile §2.1, D5). The web identity and the realm travel as SIP
 * quoted-strings ({@code username="…"}, {@code realm="…"}) and are compared octet-exactly, so they are kept to
 * printable ASCII without {@code "} or {@code \}; JsSIP and SIP.js do not support RFC 7616 {@code username*}.
 */
public final class IdentityRules {

    /** Longest web identity accepted (an e-mail address is at most 320 characters). */
    public static final int MAX_WEB_IDENTITY = 320;
    public static final int MAX_REALM = 253;
    public static final int MAX_IMPU = 512;

    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** sip:/sips: URI with an optional user part, a host name or IPv4 address, an optional port and parameters. */
    private static final Pattern SIP_URI = Pattern.compile(
            "sips?:([A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+@)?[A-Za-z0-9]([A-Za-z0-9\\-.]*[A-Za-z0-9])?(:[0-9]{1,5})?"
                    + "(;[A-Za-z0-9\\-_.!~*'()%]+(=[A-Za-z0-9\\-_.!~*'()%\\[\\]/:&+$]+)?)*");

    /** tel: URI (RFC 3966): a global number (+digits) or a local number with a phone-context parameter. */
    private static final Pattern TEL_URI = Pattern.compile(
            "tel:(\\+[0-9][0-9\\-.()]*|[0-9*#][0-9*#\\-.()]*(?=.*;phone-context=))"
                    + "(;[A-Za-z0-9\\-]+(=[A-Za-z0-9\\-_.!~*'()%+\\[\\]/:&$]+)?)*");

    private IdentityRules() {
    }

    /** A WWSF identity is the lower-case host name of the WWSF's web origin (profile §0, D3). */
    public static boolean isWwsfIdentity(String value) {
        return value != null && HOST.matcher(value).matches();
    }

    /** A web identity: the digest username (D5). */
    public static boolean isWebIdentity(String value) {
        return isQuotableToken(value, MAX_WEB_IDENTITY);
    }

    /** An IMS public identity: a SIP or tel URI (TS 23.003 §13.4). */
    public static boolean isImpu(String value) {
        return value != null && value.length() <= MAX_IMPU
                && (SIP_URI.matcher(value).matches() || TEL_URI.matcher(value).matches());
    }

    /**
     * TS 24.229 §5.3.1.2 / TS 33.203 Annex P.6: the private identity derived from a public one when a REGISTER
     * carries no Authorization header: the URI without scheme, port and parameters.
     */
    public static String impiFromImpu(String impu) {
        String value = impu.replaceFirst("^(sips?|tel):", "");
        int semicolon = value.indexOf(';');
        if (semicolon >= 0) {
            value = value.substring(0, semicolon);
        }
        int at = value.indexOf('@');
        int colon = value.indexOf(':', Math.max(at, 0));
        return colon > 0 ? value.substring(0, colon) : value;
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
