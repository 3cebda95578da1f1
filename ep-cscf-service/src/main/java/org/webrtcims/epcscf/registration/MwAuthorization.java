package org.webrtcims.epcscf.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Authorization header the eP-CSCF puts on a REGISTER toward the I-CSCF (profile D2): synthesized UE-style
 * initial credentials when the WIC sent none (TS 24.229 §5.1.1.2.1 style, D2 a), or the WIC's own credentials
 * extended with {@code integrity-protected} (TS 24.229 §7.2A.2) and {@code wwsf-identity} (D3) (D2 b). Both
 * parameters are the eP-CSCF's assertions: whatever the WIC put there itself is removed first.
 */
public final class MwAuthorization {

    /** TS 24.229 §7.2A.2 / Annex O analogy (D2): a flow not yet bound to the private identity. */
    public static final String TLS_PENDING = "tls-pending";
    /** The flow was bound to this private identity by an earlier 200 OK (D2). */
    public static final String TLS_YES = "tls-yes";

    private static final List<String> EDGE_PARAMETERS = List.of("integrity-protected", "wwsf-identity");

    private MwAuthorization() {
    }

    /** D2 (a): {@code Digest username=…, realm=…, uri=…, nonce="", response="", integrity-protected=…, wwsf-identity=…}. */
    public static String initial(String webIdentity, String realm, String requestUri, String integrityProtected,
                                 String wwsf) {
        return "Digest username=" + quote(webIdentity) + ", realm=" + quote(realm) + ", uri=" + quote(requestUri)
                + ", nonce=\"\", response=\"\", integrity-protected=" + quote(integrityProtected)
                + ", wwsf-identity=" + quote(wwsf);
    }

    /**
     * D2 (b): the WIC's value with its own {@code integrity-protected}/{@code wwsf-identity} removed and the
     * eP-CSCF's appended; the digest response does not cover auth-params, so the credentials stay valid.
     */
    public static String extended(String wicValue, String integrityProtected, String wwsf) {
        String value = wicValue.trim();
        String scheme = value.substring(0, Math.min(6, value.length()));
        List<String> kept = new ArrayList<>();
        for (String parameter : splitParameters(value.substring(scheme.length()))) {
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            if (!EDGE_PARAMETERS.contains(name)) {
                kept.add(parameter.trim());
            }
        }
        kept.add("integrity-protected=" + quote(integrityProtected));
        kept.add("wwsf-identity=" + quote(wwsf));
        return scheme + " " + String.join(", ", kept);
    }

    /** Splits auth-params at commas outside quoted strings (RFC 3261 §25.1 quoted-pair aware). */
    static List<String> splitParameters(String parameters) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < parameters.length(); i++) {
            char c = parameters.charAt(i);
            if (quoted && c == '\\' && i + 1 < parameters.length()) {
                current.append(c).append(parameters.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                if (!current.toString().isBlank()) {
                    parts.add(current.toString());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        return parts;
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
