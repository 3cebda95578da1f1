package org.webrtcims.icscf.routing;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.icscf.config.IcscfProperties;
import org.webrtcims.sip.ProxyRules;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatefulForwarder;
import org.webrtcims.sip.TrustedPeers;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import reactor.core.scheduler.Scheduler;

/**
 * The I-CSCF for every request but REGISTER (TS 24.229 §5.3.2, profile §8.1): a transaction-stateful proxy that is
 * not record-routed.
 * <ul>
 * <li>An initial request (no To tag) from a trusted peer whose Request-URI is a home-network IMPU ({@code sip:} in
 * {@code icscf.home-domains}, or {@code tel:}) and that carries no Route past the I-CSCF's own: LIR for that IMPU
 * (terminating: no {@code originating}), then forwarded with {@code Route: <Server-Name;lr>} on top, the
 * Request-URI unchanged. USER_UNKNOWN → 404, not registered → 480, HSS failure → 480 (D18). Another Request-URI →
 * 404 (§5.3.2.1 allows 404 or 604; the user may well exist elsewhere, so not 604).</li>
 * <li>A request that still has a Route after the I-CSCF's own (loose routing, RFC 3261 §16.4; e.g. an in-dialog
 * request someone routed through it): forwarded statefully along that Route, no LIR.</li>
 * <li>An in-dialog request (To tag) with no Route left: 403 (the I-CSCF never record-routes, so it is in no
 * dialog).</li>
 * <li>INVITE gets 100 Trying at once; provisional responses (101–199) and the final one are relayed; a CANCEL is
 * answered 200 and cancels the branch hop by hop (RFC 3261 §16.10; before LIR answered, the INVITE gets 487 then);
 * no answer (Timer F/B) → 408; the S-CSCF unreachable → 480; a 503 from the S-CSCF goes upstream as 500 (RFC 3261
 * §16.7 step 6).</li>
 * <li>ACK for a 2xx reaching the I-CSCF with a Route left is forwarded statelessly along it (RFC 3261 §16.11); ACKs
 * for non-2xx end in the server transaction; retransmitted 2xx are relayed statelessly along the Via
 * ({@link StatefulForwarder#relayStray}).</li>
 * </ul>
 * Threads as in {@link RegisterProxy}: LIR is non-blocking, its answer arrives on a Netty event loop and the forward
 * or the answer goes to {@code sip-out}; responses are relayed on the jain-sip thread that read them; Timer F's 408
 * goes to {@code sip-out}.
 */
final class TerminatingProxy {

    private static final Logger log = LoggerFactory.getLogger(TerminatingProxy.class);

    /** One proxied request: where its answer goes, whether it was cancelled, its branch once forwarded. */
    private static final class Proxied {
        final ServerTransaction server;
        final Request request;
        volatile boolean cancelled;
        volatile StatefulForwarder.Forwarded branch;

        Proxied(ServerTransaction server, Request request) {
            this.server = server;
            this.request = request;
        }
    }

    private final HssCxClient hss;
    private final IcscfProperties properties;
    private final TrustedPeers trustedPeers;
    private final Scheduler outbound;
    private volatile SipStackRunner sip;
    private volatile StatefulForwarder forwarder;

    TerminatingProxy(HssCxClient hss, IcscfProperties properties, TrustedPeers trustedPeers, Scheduler outbound) {
        this.hss = hss;
        this.properties = properties;
        this.trustedPeers = trustedPeers;
        this.outbound = outbound;
    }

    void attach(SipStackRunner runner, StatefulForwarder shared) {
        this.sip = runner;
        this.forwarder = shared;
    }

    private boolean trusted(Request request) {
        InetAddress source = ((SIPRequest) request).getRemoteAddress();
        return trustedPeers.contains(source);
    }

