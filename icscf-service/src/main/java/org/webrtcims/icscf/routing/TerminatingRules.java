package org.webrtcims.icscf.routing;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;

import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.LocationInfoAnswer;
import org.webrtcims.cx.client.HssFailure;

/**
 * The I-CSCF's decisions for a terminating request (TS 24.229 §5.3.2.1, profile §5.5, §6 row 27, §8.1), as plain
 * code: which IMPU the Request-URI names, and what the location query (LIR) means for the request: the S-CSCF to
 * forward it to, or the SIP answer.
 */
public final class TerminatingRules {

    /** Where the request goes: {@code scscf} (a SIP URI, the LIA's Server-Name) or the answer {@code status}. */
    public record Decision(String scscf, int status, String reason) {

        static Decision forward(String scscf) {
            return new Decision(scscf.trim(), 0, null);
        }

        static Decision answer(int status, String reason) {
            return new Decision(null, status, reason);
        }

        public boolean forwards() {
            return scscf != null;
        }
    }

    private TerminatingRules() {
    }

    /**
     * The home-network IMPU a Request-URI names (TS 23.003 §13.4), as the HSS keys it: a {@code sip:} or
     * {@code sips:} URI with a user part whose host is one of {@code homeDomains} becomes {@code sip:user@host} (port
     * and parameters dropped but {@code user=phone}); a {@code tel:} URI becomes {@code tel:+digits} for a global
     * number (visual separators removed, RFC 3966 §5.1.1), or stays whole for a local one. Empty for anything else: a
     * host outside the home network, no user part, another scheme.
     */
    public static Optional<String> homeImpu(URI uri, Collection<String> homeDomains) {
        if (uri instanceof SipURI sip) {
            String host = sip.getHost();
            if (sip.getUser() == null || sip.getUser().isEmpty() || host == null
                    || homeDomains.stream().noneMatch(domain -> domain.equalsIgnoreCase(host))) {
                return Optional.empty();
            }
            boolean userPhone = "phone".equalsIgnoreCase(sip.getUserParam());
            String number = sip.getUser().replaceAll("[-.()]", "");
            if (userPhone && number.matches("\\+[0-9]+")) {
                // RFC 3261 §19.1.6, TS 24.229 §5.3.2.1: sip:+number@home;user=phone is the telephone number; the HSS
                // knows it as tel:+number (browser stacks such as JsSIP cannot send tel: requests)
                return Optional.of("tel:" + number);
            }
            return Optional.of("sip:" + sip.getUser() + "@" + host.toLowerCase(Locale.ROOT)
                    + (userPhone ? ";user=phone" : ""));
        }
        if (uri instanceof TelURL tel) {
            String number = tel.getPhoneNumber() == null ? "" : tel.getPhoneNumber().replaceAll("[-.()]", "");
            if (number.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(tel.isGlobal() ? "tel:+" + number.replaceFirst("^\\+", "") : uri.toString().trim());
        }
        return Optional.empty();
    }

    /**
     * A successful LIA (TS 24.229 §5.3.2.1): the Server-Name when there is one; otherwise (DIAMETER_UNREGISTERED_SERVICE
     * with Server-Capabilities: the user has services while not registered) the first S-CSCF the capabilities list,
     * as the I-CSCF selects for a REGISTER (§5.3.1.2); with neither, 480 (nobody can serve the user now).
     */
    public static Decision afterLocation(LocationInfoAnswer answer) {
        if (answer.serverName() != null && !answer.serverName().isBlank()) {
            return Decision.forward(answer.serverName());
        }
        List<String> capable = answer.serverCapabilities() == null ? List.of()
                : Optional.ofNullable(answer.serverCapabilities().serverNames()).orElse(List.of());
        return capable.stream().filter(name -> name != null && !name.isBlank()).findFirst().map(Decision::forward)
                .orElse(Decision.answer(480, "Temporarily Unavailable - No S-CSCF for the user"));
    }

    /**
     * A failed LIR (TS 24.229 §5.3.2.1, profile §5.5, §6 row 27): USER_UNKNOWN → 404; not registered (and no
     * services for unregistered users) → 480; any other negative answer → 480; the HSS unreachable, failing or slow →
     * 480 (D18; the reason phrase says which).
     */
    public static Decision afterFailure(Throwable error) {
        if (error instanceof HssFailure failure) {
            if (failure.kind() == HssFailure.Kind.NEGATIVE) {
                if (failure.cxCause() == CxCause.USER_UNKNOWN) {
                    return Decision.answer(404, "Not Found");
                }
                if (failure.cxCause() == CxCause.IDENTITY_NOT_REGISTERED) {
                    return Decision.answer(480, "Temporarily Unavailable");
                }
                return Decision.answer(480, "Temporarily Unavailable - Location query refused");
            }
            if (failure.kind() == HssFailure.Kind.TIMEOUT) {
                return Decision.answer(480, "Temporarily Unavailable - HSS did not answer");
            }
        }
        return Decision.answer(480, "Temporarily Unavailable - HSS unavailable");
    }
}
