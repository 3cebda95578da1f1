package org.webrtcims.epcscf.routing;

import java.util.Optional;

import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

import org.webrtcims.sip.ProxyRules;

/**
 * Loose routing at the eP-CSCF (RFC 3261 §16.4, §16.12; RFC 5658 double Record-Route; profile §8): the eP-CSCF has
 * two Route entries of its own, the core side {@code <sip:host:port;transport=tcp;lr>} and the WebSocket side
 * {@code <sip:ft-TOKEN@host:port;transport=ws;lr;ob>}; both name it by host and port. A request pops every own entry
 * at the top of its Route set. When the last own entry popped carries a flow token ({@code ft-} user part), the
 * request is for that flow; otherwise it goes on to the next Route (or the Request-URI).
 */
public final class RouteSet {

    /** The user-part prefix of the eP-CSCF's flow tokens (Path, WS-side Record-Route). */
    public static final String FLOW_TOKEN_PREFIX = "ft-";

    /**
     * What popping found.
     *
     * @param popped    how many own Route entries were removed
     * @param flowToken the flow token of the last own entry popped, when it carries one: deliver to that flow
     */
    public record Popped(int popped, Optional<String> flowToken) {
        public boolean towardFlow() {
            return flowToken.isPresent();
        }
    }

    private RouteSet() {
    }

    /** Whether the top Route names this node (host and port). */
    public static boolean topIsOwn(Request request, ProxyRules.OwnAddress own) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        return route != null && own.matches(route.getAddress().getURI());
    }

    /**
     * Removes the own entries at the top of the Route set. With no own Route at all, a Request-URI naming this node
     * with a flow token (RFC 5626 §5.3 without a preloaded Route) counts as the target.
     */
    public static Popped popOwn(Request request, ProxyRules.OwnAddress own) {
        int popped = 0;
        Optional<String> token = Optional.empty();
        RouteHeader route;
        while ((route = (RouteHeader) request.getHeader(RouteHeader.NAME)) != null
                && own.matches(route.getAddress().getURI())) {
            token = flowToken(route.getAddress().getURI());
            request.removeFirst(RouteHeader.NAME);
            popped++;
        }
        if (popped == 0 && request.getHeader(RouteHeader.NAME) == null && own.matches(request.getRequestURI())) {
            token = flowToken(request.getRequestURI());
        }
        return new Popped(popped, token);
    }

    /** The {@code ft-…} user part of a SIP URI, if it has one. */
    public static Optional<String> flowToken(URI uri) {
        return uri instanceof SipURI sip && sip.getUser() != null && sip.getUser().startsWith(FLOW_TOKEN_PREFIX)
                ? Optional.of(sip.getUser()) : Optional.empty();
    }

    /**
     * A target URI for a request this node originates in a dialog with no Route left: jain-sip picks UDP for a SIP
     * URI without {@code transport}, so the core's transport is made explicit ({@code sip:…;transport=tcp}).
     */
    public static String withTransport(String uri, String transport) {
        String lower = uri.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("sip:") || lower.contains(";transport=") || uri.contains("?")) {
            return uri;
        }
        return uri + ";transport=" + transport;
    }

    /**
     * The transport toward the next hop: the {@code transport} parameter of the top Route, else of the
     * Request-URI; {@code tcp} when neither names one (the core is reached over TCP, profile §8).
     */
    public static String nextHopTransport(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI next = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (next instanceof SipURI sip && sip.getTransportParam() != null) {
            String transport = sip.getTransportParam().toLowerCase(java.util.Locale.ROOT);
            return transport.equals("udp") ? "udp" : "tcp";
        }
        return "tcp";
    }
}
