package org.webrtcims.scscf.routing;

import java.util.Locale;

/**
 * Which routing case a request from a trusted peer is (TS 24.229 §5.4.3), as plain code over the values that
 * decide it.
 * <ul>
 *   <li>{@link Case#SUBSEQUENT}: the request belongs to a dialog (To tag) or is an ACK: loose-routed along its
 *       Route headers (RFC 3261 §16.4, §16.6 step 6), else to the Request-URI;</li>
 *   <li>{@link Case#ORIGINATING}: the top Route is this S-CSCF's with the user {@code orig}, the Service-Route
 *       it handed out at registration (24.229 §5.4.3.2);</li>
 *   <li>{@link Case#TERMINATING}: the top Route is this S-CSCF's plain address (the I-CSCF's Route to the
 *       Server-Name), or there is no Route: the Request-URI is a served user (24.229 §5.4.3.3);</li>
 *   <li>{@link Case#ONWARD}: the top Route names another node: forwarded there, nothing added.</li>
 * </ul>
 */
public final class RequestClassifier {

    /** The user part of the Service-Route that marks originating requests (see RegisterReplies). */
    public static final String ORIG_USER = "orig";

    /** The routing cases. */
    public enum Case { ORIGINATING, TERMINATING, SUBSEQUENT, ONWARD }

    private RequestClassifier() {
    }

    /**
     * @param method        the request method
     * @param hasToTag      whether the To header carries a tag (an in-dialog request)
     * @param hasRoute      whether the request has a Route header
     * @param topRouteOwn   whether the top Route names this S-CSCF (host and port)
     * @param topRouteUser  the user part of the top Route's URI, or null
     */
    public static Case classify(String method, boolean hasToTag, boolean hasRoute, boolean topRouteOwn,
                                String topRouteUser) {
        if (hasToTag || "ACK".equals(method)) {
            return Case.SUBSEQUENT;
        }
        if (!hasRoute) {
            return Case.TERMINATING;
        }
        if (!topRouteOwn) {
            return Case.ONWARD;
        }
        return topRouteUser != null && ORIG_USER.equals(topRouteUser.toLowerCase(Locale.ROOT)) ? Case.ORIGINATING
                : Case.TERMINATING;
    }

    /** Whether the S-CSCF record-routes this method when it creates a dialog (INVITE, SUBSCRIBE, REFER). */
    public static boolean dialogCreating(String method) {
        return "INVITE".equals(method) || "SUBSCRIBE".equals(method) || "REFER".equals(method);
    }
}
