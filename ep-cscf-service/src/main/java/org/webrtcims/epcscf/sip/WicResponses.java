package org.webrtcims.epcscf.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import javax.sip.InvalidArgumentException;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.epcscf.flow.Flow;
import org.webrtcims.sip.SipHeaders;

/**
 * Responses from the core on their way to the WIC (profile steps 6 and 10) and what a 2xx to REGISTER means for
 * the flow.
 */
public final class WicResponses {

    /** Trust-domain-only headers (RFC 7315 §4.5/4.6 and TS 24.229 §5.2.6.4: not passed to the UE). */
    private static final String[] CORE_ONLY = {"P-Charging-Vector", "P-Charging-Function-Addresses"};

    private WicResponses() {
    }

    /**
     * The response (the eP-CSCF's Via already removed by the forwarder) without the core-only headers; a 2xx to
     * REGISTER gets
     * {@code Flow-Timer} (RFC 5626 §4.4.1, D14: the keep-alive period the edge expects).
     */
    public static Response toWic(Response core, int flowTimerSeconds, HeaderFactory headers)
            throws ParseException, InvalidArgumentException {
        Response copy = (Response) core.clone();
        for (String name : CORE_ONLY) {
            copy.removeHeader(name);
        }
        if (isRegisterSuccess(copy) && copy.getHeader(ContactHeader.NAME) != null) {
            copy.setHeader(headers.createHeader("Flow-Timer", Integer.toString(flowTimerSeconds)));
        }
        return copy;
    }

    /**
     * Binds or unbinds the IMPU on the flow after a 2xx to REGISTER (profile step 10, §7.2): bound while the
     * WIC's contact is listed with a non-zero expiry, unbound after a de-registration.
     *
     * @param impi the web identity the REGISTER was for (null in D-mode)
     * @return the IMPU when this response bound it (or kept it bound) on the flow
     */
    public static java.util.Optional<String> applyToFlow(Flow flow, Request wic, Response response, String impi) {
        if (!isRegisterSuccess(response)) {
            return java.util.Optional.empty();
        }
        String impu = ((javax.sip.header.ToHeader) wic.getHeader("To")).getAddress().getURI().toString();
        if (stillBound(wic, response)) {
            flow.bind(impu, new Flow.Registration(impi, values(response, "P-Associated-URI"),
                    values(response, "Service-Route"), contacts(wic)));
            return java.util.Optional.of(impu);
        }
        flow.unbind(impu);
        return java.util.Optional.empty();
    }

    private static List<String> contacts(Request wic) {
        List<String> uris = new ArrayList<>();
        ListIterator<?> contacts = wic.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (!contact.isWildCard()) {
                uris.add(contact.getAddress().getURI().toString());
            }
        }
        return uris;
    }

    private static boolean stillBound(Request wic, Response response) {
        ListIterator<?> requested = wic.getHeaders(ContactHeader.NAME);
        List<String> mine = new ArrayList<>();
        while (requested.hasNext()) {
            ContactHeader contact = (ContactHeader) requested.next();
            if (contact.isWildCard()) {
                return false;
            }
            mine.add(contact.getAddress().getURI().toString());
        }
        if (mine.isEmpty()) {
            return false;
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        ListIterator<?> granted = response.getHeaders(ContactHeader.NAME);
        while (granted.hasNext()) {
            ContactHeader contact = (ContactHeader) granted.next();
            if (contact.isWildCard() || !mine.contains(contact.getAddress().getURI().toString())) {
                continue;
            }
            int seconds = contact.getExpires() >= 0 ? contact.getExpires() : expires != null ? expires.getExpires() : 0;
            if (seconds > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRegisterSuccess(Response response) {
        javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) response.getHeader("CSeq");
        return response.getStatusCode() / 100 == 2 && cseq != null && Request.REGISTER.equals(cseq.getMethod());
    }

    private static List<String> values(Response response, String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> headers = response.getHeaders(name);
        while (headers.hasNext()) {
            values.add(SipHeaders.value((Header) headers.next()));
        }
        return values;
    }
}
