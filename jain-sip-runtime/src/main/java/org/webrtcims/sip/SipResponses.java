package org.webrtcims.sip;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Builds the responses a UAS or proxy generates itself. */
public final class SipResponses {

    /** Headers jain-sip builds one value at a time (RFC 3261 §7.3.1 comma-separated lists). */
    private static final Set<String> LIST_HEADERS = Set.of("supported", "require", "unsupported", "allow",
            "p-associated-uri", "path", "service-route");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SipResponses() {
    }

    /**
     * A response to {@code request} with its reason phrase, a To tag when the request had none (RFC 3261
     * §8.2.6.2) and the given headers in order; list-valued headers may hold several comma-separated values.
     */
    public static Response create(SipStackRunner sip, Request request, int status, String reason,
                                  List<Map.Entry<String, String>> headers) throws ParseException {
        Response response = sip.messages().createResponse(status, request);
        response.setReasonPhrase(reason);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() == null) {
            to.setTag(Long.toHexString(RANDOM.nextLong()));
        }
        for (Map.Entry<String, String> header : headers) {
            List<String> values = LIST_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))
                    ? SipHeaders.splitTopLevel(header.getValue()) : List.of(header.getValue());
            for (String value : values) {
                response.addHeader(sip.headers().createHeader(header.getKey(), value));
            }
        }
        return response;
    }
}
