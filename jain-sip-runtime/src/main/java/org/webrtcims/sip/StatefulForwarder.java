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

        /**
         * A provisional response other than 100 Trying (RFC 3261 §16.7 step 5: 101–199 are forwarded upstream), this
         * node's Via removed. Runs on the jain-sip thread that read it. Default: dropped (REGISTER has none).
         */
        default void onProvisional(Response response) {
        }
    }

    /**
     * One forwarded request: lets the node cancel it (RFC 3261 §16.10: a CANCEL received for the upstream
     * transaction; §16.7 step 10: the other branches once one answered 2xx).
     */
    public interface Forwarded {

        /**
         * Sends CANCEL for this branch (RFC 3261 §9.1): at once when a provisional response has arrived, else when the
         * first one does; nothing once a final response arrived. Only INVITE can be cancelled meaningfully; for other
         * methods this is a no-op. May be called from any thread; it writes to a socket, so not from an event loop.
         */
        void cancel();

        /** True once the branch has its final response (or none will come). */
        boolean completed();
    }

    /** jain-sip refuses to start a client transaction for the request (its own checks on the message). */
    public static final class RefusedException extends Exception {
        RefusedException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Application data of this forwarder's CANCEL transactions: their responses end here (hop by hop). */
    private static final Object CANCEL_TRANSACTION = new Object();

    private final class Pending implements Forwarded {
        final Callback callback;
        final AtomicBoolean answered = new AtomicBoolean();
        final AtomicBoolean cancelRequested = new AtomicBoolean();
        final AtomicBoolean cancelSent = new AtomicBoolean();
        volatile boolean provisionalSeen;
        volatile ClientTransaction client;

        Pending(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void cancel() {
            if (answered.get() || !cancelRequested.compareAndSet(false, true)) {
                return;
            }
            if (provisionalSeen) {
                sendCancel();
            }
        }

        @Override
        public boolean completed() {
            return answered.get();
        }

        void provisional() {
            provisionalSeen = true;
            if (cancelRequested.get()) {
                sendCancel();
            }
        }

        private void sendCancel() {
            ClientTransaction invite = client;
            if (invite == null || answered.get() || !Request.INVITE.equals(invite.getRequest().getMethod())
                    || !cancelSent.compareAndSet(false, true)) {
                return;
            }
            try {
                ClientTransaction cancel = sip.provider().getNewClientTransaction(invite.createCancel());
                cancel.setApplicationData(CANCEL_TRANSACTION);
                cancel.setRetransmitTimer((int) own.t1().toMillis());
                cancel.sendRequest();
            } catch (SipException | RuntimeException e) {
                log.debug("CANCEL not sent: {}", e.toString());
            }
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
     * @return the branch, to cancel it
     * @throws RefusedException jain-sip does not accept the request (nothing was sent, the callback is not called)
     */
    public Forwarded send(Request request, Callback callback) throws RefusedException {
        ClientTransaction client;
        try {
            client = sip.provider().getNewClientTransaction(request);
        } catch (SipException | RuntimeException e) {
            throw new RefusedException(e);
        }
        Pending pending = new Pending(callback);
        pending.client = client;
        try {
            client.setRetransmitTimer((int) own.t1().toMillis());
            client.setApplicationData(pending);
            client.sendRequest();
        } catch (SipException | RuntimeException e) {
            pending.noResponse(e);
        }
        return pending;
    }

    /**
     * A response to one of this forwarder's requests: a final one goes to the callback without this node's Via,
     * and so does a provisional one other than 100 Trying (which stays hop by hop, RFC 3261 §16.7 step 5). Responses
     * to this forwarder's CANCELs end here. False when it is not ours.
     */
    public boolean processResponse(ResponseEvent event) {
        ClientTransaction client = event.getClientTransaction();
        if (client != null && client.getApplicationData() == CANCEL_TRANSACTION) {
            return true;
        }
        if (client == null || !(client.getApplicationData() instanceof Pending pending)) {
            return false;
        }
        Response received = event.getResponse();
        if (received.getStatusCode() < 200) {
            pending.provisional();
            if (received.getStatusCode() > 100) {
                Response upstream = (Response) received.clone();
                upstream.removeFirst(ViaHeader.NAME);
                try {
                    pending.callback.onProvisional(upstream);
                } catch (RuntimeException e) {
                    log.warn("Relaying a {} failed: {}", received.getStatusCode(), e.toString());
                }
            }
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
        if (!event.isServerTransaction() && event.getClientTransaction() != null
                && event.getClientTransaction().getApplicationData() == CANCEL_TRANSACTION) {
            return true;
        }
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

    /**
     * A response no transaction of this node claims, whose top Via is this node's (RFC 3261 §16.7/§16.11: e.g. a
     * retransmitted 2xx to INVITE after the client transaction ended): forwarded statelessly along the next Via.
     * False when its top Via is not this node's (RFC 3261 §18.1.2: then it is dropped).
     */
    public boolean relayStray(Response response) {
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (top == null || !ownAddress.matches(top.getHost(), top.getPort())) {
            return false;
        }
        Response upstream = (Response) response.clone();
        upstream.removeFirst(ViaHeader.NAME);
        if (upstream.getHeader(ViaHeader.NAME) == null) {
            return false;
        }
        try {
            sip.provider().sendResponse(upstream);
            return true;
        } catch (SipException | RuntimeException e) {
            log.debug("Stray {} not relayed: {}", response.getStatusCode(), e.toString());
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
