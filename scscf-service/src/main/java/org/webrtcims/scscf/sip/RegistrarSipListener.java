package org.webrtcims.scscf.sip;

import java.net.InetAddress;
import java.text.ParseException;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.scscf.registrar.RegisterReply;
import org.webrtcims.scscf.registrar.RegistrarService;
import org.webrtcims.scscf.regevent.RegEventSubscriptions;
import org.webrtcims.scscf.routing.RequestHandler;
import org.webrtcims.scscf.routing.SessionRouter;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatelessDefaults;
import org.webrtcims.sip.TrustedPeers;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * The jain-sip side of the S-CSCF: reads a REGISTER, hands it to the {@link RegistrarService} and returns at
 * once. The answer is sent by the thread that completes the registrar's work when that thread may block (the
 * database scheduler's, which ends every registration, de-registration and failure), and handed to the bounded
 * {@code sip-out} pool only from a thread that must not block: a Netty event loop (a 401 right after MAR, an
 * HSS failure) or the jain-sip listener thread itself (a refusal decided without I/O). Nothing here blocks a
 * SIP stack thread or an event loop.
 *
 * <p>Every other request from a trusted peer is offered to the {@link RequestHandler}s first (the reg event
 * notifier answers its SUBSCRIBEs and in-dialog requests itself), then routed by the {@link SessionRouter}
 * (issue 13); responses and timeouts go to the router's transactions first, then to the handlers, and a response
 * no transaction claims is relayed statelessly when this S-CSCF's Via is on top (a 2xx retransmission).
 */
public class RegistrarSipListener implements StatelessDefaults {

    private static final Logger log = LoggerFactory.getLogger(RegistrarSipListener.class);

    private final RegistrarService registrar;
    private final TrustedPeers trustedPeers;
    private final EdgeTrust edges;
    /** Requests other than REGISTER: the session router (issue 13), after the handlers below. */
    private final SessionRouter router;
    /** Parts that answer some requests themselves (reg event, RFC 3680), offered each request first. */
    private final java.util.function.Supplier<java.util.List<RequestHandler>> handlers;
    /** The reg event notifier (issue 13): SUBSCRIBE Event: reg, its dialogs, the NOTIFYs' answers; or null. */
    private final RegEventSubscriptions regEvent;
    /** Responses from threads that must not block (Netty event loops, the jain-sip listener) are written here. */
    private final reactor.core.scheduler.Scheduler outbound = SipOutbound.newScheduler();
    private volatile SipStackRunner sip;

    /**
     * @param trustedPeers the address blocks whose SIP is accepted (I-CSCFs, eP-CSCFs)
     * @param edges        the eP-CSCFs whose {@code integrity-protected} assertion counts
     */
    public RegistrarSipListener(RegistrarService registrar, TrustedPeers trustedPeers, EdgeTrust edges) {
        this(registrar, trustedPeers, edges, null, java.util.List::of, null);
    }

    /**
     * @param router   routes the other requests (sessions); null: they get 501
     * @param handlers offered every request from a trusted peer other than REGISTER before the router
     * @param regEvent the reg event notifier, offered every request first; or null
     */
    public RegistrarSipListener(RegistrarService registrar, TrustedPeers trustedPeers, EdgeTrust edges,
                                SessionRouter router,
                                java.util.function.Supplier<java.util.List<RequestHandler>> handlers,
                                RegEventSubscriptions regEvent) {
        this.regEvent = regEvent;
        this.registrar = registrar;
        this.trustedPeers = trustedPeers;
        this.edges = edges;
        this.router = router;
        this.handlers = handlers;
    }

    public void shutdown() {
        outbound.dispose();
        if (router != null) {
            router.shutdown();
        }
    }

