package org.webrtcims.sip;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.Timeout;
import javax.sip.TimeoutEvent;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction-stateful half of a proxy (RFC 3261 §16.6–16.7), once for every CSCF that forwards: the request
 * for the next hop (own Route removed, Max-Forwards decremented, a Via with a new branch on top), a client
 * transaction with this node's T1, the next hop's final response without this node's Via, and Timer F or a failed
 * send reported as "no response". What a node adds (Route to the next hop, Path, P-headers) and where the answer
 * goes (a server transaction, a WebSocket flow) stay with the node: it supplies a {@link Callback}.
 *
 * <p>The node's listener hands its {@code processResponse} and {@code processTimeout} events here first; the
 * methods say whether the event was one of this forwarder's transactions.
 *
 * <p>Threads: {@link Callback#onFinalResponse} runs on the jain-sip thread that read the response,
 * {@link Callback#onNoResponse} with {@code null} on jain-sip's timer thread (Timer F; one thread for the whole
 * stack: do not open connections from it) and with the error on the thread that called {@link #send}. A callback
 * may send SIP from a jain-sip thread; it must not block otherwise.
 */
public final class StatefulForwarder {

    private static final Logger log = LoggerFactory.getLogger(StatefulForwarder.class);

    /** Where the outcome of one forwarded request goes. Called at most once per {@link #send}. */
    public interface Callback {

        /** The next hop's final response, this node's Via removed (RFC 3261 §16.7 step 3): ready to go upstream. */
        void onFinalResponse(Response response);

        /**
         * No final response: Timer F fired ({@code cause == null}, RFC 3261 §16.7 step 6 → 408), or the request
         * could not be sent, e.g. the next hop refuses connections ({@code cause} the error; RFC 3261 §16.9).
         */
        void onNoResponse(Exception cause);
    }

    /** jain-sip refuses to start a client transaction for the request (its own checks on the message). */
    public static final class RefusedException extends Exception {
        RefusedException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final class Pending {
        final Callback callback;
        final AtomicBoolean answered = new AtomicBoolean();

        Pending(Callback callback) {
            this.callback = callback;
        }

        void finalResponse(Response response) {
            if (answered.compareAndSet(false, true)) {
                callback.onFinalResponse(response);
            }
        }

        void noResponse(Exception cause) {
            if (answered.compareAndSet(false, true)) {
                callback.onNoResponse(cause);
            }
        }
    }

    private final SipStackRunner sip;
    private final SipListening own;
    private final ProxyRules.OwnAddress ownAddress;

    /**
     * @param own this node's resolved listening settings: Via host and port, T1, and the names its own Route may
     *            carry (advertised host, bind address, aliases, the addresses of the machine's interfaces)
     */
    public StatefulForwarder(SipStackRunner sip, SipListening own) {
        if (own.port() == null || own.advertisedHost() == null || own.t1() == null) {
            throw new IllegalArgumentException("resolve the SIP listening settings first");
        }
        this.sip = sip;
        this.own = own;
        List<String> names = new ArrayList<>(own.aliases());
        names.add(own.advertisedHost());
        names.add(own.host());
        names.addAll(interfaceAddresses());
        this.ownAddress = ProxyRules.OwnAddress.of(names, own.port());
    }

    public ProxyRules.OwnAddress ownAddress() {
        return ownAddress;
    }

    /**
     * A copy of {@code received} for the next hop (RFC 3261 §16.6 steps 1, 3, 8; §16.4): the top Route removed when
     * it names this node, Max-Forwards decremented (70 when absent), this node's Via on top. Empty when
     * Max-Forwards is 0: the request must be answered 483 Too Many Hops (§16.3 step 3).
     *
     * @param transport the transport toward the next hop ({@code tcp} or {@code udp}), for the Via
     */
    public Optional<Request> prepare(Request received, String transport)
            throws ParseException, InvalidArgumentException, SipException {
        if (ProxyRules.tooManyHops(received)) {
            return Optional.empty();
        }
        Request copy = (Request) received.clone();
        ProxyRules.removeOwnRoute(copy, ownAddress);
        ProxyRules.decrementMaxForwards(copy, sip.headers());
        pushVia(copy, transport);
        return Optional.of(copy);
    }

    /** RFC 3261 §16.6 step 8: this node's Via, advertised host and port, a new branch. */
    public void pushVia(Request request, String transport)
            throws ParseException, InvalidArgumentException, SipException {
        request.addFirst(sip.headers().createViaHeader(own.advertisedHost(), own.port(), transport,
                ProxyRules.newBranch()));
    }

    /**
     * Sends {@code request} (with this node's Via on top) in a new client transaction with this node's T1. Over an
     * established TCP connection this is a socket write; a new connection is a TCP connect, so call it where
     * blocking is allowed ({@link SipOutbound#send}).
     *
     * @throws RefusedException jain-sip does not accept the request (nothing was sent, the callback is not called)
     */
    public void send(Request request, Callback callback) throws RefusedException {
        ClientTransaction client;
        try {
            client = sip.provider().getNewClientTransaction(request);
        } catch (SipException | RuntimeException e) {
            throw new RefusedException(e);
        }
        Pending pending = new Pending(callback);
        try {
            client.setRetransmitTimer((int) own.t1().toMillis());
            client.setApplicationData(pending);
            client.sendRequest();
        } catch (SipException | RuntimeException e) {
            pending.noResponse(e);
        }
    }

    /**
     * A response to one of this forwarder's requests: a final one goes to the callback without this node's Via;
     * provisional ones stay hop-by-hop (REGISTER has no other than 100 Trying). False when it is not ours.
     */
    public boolean processResponse(ResponseEvent event) {
        ClientTransaction client = event.getClientTransaction();
        if (client == null || !(client.getApplicationData() instanceof Pending pending)) {
            return false;
        }
        Response received = event.getResponse();
        if (received.getStatusCode() < 200) {
            return true;
        }
        Response upstream = (Response) received.clone();
        upstream.removeFirst(ViaHeader.NAME);
        try {
            pending.finalResponse(upstream);
        } catch (RuntimeException e) {
            log.warn("Relaying a {} failed: {}", received.getStatusCode(), e.toString());
        }
        return true;
    }

    /** Timer F of one of this forwarder's requests → {@link Callback#onNoResponse}(null). False when not ours. */
    public boolean processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction() || event.getClientTransaction() == null
                || !(event.getClientTransaction().getApplicationData() instanceof Pending pending)) {
            return false;
        }
        if (event.getTimeout() == Timeout.TRANSACTION) {
            try {
                pending.noResponse(null);
            } catch (RuntimeException e) {
                log.warn("Handling Timer F failed: {}", e.toString());
            }
        }
        return true;
    }

    /**
     * A final response from {@link Callback#onFinalResponse} back through the server transaction it belongs to
     * (RFC 3261 §16.7 step 8). False, logged, when it cannot be sent (the upstream connection is gone).
     */
    public static boolean relay(ServerTransaction server, Response response) {
        try {
            server.sendResponse(response);
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            log.warn("Could not relay {}: {}", response.getStatusCode(), e.getMessage());
            return false;
        }
    }

    /** The machine's own addresses, read once (no name is resolved). */
    private static List<String> interfaceAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    String literal = address.getHostAddress();
                    int zone = literal.indexOf('%');
                    addresses.add(zone < 0 ? literal : literal.substring(0, zone));
                }
            }
        } catch (SocketException | RuntimeException e) {
            log.debug("Cannot list the network interfaces: {}", e.toString());
        }
        return addresses;
    }
}
