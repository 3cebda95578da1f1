package org.webrtcims.scscf.registrar;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.identity.IdentityRules;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.digest.AuthScheme;

/**
 * What a REGISTER must satisfy before any HSS or database work (RFC 3261 §8.2.2.3, §10.3; RFC 5626 §5–6;
 * RFC 2617 §3.2.2.5; TS 33.203 Annex P.4.1), and the values derived from it. Plain: no I/O.
 */
public final class RegisterChecks {

    private static final Set<String> SUPPORTED_OPTIONS = Set.of("path", "outbound");
    private static final Pattern OB_PARAMETER = Pattern.compile("(?i);\\s*ob\\s*(?=[;>]|$)");

    private final long minExpires;
    private final long maxExpires;
    private final int defaultExpires;

    public RegisterChecks(ScscfProperties.Registrar registrar) {
        this.minExpires = registrar.minExpires().toSeconds();
        this.maxExpires = registrar.maxExpires().toSeconds();
        this.defaultExpires = (int) registrar.defaultExpires().toSeconds();
    }

    /** The refusal of a REGISTER that fails a check, or null when it passes them all. */
    public RegisterReply refusal(RegisterRequest request) {
        List<String> unsupported = request.require().stream()
                .filter(option -> !SUPPORTED_OPTIONS.contains(option.toLowerCase(Locale.ROOT))).toList();
        if (!unsupported.isEmpty()) {
            // RFC 3261 §8.2.2.3
            return RegisterReply.of(420, "Bad Extension").with("Unsupported", String.join(",", unsupported));
        }
        if (request.wildcardContact() && (!request.contacts().isEmpty() || request.expiresHeader() == null
                || request.expiresHeader() != 0)) {
            // RFC 3261 §10.3 step 6
            return RegisterReply.of(400, "Bad Request - Contact * needs Expires: 0 and no other contact");
        }
        for (ContactSpec contact : request.contacts()) {
            if (contact.regId() != null && contact.instanceId() == null) {
                return RegisterReply.of(400, "Bad Request - reg-id without +sip.instance");
            }
            int expires = requestedExpires(request, contact);
            if (expires != 0 && expires < minExpires) {
                // RFC 3261 §10.3 step 7
                return RegisterReply.of(423, "Interval Too Brief").with("Min-Expires", Long.toString(minExpires));
            }
            if (contact.regId() != null && (request.path().isEmpty() || !hasOb(request.path().get(0)))) {
                // RFC 5626 §6: outbound registration whose first hop does not do outbound
                return RegisterReply.of(439, "First Hop Lacks Outbound Support");
            }
        }
        AuthScheme scheme = scheme(request);
        if (scheme == AuthScheme.IMS_AKA || scheme == AuthScheme.TRUSTED_NODE) {
            // TS 33.203 Annex P.4.1: this S-CSCF offers SIP Digest only
            return RegisterReply.of(403, "Forbidden - Authentication scheme not supported");
        }
        if (!request.digestUriMatches()) {
            // RFC 2617 §3.2.2.5 (RFC 3261 §22.4 lets a SIP server check it), profile §6 row 21
            return RegisterReply.of(400, "Bad Request - Digest uri is not the Request-URI");
        }
        return null;
    }

    /** Annex P.4.1 / profile §1.3: the scheme the REGISTER asks for. */
    public static AuthScheme scheme(RegisterRequest request) {
        DigestCredentials credentials = request.credentials();
        return AuthScheme.decide(credentials != null, credentials == null ? null : credentials.integrityProtected(),
                credentials == null ? null : credentials.algorithm());
    }

    /** The Authorization username, else derived from the To URI (Annex P.6, 24.229 §5.3.1.2). */
    public static String impi(RegisterRequest request) {
        DigestCredentials credentials = request.credentials();
        return credentials != null && credentials.username() != null ? credentials.username()
                : IdentityRules.impiFromImpu(request.impu());
    }

    /** The contact's expires parameter, else the Expires header, else the default (RFC 3261 §10.3 step 7). */
    public int requestedExpires(RegisterRequest request, ContactSpec contact) {
        if (contact.expires() != null) {
            return contact.expires();
        }
        if (request.expiresHeader() != null) {
            return request.expiresHeader();
        }
        return defaultExpires;
    }

    /** What is granted: the request, capped at {@code max-expires}. */
    public long grantedExpires(RegisterRequest request, ContactSpec contact) {
        return Math.min(requestedExpires(request, contact), maxExpires);
    }

    /** {@code Contact: *}, or every contact asks for expiry 0 (RFC 3261 §10.3 step 6). */
    public boolean isDeregistration(RegisterRequest request) {
        return request.wildcardContact() || (!request.contacts().isEmpty()
                && request.contacts().stream().allMatch(c -> requestedExpires(request, c) == 0));
    }

    /** D12 / 24.229 §5.4.1.4: a de-registration the eP-CSCF vouches for (tls-yes through a trusted eP-CSCF). */
    public boolean isVouchedDeregistration(RegisterRequest request) {
        DigestCredentials credentials = request.credentials();
        return isDeregistration(request) && credentials != null && !credentials.hasResponse()
                && "tls-yes".equals(credentials.integrityProtected()) && request.viaTrustedEdge();
    }

    /** RFC 5626 §6: reg-id and instance on a contact, and the first Path has {@code ob}. */
    public static boolean outbound(RegisterRequest request) {
        return request.contacts().stream().anyMatch(c -> c.regId() != null && c.instanceId() != null)
                && !request.path().isEmpty() && hasOb(request.path().get(0));
    }

    /** RFC 5626 §5.1: the {@code ob} URI parameter of a Path entry such as {@code <sip:ft@host;lr;ob>}. */
    public static boolean hasOb(String path) {
        return OB_PARAMETER.matcher(path).find();
    }
}
