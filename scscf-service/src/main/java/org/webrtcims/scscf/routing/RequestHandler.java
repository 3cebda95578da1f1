package org.webrtcims.scscf.routing;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;

/**
 * A part of the S-CSCF that answers some requests itself instead of routing them, e.g. the reg event notifier
 * (RFC 3680: SUBSCRIBE {@code Event: reg} and the in-dialog requests of its subscriptions). Every Spring bean of
 * this type is offered each request from a trusted peer (REGISTER excepted) before the session router sees it,
 * and each response and timeout before they are treated as stray.
 */
public interface RequestHandler {

    /**
     * @param transaction the server transaction already created for the request ({@code null} for ACK): answer
     *                    through it
     * @return true when this handler takes (and answers) the request
     */
    boolean offer(RequestEvent event, ServerTransaction transaction);

    /** A response to one of this handler's client transactions (e.g. a NOTIFY's); true when it was one. */
    default boolean offerResponse(ResponseEvent event) {
        return false;
    }

    /** A timeout of one of this handler's transactions; true when it was one. */
    default boolean offerTimeout(TimeoutEvent event) {
        return false;
    }
}