    /** The stack this listener answers through; set right after the stack starts. */
    public void attach(SipStackRunner runner) {
        this.sip = runner;
        if (router != null) {
            router.attach(runner);
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        if (regEvent != null && regEvent.offer(event)) {
            return; // reg event package (RFC 3680): SUBSCRIBE Event: reg and its dialogs
        }
        Request request = event.getRequest();
        ServerTransaction transaction = event.getServerTransaction();
        InetAddress source = ((SIPRequest) request).getRemoteAddress();
        boolean trusted = trustedPeers.contains(source);
        if (Request.ACK.equals(request.getMethod())) {
            // an ACK for a 2xx (the one for a non-2xx ends in the server transaction): no transaction, no answer
            if (trusted && !offered(event, null) && router != null) {
                router.route(request, null);
            }
            return;
        }
        try {
            if (transaction == null) {
                transaction = sip.provider().getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission: the transaction answers it
        } catch (Exception e) {
            if (trusted) {
                log.warn("No server transaction for {}: {}", request.getMethod(), e.getMessage());
            } else {
                log.debug("No server transaction for {} from untrusted {}: {}", request.getMethod(), source,
                        e.getMessage());
            }
            return;
        }
        ServerTransaction serverTransaction = transaction;
        if (!trusted) {
            // the S-CSCF's trust domain (TS 24.229 §5.4 / §5.3.1.2 analog, profile §6 row 8); DEBUG only: a
            // stranger must not be able to fill the log
            log.debug("{} from untrusted {} refused", request.getMethod(), source);
            send(serverTransaction, request, RegisterReply.of(403, "Forbidden - Untrusted peer"));
            return;
        }
        if (!Request.REGISTER.equals(request.getMethod())) {
            // ---- hook: reg event (RFC 3680) and other handlers answer their own requests first
            if (offered(event, serverTransaction)) {
                return;
            }
            // ---- sessions (issue 13): originating, terminating, in-dialog
            if (router != null) {
                router.route(request, serverTransaction);
            } else {
                send(serverTransaction, request, RegisterReply.of(501, "Not Implemented"));
            }
            return;
        }
        Thread listenerThread = Thread.currentThread();
        try {
            registrar.register(RegisterRequests.from(request, edges)).subscribe(
                    reply -> sendFrom(listenerThread, serverTransaction, request, reply),
                    error -> {
                        // a database (or other internal) failure: profile §6 row 15, 500 + Retry-After, never 403
                        log.error("REGISTER processing failed", error);
                        sendFrom(listenerThread, serverTransaction, request,
                                RegisterReply.of(500, "Server Internal Error").with("Retry-After", "30"));
                    });
        } catch (RegisterRequests.Malformed malformed) {
            send(serverTransaction, request, RegisterReply.of(400, malformed.getMessage()));
        }
    }

    /** Whether a {@link RequestHandler} (e.g. the reg event notifier) took the request. */
    private boolean offered(RequestEvent event, ServerTransaction transaction) {
        for (RequestHandler handler : handlers.get()) {
            try {
                if (handler.offer(event, transaction)) {
                    return true;
                }
            } catch (RuntimeException e) {
                log.warn("Request handler {} failed on {}: {}", handler.getClass().getSimpleName(),
                        event.getRequest().getMethod(), e.toString());
            }
        }
        return false;
    }

    /** Sends here when this thread may block, else through {@code sip-out} (one hop, only where needed). */
    private void sendFrom(Thread listenerThread, ServerTransaction transaction, Request request, RegisterReply reply) {
        if (mayBlock(listenerThread)) {
            send(transaction, request, reply);
            return;
        }
        try {
            outbound.schedule(() -> send(transaction, request, reply));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // sip-out full (10,000 queued): the client's retransmission or Timer F ends the transaction
            log.warn("SIP send queue full; {} response dropped", reply.status());
        }
    }

    /**
     * False on the jain-sip listener thread, on Netty event loops ({@link io.netty.util.concurrent.FastThreadLocalThread})
     * and on Reactor's non-blocking threads; true elsewhere, e.g. on the database scheduler's threads.
     */
    static boolean mayBlock(Thread listenerThread) {
        Thread current = Thread.currentThread();
        return current != listenerThread && !(current instanceof io.netty.util.concurrent.FastThreadLocalThread)
                && !reactor.core.scheduler.Schedulers.isInNonBlockingThread();
    }

    private void send(ServerTransaction transaction, Request request, RegisterReply reply) {
        try {
            Response response = SipResponses.create(sip, request, reply.status(), reply.reason(), reply.headers());
            transaction.sendResponse(response);
        } catch (ParseException e) {
            log.error("Could not build the {} response: {}", reply.status(), e.getMessage());
            if (reply.status() != 500) {
                send(transaction, request, RegisterReply.of(500, "Server Internal Error"));
            }
        } catch (Exception e) {
            log.warn("Could not send the {} response: {}", reply.status(), e.getMessage());
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (regEvent != null && regEvent.offer(event)) {
            return; // an answer to a reg event NOTIFY
        }
        if (router != null && router.processResponse(event)) {
            return;
        }
        for (RequestHandler handler : handlers.get()) {
            if (handler.offerResponse(event)) {
                return;
            }
        }
        // RFC 3261 §16.7/§16.11: e.g. a 2xx retransmission after the INVITE client transaction ended
        if (event.getClientTransaction() == null && router != null && router.relayStray(event.getResponse())) {
            return;
        }
        log.debug("Unexpected response {} ignored", event.getResponse().getStatusCode());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (regEvent != null && regEvent.offer(event)) {
            return; // a reg event NOTIFY never answered
        }
        if (router != null && router.processTimeout(event)) {
            return;
        }
        for (RequestHandler handler : handlers.get()) {
            if (handler.offerTimeout(event)) {
                return;
            }
        }
        log.debug("SIP transaction timed out");
    }
}
