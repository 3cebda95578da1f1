package org.webrtcims.epcscf.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.webrtcims.epcscf.flow.Flow;
import org.webrtcims.sip.SipHeaders;

/**
 * The eP-CSCF's rules for an initial request from a registered flow (profile §8.1 "originating", TS 24.229
 * §5.2.6.3, RFC 5658): which registration and asserted identity it goes out with, where it is routed, and whether
 * it creates a dialog (double Record-Route). Pure: no SIP stack, no I/O.
 */
public final class OriginatingRules {

    /** Requests that create a dialog and therefore get the double Record-Route (RFC 3261 §12.1, RFC 3265, RFC 3515). */
    private static final Set<String> DIALOG_CREATING = Set.of("INVITE", "SUBSCRIBE", "REFER");

    /**
     * The identity the request is asserted with.
     *
     * @param registration the flow's registration it is sent under (its Service-Route is the route)
     * @param assertedIdentity the P-Asserted-Identity value, {@code <uri>}
     */
    public record Asserted(Flow.Registration registration, String assertedIdentity) {
    }

    private OriginatingRules() {
    }

    /**
     * TS 24.229 §5.2.6.3.1 (Annex Q, profile §8.1): the P-Preferred-Identity when it is one of the P-Associated-URIs
     * of a registration of this flow, else the default IMPU (the first P-Associated-URI) of the registration for the
     * From URI, else of the flow's first registration. Empty when the flow has no registration (→ 403).
     *
     * @param registrations the flow's registrations by registered IMPU, in binding order
     * @param preferred     the P-Preferred-Identity URI (without brackets), or null
     * @param from          the From URI, or null
     */
    public static Optional<Asserted> assertedIdentity(Map<String, Flow.Registration> registrations, String preferred,
                                                      String from) {
        if (registrations.isEmpty()) {
            return Optional.empty();
        }
        if (preferred != null) {
            for (Flow.Registration registration : registrations.values()) {
                for (String associated : associated(registration)) {
                    if (sameUri(uriOf(associated), preferred)) {
                        return Optional.of(new Asserted(registration, "<" + uriOf(associated) + ">"));
                    }
                }
            }
        }
        Flow.Registration chosen = null;
        String registeredImpu = null;
        for (Map.Entry<String, Flow.Registration> entry : registrations.entrySet()) {
            boolean fromMatches = from != null && (sameUri(entry.getKey(), from) || associated(entry.getValue())
                    .stream().anyMatch(a -> sameUri(uriOf(a), from)));
            if (chosen == null || fromMatches) {
                chosen = entry.getValue();
                registeredImpu = entry.getKey();
                if (fromMatches) {
                    break;
                }
            }
        }
        List<String> associated = associated(chosen);
        String defaultImpu = associated.isEmpty() ? registeredImpu : uriOf(associated.get(0));
        return Optional.of(new Asserted(chosen, "<" + defaultImpu + ">"));
    }

    /** The registration's P-Associated-URIs one per element (a header value may list several). */
    public static List<String> associated(Flow.Registration registration) {
        return registration.associatedUris().stream().flatMap(v -> SipHeaders.splitTopLevel(v).stream())
                .filter(v -> !v.isBlank()).toList();
    }

    /** RFC 5658 / profile §8.1: INVITE, SUBSCRIBE and REFER get the double Record-Route. */
    public static boolean createsDialog(String method) {
        return DIALOG_CREATING.contains(method.toUpperCase(Locale.ROOT));
    }

    /** The core-side Record-Route/Route entry: {@code <sip:host:port;transport=tcp;lr>}. */
    public static String coreSideEntry(String host, int port) {
        return "<sip:" + bracketed(host) + ":" + port + ";transport=tcp;lr>";
    }

    /** The WebSocket-side entry, with the flow token: {@code <sip:ft-…@host:port;transport=ws;lr;ob>}. */
    public static String flowSideEntry(String token, String host, int port) {
        return "<sip:" + token + "@" + bracketed(host) + ":" + port + ";transport=ws;lr;ob>";
    }

    /**
     * The Route set of an originating request: the registration's Service-Route entries in order (profile §8.1:
     * Service-Route enforcement, 24.229 allows replacing a preloaded route). Each value is one header value; a value
     * that lists several comma-separated entries is split.
     */
    public static List<String> routeFromServiceRoute(Flow.Registration registration) {
        return registration.serviceRoute().stream().flatMap(v -> SipHeaders.splitTopLevel(v).stream()).filter(v -> !v.isBlank())
                .toList();
    }

    /** {@code <sip:a@b>;p=1} → {@code sip:a@b}; a bare URI stays as it is. */
    public static String uriOf(String nameAddr) {
        String v = nameAddr.trim();
        int open = v.indexOf('<');
        int close = v.indexOf('>', open + 1);
        return open >= 0 && close > open ? v.substring(open + 1, close).trim() : v;
    }

    /**
     * Two URIs name the same identity: scheme and host compared without case, the rest exactly (RFC 3261 §19.1.4,
     * enough for IMPUs as the S-CSCF writes them); URI parameters are ignored.
     */
    public static boolean sameUri(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String uri) {
        String u = uri.trim();
        int semicolon = u.indexOf(';');
        if (semicolon >= 0) {
            u = u.substring(0, semicolon);
        }
        int colon = u.indexOf(':');
        if (colon < 0) {
            return u;
        }
        String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = u.substring(colon + 1);
        int at = rest.lastIndexOf('@');
        return at < 0 ? scheme + ":" + (scheme.equals("tel") ? rest : rest.toLowerCase(Locale.ROOT))
                : scheme + ":" + rest.substring(0, at) + "@" + rest.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

}
