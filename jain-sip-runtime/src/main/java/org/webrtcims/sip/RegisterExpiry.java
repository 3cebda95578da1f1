package org.webrtcims.sip;

import java.util.ListIterator;

import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;

/** What a REGISTER asks for its bindings. Plain code. */
public final class RegisterExpiry {

    private RegisterExpiry() {
    }

    /**
     * RFC 3261 §10.2.2: a de-registration has at least one Contact and every Contact expires at once, by its own
     * {@code expires} parameter or else the Expires header; {@code Contact: *} counts only with {@code Expires: 0}.
     */
    public static boolean isDeregistration(Request request) {
        ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        boolean any = false;
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            any = true;
            int seconds = !contact.isWildCard() && contact.getExpires() >= 0 ? contact.getExpires()
                    : expires == null ? -1 : expires.getExpires();
            if (seconds != 0) {
                return false;
            }
        }
        return any;
    }
}