    /** A request other than REGISTER, ACK and CANCEL, in its server transaction (on a jain-sip thread). */
    void route(ServerTransaction server, Request request) {
        if (!trusted(request)) {
            // TS 24.229 §5.3.1.2 (the I-CSCF's trust domain); the MVP has no interconnect
            reply(server, request, 403, "Forbidden - Untrusted peer");
            return;
        }
        Proxied proxied = new Proxied(server, request);
        server.setApplicationData(proxied);
        if (Request.INVITE.equals(request.getMethod())) {
            trying(server, request); // RFC 3261 §16.2: the LIR may take a while
        }
        if (ProxyRules.tooManyHops(request)) {
            reply(server, request, 483, "Too Many Hops");
            return;
        }
        Request probe = (Request) request.clone();
        ProxyRules.removeOwnRoute(probe, forwarder.ownAddress());
        if (probe.getHeader(RouteHeader.NAME) != null) {
            forward(proxied, null); // loose routing along the Route the previous hop chose
            return;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() != null) {
            reply(server, request, 403, "Forbidden - Not in the dialog");
            return;
        }
        Optional<String> impu = TerminatingRules.homeImpu(request.getRequestURI(), properties.homeDomains());
        if (impu.isEmpty()) {
            reply(server, request, 404, "Not Found - Not a home network identity");
            return;
        }
        hss.locate(impu.get()).subscribe(
                answer -> SipOutbound.send(outbound, () -> decided(proxied, TerminatingRules.afterLocation(answer))),
                error -> SipOutbound.send(outbound, () -> {
                    log.info("LIR for {} failed: {}", impu.get(), error.getMessage());
                    decided(proxied, TerminatingRules.afterFailure(error));
                }));
    }

    private void decided(Proxied proxied, TerminatingRules.Decision decision) {
        if (!decision.forwards()) {
            reply(proxied.server, proxied.request, decision.status(), decision.reason());
            return;
        }
        try {
            Address target = sip.addresses().createAddress(decision.scscf());
            ((SipURI) target.getURI()).setLrParam();
            forward(proxied, target);
        } catch (Exception e) {
            log.warn("Bad S-CSCF name {}: {}", decision.scscf(), e.getMessage());
            reply(proxied.server, proxied.request, 500, "Server Internal Error - Bad S-CSCF name");
        }
    }

    /**
     * Forwards statefully: with {@code Route: <target>} on top when given (the S-CSCF of LIR), else along the
     * request's own Route.
     */
    private void forward(Proxied proxied, Address target) {
        if (proxied.cancelled) {
            reply(proxied.server, proxied.request, 487, "Request Terminated");
            return;
        }
        try {
            Request probe = (Request) proxied.request.clone();
            ProxyRules.removeOwnRoute(probe, forwarder.ownAddress());
            URI next = target != null ? target.getURI()
                    : ((RouteHeader) probe.getHeader(RouteHeader.NAME)).getAddress().getURI();
            Optional<Request> copy = forwarder.prepare(proxied.request, transportOf(next));
            if (copy.isEmpty()) {
                reply(proxied.server, proxied.request, 483, "Too Many Hops");
                return;
            }
            if (target != null) {
                copy.get().addFirst(sip.headers().createRouteHeader(target));
            }
            StatefulForwarder.Forwarded branch = forwarder.send(copy.get(), new StatefulForwarder.Callback() {
                @Override
                public void onProvisional(Response response) {
                    StatefulForwarder.relay(proxied.server, response);
                }

                @Override
                public void onFinalResponse(Response response) {
                    if (response.getStatusCode() == 503) {
                        // RFC 3261 §16.7 step 6: a proxy does not pass 503 upstream
                        try {
                            response.setStatusCode(500);
                            response.setReasonPhrase("Server Internal Error - Next hop unavailable");
                        } catch (java.text.ParseException e) {
                            log.debug("503 left as it is: {}", e.getMessage());
                        }
                    }
                    StatefulForwarder.relay(proxied.server, response);
                }

                @Override
                public void onNoResponse(Exception cause) {
                    if (cause == null) {
                        // Timer F (or B), on jain-sip's timer thread: the answer goes from sip-out
                        log.info("{} to {} not answered (Timer F)", proxied.request.getMethod(), next);
                        outbound.schedule(() -> reply(proxied.server, proxied.request, 408, "Request Timeout"));
                    } else {
                        log.warn("Could not forward {} to {}: {}", proxied.request.getMethod(), next,
                                cause.getMessage());
                        reply(proxied.server, proxied.request, 480, "Temporarily Unavailable - S-CSCF unreachable");
                    }
                }
            });
            proxied.branch = branch;
            if (proxied.cancelled) {
                branch.cancel();
            }
        } catch (StatefulForwarder.RefusedException e) {
            log.warn("Not forwarded: {}", e.getMessage());
            reply(proxied.server, proxied.request, 500, "Server Internal Error - Not forwarded");
        } catch (Exception e) {
            log.warn("Could not forward {}: {}", proxied.request.getMethod(), e.getMessage());
            reply(proxied.server, proxied.request, 480, "Temporarily Unavailable - S-CSCF unreachable");
        }
    }

