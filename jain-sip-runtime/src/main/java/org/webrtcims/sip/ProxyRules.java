package org.webrtcims.sip;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/**
 * What a proxy does to a request before it forwards it (RFC 3261 §16.4, §16.6), as plain code: the Max-Forwards
 * rule, which Route is the proxy's own, a new Via branch.
 */
public final class ProxyRules {

    /** RFC 3261 §8.1.1.7: the magic cookie every branch this stack generates starts with. */
    public static final String BRANCH_COOKIE = "z9hG4bK";
    /** RFC 3261 §16.6 step 3: the value a proxy adds when the request has none. */
    public static final int DEFAULT_MAX_FORWARDS = 70;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProxyRules() {
    }

    /** RFC 3261 §16.3 step 3: a request whose Max-Forwards is 0 is not forwarded but answered 483 Too Many Hops. */
    public static boolean tooManyHops(Request request) {
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        return maxForwards != null && maxForwards.getMaxForwards() <= 0;
    }

    /** RFC 3261 §16.6 step 3: one less, or 70 when the request has none. Call after {@link #tooManyHops}. */
    public static void decrementMaxForwards(Request request, HeaderFactory headers) throws InvalidArgumentException {
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (maxForwards == null) {
            request.addHeader(headers.createMaxForwardsHeader(DEFAULT_MAX_FORWARDS));
        } else if (maxForwards.getMaxForwards() <= 0) {
            throw new IllegalStateException("Max-Forwards is 0: answer 483, do not forward");
        } else {
            maxForwards.setMaxForwards(maxForwards.getMaxForwards() - 1);
        }
    }

    /**
     * The names a node is addressed by in a Route: compared ignoring case, IPv6 literals without brackets.
     *
     * @param hosts its host names and addresses
     * @param port  its SIP port
     */
    public record OwnAddress(Set<String> hosts, int port) {
        public OwnAddress {
            hosts = hosts.stream().map(ProxyRules::normalHost).filter(h -> !h.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        }

        public static OwnAddress of(Collection<String> hosts, int port) {
            return new OwnAddress(Set.copyOf(hosts), port);
        }

        /**
         * Whether {@code uri} names this node: a SIP URI whose host is one of its names and whose port (5060 when
         * absent, 5061 for sips) is its port. Both must match: nodes on one host differ by port, and a peer on
         * another host may listen on the same port.
         */
        public boolean matches(URI uri) {
            if (!(uri instanceof SipURI sip) || sip.getHost() == null) {
                return false;
            }
            int uriPort = sip.getPort() > 0 ? sip.getPort() : sip.isSecure() ? 5061 : 5060;
            return uriPort == port && hosts.contains(normalHost(sip.getHost()));
        }

        /** Whether a host and port (e.g. of a Via, port 5060 when absent: {@code -1}) name this node. */
        public boolean matches(String host, int hostPort) {
            return (hostPort > 0 ? hostPort : 5060) == port && hosts.contains(normalHost(host));
        }
    }

    /** RFC 3261 §16.4: the top Route is removed when it names this node (loose routing; no strict routing). */
    public static boolean removeOwnRoute(Request request, OwnAddress own) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        if (route != null && own.matches(route.getAddress().getURI())) {
            request.removeFirst(RouteHeader.NAME);
            return true;
        }
        return false;
    }

    /** A Via branch unique in space and time (RFC 3261 §8.1.1.7): the cookie and 128 random bits. */
    public static String newBranch() {
        return BRANCH_COOKIE + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
    }

    static String normalHost(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }
}
