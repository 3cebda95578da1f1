package org.webrtcims.scscf.sip;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;

import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

import org.webrtcims.digest.AuthorizationParser;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.scscf.digest.DigestUri;
import org.webrtcims.scscf.registrar.ContactSpec;
import org.webrtcims.scscf.registrar.RegisterRequest;

/** Turns a jain-sip REGISTER into the registrar's plain {@link RegisterRequest}. */
final class RegisterRequests {

    /** Why a REGISTER could not be read: answered 400 with this reason. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private RegisterRequests() {
    }

    static RegisterRequest from(Request request, EdgeTrust edges) throws Malformed {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        if (to == null || callId == null || cseq == null) {
            throw new Malformed("Bad Request - Missing To, Call-ID or CSeq");
        }
        List<ContactSpec> contacts = new ArrayList<>();
        boolean wildcard = false;
        ListIterator<?> contactHeaders = request.getHeaders(ContactHeader.NAME);
        while (contactHeaders.hasNext()) {
            ContactHeader contact = (ContactHeader) contactHeaders.next();
            if (contact.isWildCard()) {
                wildcard = true;
                continue;
            }
            contacts.add(contact(contact));
        }
        ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        DigestCredentials credentials = null;
        List<String> authorizations = HeaderValues.all(request, "Authorization");
        if (!authorizations.isEmpty()) {
            Optional<DigestCredentials> parsed = AuthorizationParser.parse(authorizations.get(0));
            if (parsed.isEmpty()) {
                throw new Malformed("Bad Request - Malformed Authorization");
            }
            credentials = parsed.get();
        }
        List<String> require = new ArrayList<>();
        ListIterator<?> requires = request.getHeaders(RequireHeader.NAME);
        while (requires.hasNext()) {
            require.add(((RequireHeader) requires.next()).getOptionTag());
        }
        List<String> path = new ArrayList<>();
        for (String value : HeaderValues.all(request, "Path")) {
            for (String part : value.split(",(?=\\s*<)")) {
                path.add(part.trim());
            }
        }
        boolean digestUriMatches = credentials == null || !credentials.hasResponse()
                || DigestUri.matches(credentials.uri(), uri(request.getRequestURI()));
        List<EdgeTrust.Hop> vias = new ArrayList<>();
        ListIterator<?> viaHeaders = request.getHeaders(ViaHeader.NAME);
        while (viaHeaders.hasNext()) {
            ViaHeader via = (ViaHeader) viaHeaders.next();
            vias.add(new EdgeTrust.Hop(via.getHost(), Math.max(via.getPort(), 0), via.getReceived()));
        }
        return new RegisterRequest(uri(to.getAddress().getURI()), callId.getCallId(), cseq.getSeqNumber(), contacts,
                wildcard, expires == null ? null : expires.getExpires(), credentials, path, require,
                request.getRawContent(), digestUriMatches, EdgeTrust.wicAddress(vias, path),
                edges.viaTrustedEdge(path));
    }

    private static ContactSpec contact(ContactHeader contact) throws Malformed {
        Integer expires = contact.getExpires() >= 0 ? contact.getExpires() : null;
        String instance = contact.getParameter("+sip.instance");
        String regIdText = contact.getParameter("reg-id");
        Integer regId;
        try {
            regId = regIdText == null ? null : Integer.valueOf(regIdText);
        } catch (NumberFormatException e) {
            throw new Malformed("Bad Request - Invalid reg-id");
        }
        StringBuilder params = new StringBuilder();
        Iterator<?> names = contact.getParameterNames();
        while (names.hasNext()) {
            String name = (String) names.next();
            if ("expires".equalsIgnoreCase(name)) {
                continue;
            }
            String value = contact.getParameter(name);
            if (params.length() > 0) {
                params.append(';');
            }
            params.append(name);
            if (value != null && !value.isEmpty()) {
                boolean quote = !value.matches("[A-Za-z0-9\\-.!%*_+`'~]+");
                params.append('=').append(quote ? '"' + value.replace("\"", "") + '"' : value);
            }
        }
        return new ContactSpec(uri(contact.getAddress().getURI()), expires,
                instance == null ? null : instance.replace("\"", ""), regId, params.toString());
    }

    private static String uri(URI uri) {
        return uri.toString().trim();
    }
}
