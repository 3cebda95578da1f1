package org.webrtcims.epcscf.registration;

import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

import org.webrtcims.digest.AuthorizationParser;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.sip.RegisterExpiry;
import org.webrtcims.sip.SipHeaders;

/**
 * The eP-CSCF's checks on a REGISTER from a WIC, in the order of profile §3 step 1 (and §6 rows 2–5): syntax,
 * no third-party registration, the D1 header, the WWSF claim against the Origin's WWSF (D3), the digest
 * username against the header (D2 b), {@code Supported: path} (RFC 3327 §5.3), outbound parameters
 * (RFC 5626 §6). Plain logic over a parsed request; no sockets.
 */
public final class RegisterAdmission {

    private final boolean identityHeaderOptional;

    /** @param identityHeaderOptional D2 (b′) fallback mode: a REGISTER without the D1 header is forwarded as is */
    public RegisterAdmission(boolean identityHeaderOptional) {
        this.identityHeaderOptional = identityHeaderOptional;
    }

    /**
     * @param originWwsf the WWSF the WebSocket's Origin maps to (D3, authoritative)
     * @param boundImpi  the private identity a 200 OK bound the To IMPU to on this flow, or null
     */
    public EdgeVerdict admit(Request request, String originWwsf, String boundImpi) {
        Optional<EdgeVerdict.Reject> malformed = SipSyntax.check(request);
        if (malformed.isPresent()) {
            return malformed.get();
        }
        URI from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        URI to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!from.equals(to)) {
            // profile §3 step 1: a WIC registers its own IMPU only (no third-party registration)
            return new EdgeVerdict.Reject(403, "Forbidden - Third-party registration not allowed");
        }
        Optional<EdgeVerdict.Reject> contacts = checkContacts(request);
        if (contacts.isPresent()) {
            return contacts.get();
        }
        Header claimHeader = request.getHeader(WebIdentityClaim.HEADER);
        Header authorization = request.getHeader("Authorization");
        if (claimHeader == null) {
            if (boundImpi != null && authorization == null && RegisterExpiry.isDeregistration(request)) {
                // SIP.js's un-REGISTER on ua.stop() cannot carry extra headers: the flow already proves who it is
                return supportsPath(request) ? new EdgeVerdict.Forward(boundImpi, originWwsf) : requirePath();
            }
            if (!identityHeaderOptional) {
                // D1, profile §6 row 3
                return new EdgeVerdict.Reject(400, "Bad Request - Missing WebRTC-Web-Identity");
            }
            return supportsPath(request) ? new EdgeVerdict.Forward(null, originWwsf) : requirePath();
        }
        Optional<WebIdentityClaim> claim = WebIdentityClaim.parse(((ExtensionHeader) claimHeader).getValue());
        if (claim.isEmpty()) {
            return new EdgeVerdict.Reject(400, "Bad Request - Malformed WebRTC-Web-Identity");
        }
        if (!claim.get().wwsf().equals(originWwsf)) {
            // D3, profile §6 row 4: the Origin decides the WWSF; a different claim is refused
            return new EdgeVerdict.Reject(403, "Forbidden - WWSF does not match the Origin");
        }
        if (authorization != null) {
            Optional<DigestCredentials> credentials = AuthorizationParser.parse(SipHeaders.value(authorization));
            if (credentials.isEmpty()) {
                return new EdgeVerdict.Reject(400, "Bad Request - Malformed Authorization");
            }
            if (!claim.get().webIdentity().equals(credentials.get().username())) {
                // D2 (b), profile §6 row 3: octet-exact comparison (D5)
                return new EdgeVerdict.Reject(403, "Forbidden - Digest username does not match the web identity");
            }
        }
        if (!supportsPath(request)) {
            return requirePath();
        }
        return new EdgeVerdict.Forward(claim.get().webIdentity(), originWwsf);
    }

    /** RFC 3327 §5.3 (enforced at the edge, profile §6 row 5): 421 with {@code Require: path}. */
    private static EdgeVerdict.Reject requirePath() {
        return new EdgeVerdict.Reject(421, "Extension Required", List.of(Map.entry("Require", "path")));
    }

    private static boolean supportsPath(Request request) {
        ListIterator<?> supported = request.getHeaders("Supported");
        while (supported.hasNext()) {
            String value = SipHeaders.value((Header) supported.next());
            for (String option : value.split(",")) {
                if ("path".equals(option.trim().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** RFC 3261 §10.2.2 ({@code *} only alone and with expiry 0) and RFC 5626 §6 (reg-id needs +sip.instance). */
    private static Optional<EdgeVerdict.Reject> checkContacts(Request request) {
        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        int count = 0;
        boolean wildcard = false;
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            count++;
            if (contact.isWildCard()) {
                wildcard = true;
                continue;
            }
            if (contact.getParameter("reg-id") != null && contact.getParameter("+sip.instance") == null) {
                return Optional.of(new EdgeVerdict.Reject(400, "Bad Request - reg-id without +sip.instance"));
            }
        }
        if (wildcard) {
            javax.sip.header.ExpiresHeader expires = (javax.sip.header.ExpiresHeader) request.getHeader("Expires");
            if (count > 1 || expires == null || expires.getExpires() != 0) {
                return Optional.of(new EdgeVerdict.Reject(400, "Bad Request - Contact * needs Expires: 0 alone"));
            }
        }
        return Optional.empty();
    }

    /** Checks the CSeq method against the request method (RFC 3261 §8.1.1.5). */
    static boolean cseqMatches(Request request) {
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        return cseq != null && request.getMethod() != null && request.getMethod().equals(cseq.getMethod());
    }
}