    /**
     * CANCEL (RFC 3261 §16.10): 200 when it matches an INVITE being proxied, whose branch is then cancelled (the
     * 487 comes back from downstream and is relayed; before LIR has answered, the I-CSCF answers 487 itself);
     * 481 when it matches nothing.
     */
    void cancel(ServerTransaction server, Request cancel) {
        SIPServerTransaction invite = (SIPServerTransaction) ((SIPTransactionStack) sip.provider().getSipStack())
                .findCancelTransaction((SIPRequest) cancel, true);
        if (invite == null || !(invite.getApplicationData() instanceof Proxied proxied)) {
            reply(server, cancel, 481, "Call/Transaction Does Not Exist");
            return;
        }
        reply(server, cancel, 200, "OK");
        proxied.cancelled = true;
        StatefulForwarder.Forwarded branch = proxied.branch;
        if (branch != null) {
            branch.cancel();
        }
    }

    /**
     * An ACK without a server transaction, i.e. for a 2xx (RFC 3261 §16.11): forwarded statelessly along the Route
     * left after the I-CSCF's own; dropped when none is left (it is not for the I-CSCF) or it is untrusted.
     */
    void ack(Request ack) {
        if (!trusted(ack) || ProxyRules.tooManyHops(ack)) {
            return;
        }
        try {
            Request copy = (Request) ack.clone();
            ProxyRules.removeOwnRoute(copy, forwarder.ownAddress());
            RouteHeader route = (RouteHeader) copy.getHeader(RouteHeader.NAME);
            if (route == null) {
                log.debug("ACK with no Route left dropped");
                return;
            }
            ProxyRules.decrementMaxForwards(copy, sip.headers());
            forwarder.pushVia(copy, transportOf(route.getAddress().getURI()));
            sip.provider().sendRequest(copy);
        } catch (Exception e) {
            log.debug("ACK not forwarded: {}", e.toString());
        }
    }

    /** The transport toward a next hop: its {@code transport} parameter, else UDP (RFC 3263 default for sip:). */
    private static String transportOf(URI next) {
        if (next instanceof SipURI uri && uri.getTransportParam() != null) {
            return uri.getTransportParam().toLowerCase(java.util.Locale.ROOT);
        }
        return "udp";
    }

    private void trying(ServerTransaction server, Request request) {
        try {
            server.sendResponse(sip.messages().createResponse(100, request));
        } catch (Exception e) {
            log.debug("100 Trying not sent: {}", e.getMessage());
        }
    }

    private void reply(ServerTransaction transaction, Request request, int status, String reason) {
        try {
            transaction.sendResponse(SipResponses.create(sip, request, status, reason, List.of()));
        } catch (Exception e) {
            log.warn("Could not answer {}: {}", status, e.getMessage());
        }
    }
}
