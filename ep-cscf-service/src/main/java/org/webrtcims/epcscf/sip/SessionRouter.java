package org.webrtcims.epcscf.sip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.epcscf.flow.Flow;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.registration.ChargingVectors;
import org.webrtcims.epcscf.registration.EdgeVerdict;
import org.webrtcims.epcscf.routing.OriginatingRules;
import org.webrtcims.epcscf.routing.RouteSet;
import org.webrtcims.epcscf.sip.MalformedInput.Reason;
import org.webrtcims.sip.ProxyRules;
import org.webrtcims.sip.SipHeaders;
import org.webrtcims.sip.SipListening;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatefulForwarder;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Sessions through the eP-CSCF (profile §8, issue 13): requests other than REGISTER in both directions.
 *
 * <ul>
 * <li><b>Originating</b> (WebSocket → core): an initial request from a registered flow gets the identity and route
 * the registration allows ({@link OriginatingRules}), a P-Charging-Vector, a double Record-Route for dialog-creating
 * methods (RFC 5658), and goes to the S-CSCF in a client transaction ({@link StatefulForwarder}); provisional and
 * final responses go back to the flow. CANCEL from the WIC cancels the branch; the ACK of a non-2xx is absorbed (the
 * client transaction sent its own).</li>
 * <li><b>Terminating</b> (core → WebSocket): a request whose Route (or Request-URI) names a flow token goes to that
 * flow, with the eP-CSCF's WS Via and, for dialog-creating methods, the double Record-Route (WS side on top); the
 * WIC's responses are matched by that Via's branch to the jain-sip server transaction. A dead or unknown flow is
 * 430 (RFC 5626 §5.3, D15). A WIC that never answers: 408 after {@code invite-timeout} (INVITE, Timer C) or 64·T1.</li>
 * <li><b>In-dialog</b>: loose routing along the Route set ({@link RouteSet}); ACK for 2xx and 2xx retransmissions
 * statelessly.</li>
 * </ul>
 *
 * <p>Threads: requests from the WIC arrive on Netty event loops; every SIP send from there goes through
 * {@link SipOutbound#send} (the {@code sip-out} hop). Requests and responses from the core arrive on jain-sip threads,
 * which may send in place; writing to a flow only queues a WebSocket message.
 */
final class SessionRouter {

    private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);

    /** Headers only the trust domain may set (TS 24.229 §5.2.6.3.1, RFC 7315): removed from WIC requests. */
    private static final String[] UNTRUSTED = {"P-Asserted-Identity", "P-Preferred-Identity", "P-Charging-Vector",
            "P-Charging-Function-Addresses", "P-Visited-Network-ID", "P-Served-User", "Path"};
    /** Core-only headers not passed to the WIC (RFC 7315 §4.5/4.6, TS 24.229 §5.2.6.4). */
    private static final String[] CORE_ONLY = {"P-Charging-Vector", "P-Charging-Function-Addresses"};
    /** The parameter of the eP-CSCF's own Via toward the core naming the flow a request came from (stray 2xx). */
    static final String FLOW_VIA_PARAM = "ep-flow";

    /** How the WIC side answers on behalf of the edge (EdgeProxy's reply: jain-sip or textual, else close). */
    interface Replier {
        void reply(Flow flow, Request request, String text, EdgeVerdict.Reject reject);
    }

    /** A request sent to a WIC, waiting for its final response. */
    private static final class Toward {
        final Flow flow;
        final ServerTransaction server;
        final Request sent;
        final String method;
        final String coreBranch;
        final AtomicBoolean done = new AtomicBoolean();
        volatile Disposable timer;
        volatile boolean provisional;

        Toward(Flow flow, ServerTransaction server, Request sent, String coreBranch) {
            this.flow = flow;
            this.server = server;
            this.sent = sent;
            this.method = sent.getMethod();
            this.coreBranch = coreBranch;
        }
    }

    private final FlowRegistry flows;
    private final MalformedInput malformed;
    private final ChargingVectors charging;
    private final Scheduler outbound;
    private final Replier replier;
    private final String wsTransport;
    private final Duration inviteTimeout;
    private final SipListening own;
    /** Originating branches by the WIC's transaction (flow, Call-ID, CSeq, branch): CANCEL from the WIC. */
    private final Map<String, StatefulForwarder.Forwarded> originating = new ConcurrentHashMap<>();
    /** Requests toward WICs by the branch of the eP-CSCF's WS Via. */
    private final Map<String, Toward> terminating = new ConcurrentHashMap<>();
    /** The WS branch by the core's branch (CANCEL from the core). */
    private final Map<String, String> terminatingByCoreBranch = new ConcurrentHashMap<>();
    private volatile SipStackRunner sip;
    private volatile StatefulForwarder forwarder;
    private volatile FlowDialogs dialogs;

    SessionRouter(SipListening own, FlowRegistry flows, MalformedInput malformed, ChargingVectors charging,
                  Scheduler outbound, Replier replier, boolean secureWebSocket, Duration inviteTimeout) {
        this.own = own;
        this.flows = flows;
        this.malformed = malformed;
        this.charging = charging;
        this.outbound = outbound;
        this.replier = replier;
        this.wsTransport = secureWebSocket ? "WSS" : "WS";
        this.inviteTimeout = inviteTimeout;
    }

    void attach(SipStackRunner runner, StatefulForwarder statefulForwarder) {
        this.sip = runner;
        this.forwarder = statefulForwarder;
        this.dialogs = new FlowDialogs(statefulForwarder.ownAddress());
    }

    /** Confirmed INVITE dialogs anchored on flows (D15). */
    int anchoredDialogs() {
        return dialogs.size();
    }

    /** Requests toward WICs still waiting for a final response (tests: nothing leaks). */
    int pendingTowardFlows() {
        return terminating.size();
    }

    int pendingFromFlows() {
        return originating.size();
    }

    // ---------------------------------------------------------------------------------------------------------
    // From the WIC (Netty event loop)
    // ---------------------------------------------------------------------------------------------------------

    /** A parsed, syntax-checked request other than REGISTER and ACK from a registered flow. */
    void fromWic(Flow flow, Request request, String text) {
        if (Request.CANCEL.equals(request.getMethod())) {
            cancelFromWic(flow, request, text);
            return;
        }
        if (ProxyRules.tooManyHops(request)) {
            replier.reply(flow, request, text, new EdgeVerdict.Reject(483, "Too Many Hops"));
            return;
        }
        // an initial request (no To tag) is always originating: whatever Route the WIC preloaded is replaced
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        boolean inDialog = toTag != null && RouteSet.topIsOwn(request, forwarder.ownAddress());
        if (!inDialog && toTag != null) {
            // a mid-dialog request that did not come along the route set this eP-CSCF recorded
            replier.reply(flow, request, text, new EdgeVerdict.Reject(403,
                    "Forbidden - In-dialog request outside the recorded route"));
            return;
        }
        Request out;
        try {
            out = inDialog ? inDialogToCore(flow, request) : originatingToCore(flow, request);
        } catch (Rejected rejected) {
            replier.reply(flow, request, text, rejected.reject);
            return;
        } catch (Exception | StackOverflowError e) {
            malformed.record(Reason.UNFORWARDABLE, flow.id(), e.toString());
            replier.reply(flow, request, text, new EdgeVerdict.Reject(400, "Bad Request - Cannot be forwarded",
                    List.of(Map.entry("Warning", "399 epcscf \"The request cannot be forwarded as it is\""))));
            return;
        }
        log.debug("Flow {}: {} {} to the core", flow.id(), inDialog ? "in-dialog" : "originating",
                request.getMethod());
        if (inDialog) {
            dialogs.fromWic(flow.id(), request);
        }
        SipOutbound.send(outbound, () -> forwardToCore(flow, request, text, out));
    }

    /**
     * An ACK from the WIC: for a 2xx, along its Route set, statelessly; for a non-2xx, absorbed (RFC 3261 §16.7).
     * False when it is not forwarded.
     */
    boolean ackFromWic(Flow flow, Request ack) {
        if (!RouteSet.topIsOwn(ack, forwarder.ownAddress()) || !flow.isRegistered()) {
            log.debug("Flow {}: ACK absorbed (non-2xx: the client transaction acknowledged it)", flow.id());
            return false;
        }
        try {
            Request copy = (Request) ack.clone();
            RouteSet.Popped popped = RouteSet.popOwn(copy, forwarder.ownAddress());
            if (popped.towardFlow() || ProxyRules.tooManyHops(copy)) {
                return false;
            }
            stripUntrusted(copy);
            ((ViaHeader) copy.getHeader(ViaHeader.NAME)).setReceived(flow.remote().getAddress().getHostAddress());
            ProxyRules.decrementMaxForwards(copy, sip.headers());
            forwarder.pushVia(copy, RouteSet.nextHopTransport(copy));
            SipOutbound.send(outbound, () -> sendStateless(copy));
            return true;
        } catch (Exception e) {
            malformed.record(Reason.UNFORWARDABLE, flow.id(), "ACK: " + e);
            return true;
        }
    }

    /** Thrown while building a request: answer the WIC with this. */
    private static final class Rejected extends Exception {
        final EdgeVerdict.Reject reject;

        Rejected(int status, String reason) {
            super(reason, null, false, false);
            this.reject = new EdgeVerdict.Reject(status, reason);
        }
    }

    /** Profile §8.1 originating: identity, Service-Route, charging, double Record-Route, received. */
    private Request originatingToCore(Flow flow, Request wic) throws Exception {
        String preferred = SipHeaders.first(wic, "P-Preferred-Identity").map(OriginatingRules::uriOf).orElse(null);
        String from = ((FromHeader) wic.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
        OriginatingRules.Asserted asserted = OriginatingRules.assertedIdentity(flow.registrations(), preferred, from)
                .orElseThrow(() -> new Rejected(403, "Forbidden - Not registered on this connection"));
        List<String> route = OriginatingRules.routeFromServiceRoute(asserted.registration());
        if (route.isEmpty()) {
            throw new Rejected(403, "Forbidden - No Service-Route for this registration");
        }
        Request copy = (Request) wic.clone();
        copy.removeHeader(RouteHeader.NAME);
        stripUntrusted(copy);
        for (String entry : route) {
            // in the Service-Route's order (addHeader would put a Route on top)
            copy.addLast(sip.headers().createRouteHeader(sip.addresses().createAddress(entry)));
        }
        copy.addHeader(sip.headers().createHeader("P-Asserted-Identity", asserted.assertedIdentity()));
        copy.addHeader(sip.headers().createHeader("P-Charging-Vector", charging.next()));
        if (OriginatingRules.createsDialog(copy.getMethod())) {
            // RFC 5658: the entry facing the next hop (core side) on top, the WS side with the flow token below
            copy.addFirst(recordRoute(OriginatingRules.flowSideEntry(flow.token(), own.advertisedHost(),
                    own.port())));
            copy.addFirst(recordRoute(OriginatingRules.coreSideEntry(own.advertisedHost(), own.port())));
        }
        return prepareTowardCore(flow, copy);
    }

    /** Loose routing: the own entries popped, on to the next Route (or the Request-URI). */
    private Request inDialogToCore(Flow flow, Request wic) throws Exception {
        Request copy = (Request) wic.clone();
        RouteSet.Popped popped = RouteSet.popOwn(copy, forwarder.ownAddress());
        if (popped.towardFlow()) {
            // the route set leads straight back to a WebSocket flow: never recorded that way by this eP-CSCF
            throw new Rejected(403, "Forbidden - Route loops back to a WebSocket flow");
        }
        stripUntrusted(copy);
        return prepareTowardCore(flow, copy);
    }

    private Request prepareTowardCore(Flow flow, Request copy) throws Exception {
        ((ViaHeader) copy.getHeader(ViaHeader.NAME)).setReceived(flow.remote().getAddress().getHostAddress());
        ProxyRules.decrementMaxForwards(copy, sip.headers());
        forwarder.pushVia(copy, RouteSet.nextHopTransport(copy));
        ((ViaHeader) copy.getHeader(ViaHeader.NAME)).setParameter(FLOW_VIA_PARAM, flow.token());
        ((gov.nist.javax.sip.message.SIPRequest) copy).checkHeaders();
        Optional<WicMessageParser.Parsed> reparsed = WicMessageParser.parse(copy.toString());
        if (reparsed.isEmpty() || !reparsed.get().badHeaders().isEmpty()) {
            throw new java.text.ParseException("the request does not parse again", 0);
        }
        return copy;
    }

    private Header recordRoute(String entry) throws java.text.ParseException {
        return sip.headers().createRecordRouteHeader(sip.addresses().createAddress(entry));
    }

    private static void stripUntrusted(Request request) {
        for (String name : UNTRUSTED) {
            request.removeHeader(name);
        }
    }

    private void forwardToCore(Flow flow, Request wic, String text, Request out) {
        String key = wicTransaction(flow, wic);
        try {
            StatefulForwarder.Forwarded branch = forwarder.send(out, new StatefulForwarder.Callback() {
                @Override
                public void onProvisional(Response response) {
                    toFlow(flow, response);
                }

                @Override
                public void onFinalResponse(Response response) {
                    originating.remove(key);
                    if (response.getStatusCode() / 100 == 2 && Request.INVITE.equals(wic.getMethod())
                            && ((ToHeader) wic.getHeader(ToHeader.NAME)).getTag() == null) {
                        dialogs.confirmedByCore(flow.id(), wic, response);
                    }
                    toFlow(flow, response);
                }

                @Override
                public void onNoResponse(Exception cause) {
                    originating.remove(key);
                    if (cause == null) {
                        replier.reply(flow, wic, null, new EdgeVerdict.Reject(408, "Request Timeout"));
                    } else {
                        log.warn("Could not forward {} to the core: {}", wic.getMethod(), cause.getMessage());
                        replier.reply(flow, wic, text, new EdgeVerdict.Reject(500,
                                "Server Internal Error - Next hop unreachable", List.of(Map.entry("Retry-After",
                                "30"))));
                    }
                }
            });
            if (Request.INVITE.equals(wic.getMethod()) && !branch.completed()) {
                originating.put(key, branch);
                if (branch.completed()) {
                    originating.remove(key);
                }
            }
        } catch (StatefulForwarder.RefusedException e) {
            malformed.record(Reason.UNFORWARDABLE, flow.id(), e.toString());
            replier.reply(flow, wic, text, new EdgeVerdict.Reject(400, "Bad Request - Cannot be forwarded"));
        }
    }

    /** RFC 3261 §16.10: 200 to the CANCEL at once, then CANCEL on the branch; the 487 comes back through it. */
    private void cancelFromWic(Flow flow, Request cancel, String text) {
        StatefulForwarder.Forwarded branch = originating.get(wicTransaction(flow, cancel));
        if (branch == null) {
            replier.reply(flow, cancel, text, new EdgeVerdict.Reject(481, "Call/Transaction Does Not Exist"));
            return;
        }
        replier.reply(flow, cancel, text, new EdgeVerdict.Reject(200, "OK"));
        SipOutbound.send(outbound, branch::cancel);
    }

    private static String wicTransaction(Flow flow, Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        return flow.id() + "|" + ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId() + "|"
                + cseq.getSeqNumber() + "|" + via.getBranch();
    }

    /** A response from the core (this node's Via removed) to the WIC: without the core-only headers. */
    private void toFlow(Flow flow, Response response) {
        Response copy = (Response) response.clone();
        for (String name : CORE_ONLY) {
            copy.removeHeader(name);
        }
        flow.send(copy.toString());
    }

    private void sendStateless(Request request) {
        try {
            sip.provider().sendRequest(request);
        } catch (Exception e) {
            log.debug("{} not forwarded statelessly: {}", request.getMethod(), e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Responses from the WIC (Netty event loop)
    // ---------------------------------------------------------------------------------------------------------

    /** A response from the WIC: to the server transaction its Via branch names, or a stray 2xx along the Vias. */
    void responseFromWic(Flow flow, String text) {
        Optional<WicMessageParser.Parsed> parsed = WicMessageParser.parse(text);
        if (parsed.isEmpty() || !(parsed.get().message() instanceof Response response)
                || response.getHeader(ViaHeader.NAME) == null || response.getHeader(CSeqHeader.NAME) == null) {
            malformed.record(Reason.STRAY_RESPONSE, flow.id(), "unparsable response from the WIC");
            return;
        }
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
        Toward toward = top.getBranch() == null ? null : terminating.get(top.getBranch());
        if (toward == null || toward.flow != flow || !toward.method.equals(method)) {
            if (toward == null && response.getStatusCode() / 100 == 2 && Request.INVITE.equals(method)
                    && forwarder.ownAddress().matches(top.getHost(), top.getPort())) {
                // RFC 3261 §16.7/§13.3.1.4: a retransmitted 2xx after the server transaction ended
                SipOutbound.send(outbound, () -> forwarder.relayStray(response));
                return;
            }
            // e.g. the 200 to a CANCEL this edge sent (hop by hop) or a response matching nothing
            malformed.record(Reason.STRAY_RESPONSE, flow.id(), response.getStatusCode() + " " + method);
            return;
        }
        int status = response.getStatusCode();
        if (status == 100) {
            return; // hop by hop
        }
        Response upstream = (Response) response.clone();
        upstream.removeFirst(ViaHeader.NAME);
        if (status < 200) {
            toward.provisional = true;
            if (Request.INVITE.equals(toward.method)) {
                armTimer(toward); // RFC 3261 §16.7 step 2: a provisional response resets Timer C
            }
            SipOutbound.send(outbound, () -> sendOnServer(toward.server, upstream));
            return;
        }
        if (!finish(toward)) {
            return;
        }
        if (Request.INVITE.equals(toward.method) && status >= 300) {
            // RFC 3261 §17.1.1.3: the edge's client side acknowledges a non-2xx final response hop by hop
            sendHopByHop(toward, Request.ACK, response);
        } else if (Request.INVITE.equals(toward.method) && status / 100 == 2
                && ((ToHeader) toward.sent.getHeader(ToHeader.NAME)).getTag() == null) {
            dialogs.confirmedByWic(flow.id(), toward.sent, response);
        }
        SipOutbound.send(outbound, () -> sendOnServer(toward.server, upstream));
    }

    private static void sendOnServer(ServerTransaction server, Response response) {
        StatefulForwarder.relay(server, response);
    }

    // ---------------------------------------------------------------------------------------------------------
    // From the core (jain-sip thread)
    // ---------------------------------------------------------------------------------------------------------

    /** An ACK from the core: absorbed when it acknowledges a non-2xx (its transaction), else loose-routed. */
    void ackFromCore(RequestEvent event) {
        Request ack = event.getRequest();
        if (event.getServerTransaction() != null) {
            return;
        }
        ViaHeader via = (ViaHeader) ack.getHeader(ViaHeader.NAME);
        if (via != null && via.getBranch() != null && terminatingByCoreBranch.containsKey(via.getBranch())) {
            return; // the ACK of a non-2xx this edge relayed (and acknowledged toward the WIC itself)
        }
        try {
            Request copy = (Request) ack.clone();
            RouteSet.Popped popped = RouteSet.popOwn(copy, forwarder.ownAddress());
            if (ProxyRules.tooManyHops(copy)) {
                return;
            }
            if (popped.towardFlow()) {
                Optional<Flow> flow = flows.byToken(popped.flowToken().get()).filter(Flow::isOpen);
                if (flow.isEmpty()) {
                    return;
                }
                ProxyRules.decrementMaxForwards(copy, sip.headers());
                pushWsVia(copy);
                stripCoreOnly(copy);
                flow.get().send(copy.toString());
            } else if (popped.popped() > 0) {
                ProxyRules.decrementMaxForwards(copy, sip.headers());
                forwarder.pushVia(copy, RouteSet.nextHopTransport(copy));
                sendStateless(copy);
            }
        } catch (Exception e) {
            log.debug("ACK from the core not forwarded: {}", e.toString());
        }
    }

    /**
     * A request other than ACK from the core with its server transaction. Toward a flow token: to the flow (430 when
     * it is dead or unknown); own Route entries without a flow: on to the next hop; anything else is not for this
     * node.
     */
    void fromCore(Request request, ServerTransaction server) throws Exception {
        if (Request.CANCEL.equals(request.getMethod())) {
            cancelFromCore(request, server);
            return;
        }
        Request copy = (Request) request.clone();
        RouteSet.Popped popped = RouteSet.popOwn(copy, forwarder.ownAddress());
        if (popped.towardFlow()) {
            Optional<Flow> flow = flows.byToken(popped.flowToken().get());
            if (flow.isEmpty() || !flow.get().isOpen()) {
                // RFC 5626 §5.3, D15
                answer(server, request, 430, "Flow Failed");
                return;
            }
            if (ProxyRules.tooManyHops(copy)) {
                answer(server, request, 483, "Too Many Hops");
                return;
            }
            toFlow(flow.get(), request, copy, server);
        } else if (popped.popped() > 0) {
            transit(request, copy, server);
        } else if (Request.OPTIONS.equals(request.getMethod())
                && forwarder.ownAddress().matches(request.getRequestURI())) {
            answer(server, request, 200, "OK");
        } else if (Request.NOTIFY.equals(request.getMethod())
                && forwarder.ownAddress().matches(request.getRequestURI())) {
            // a NOTIFY for a reg-event subscription of this node that has ended (RFC 6665 §4.1.3)
            answer(server, request, 481, "Subscription Does Not Exist");
        } else {
            answer(server, request, 404, "Not Found - Not routed through this eP-CSCF");
        }
    }

    /** Profile §8.1 terminating: Route popped, double Record-Route (WS side on top), WS Via, over the flow. */
    private void toFlow(Flow flow, Request received, Request copy, ServerTransaction server) throws Exception {
        ProxyRules.decrementMaxForwards(copy, sip.headers());
        boolean initial = ((ToHeader) copy.getHeader(ToHeader.NAME)).getTag() == null;
        if (initial && OriginatingRules.createsDialog(copy.getMethod())) {
            copy.addFirst(recordRoute(OriginatingRules.coreSideEntry(own.advertisedHost(), own.port())));
            copy.addFirst(recordRoute(OriginatingRules.flowSideEntry(flow.token(), own.advertisedHost(),
                    own.port())));
        }
        stripCoreOnly(copy);
        String branch = pushWsVia(copy);
        ViaHeader coreVia = (ViaHeader) received.getHeader(ViaHeader.NAME);
        Toward toward = new Toward(flow, server, copy, coreVia.getBranch());
        if (Request.INVITE.equals(copy.getMethod())) {
            trying(server, received);
        }
        if (Request.BYE.equals(copy.getMethod())) {
            dialogs.byeFromCore(flow.id(), copy);
        }
        terminating.put(branch, toward);
        if (toward.coreBranch != null) {
            terminatingByCoreBranch.put(toward.coreBranch, branch);
        }
        armTimer(toward);
        log.debug("Flow {}: {} from the core delivered", flow.id(), copy.getMethod());
        flow.send(copy.toString());
    }

    /** Own Route entries popped, no flow named: on to the next Route statefully, answers back to the server side. */
    private void transit(Request received, Request copy, ServerTransaction server) throws Exception {
        if (ProxyRules.tooManyHops(copy)) {
            answer(server, received, 483, "Too Many Hops");
            return;
        }
        ProxyRules.decrementMaxForwards(copy, sip.headers());
        forwarder.pushVia(copy, RouteSet.nextHopTransport(copy));
        if (Request.INVITE.equals(copy.getMethod())) {
            trying(server, received);
        }
        try {
            forwarder.send(copy, new StatefulForwarder.Callback() {
                @Override
                public void onProvisional(Response response) {
                    StatefulForwarder.relay(server, response);
                }

                @Override
                public void onFinalResponse(Response response) {
                    StatefulForwarder.relay(server, response);
                }

                @Override
                public void onNoResponse(Exception cause) {
                    answer(server, received, cause == null ? 408 : 500, cause == null ? "Request Timeout"
                            : "Server Internal Error - Next hop unreachable");
                }
            });
        } catch (StatefulForwarder.RefusedException e) {
            answer(server, received, 400, "Bad Request - Cannot be forwarded");
        }
    }

    /** RFC 3261 §16.10: 200 to the CANCEL, then a CANCEL with the INVITE's branch to the WIC (§9.1). */
    private void cancelFromCore(Request cancel, ServerTransaction server) {
        ViaHeader via = (ViaHeader) cancel.getHeader(ViaHeader.NAME);
        String branch = via == null || via.getBranch() == null ? null : terminatingByCoreBranch.get(via.getBranch());
        Toward toward = branch == null ? null : terminating.get(branch);
        if (toward == null || toward.done.get() || !Request.INVITE.equals(toward.method)) {
            answer(server, cancel, 481, "Call/Transaction Does Not Exist");
            return;
        }
        answer(server, cancel, 200, "OK");
        sendHopByHop(toward, Request.CANCEL, null);
    }

    /** A WIC that never answers: 408 upstream (RFC 3261 §16.7 step 6; Timer C for INVITE, §16.8), CANCEL toward it. */
    private void armTimer(Toward toward) {
        Disposable previous = toward.timer;
        if (previous != null) {
            previous.dispose();
        }
        long millis = Request.INVITE.equals(toward.method) ? inviteTimeout.toMillis() : 64 * own.t1().toMillis();
        toward.timer = outbound.schedule(() -> {
            if (!finish(toward)) {
                return;
            }
            log.debug("Flow {}: no final response to {} in {} ms: 408", toward.flow.id(), toward.method, millis);
            if (Request.INVITE.equals(toward.method) && toward.provisional) {
                sendHopByHop(toward, Request.CANCEL, null);
            }
            answer(toward.server, toward.server.getRequest(), 408, "Request Timeout");
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Ends a request toward a WIC once: false when it already ended. */
    private boolean finish(Toward toward) {
        if (!toward.done.compareAndSet(false, true)) {
            return false;
        }
        Disposable timer = toward.timer;
        if (timer != null) {
            timer.dispose();
        }
        String branch = ((ViaHeader) toward.sent.getHeader(ViaHeader.NAME)).getBranch();
        terminating.remove(branch);
        if (toward.coreBranch != null) {
            // kept a while so that the core's ACK of a non-2xx is recognised and absorbed, then forgotten
            outbound.schedule(() -> terminatingByCoreBranch.remove(toward.coreBranch, branch),
                    64 * own.t1().toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Flow closed (D15): requests still waiting for its answer end with 480 instead of waiting for the timer. */
    void flowClosed(Flow flow) {
        for (Toward toward : terminating.values()) {
            if (toward.flow == flow && finish(toward)) {
                SipOutbound.send(outbound, () -> answer(toward.server, toward.server.getRequest(), 480,
                        "Temporarily Unavailable - Flow closed"));
            }
        }
        originating.keySet().removeIf(key -> key.startsWith(flow.id() + "|"));
        for (FlowDialogs.Dialog dialog : dialogs.closed(flow.id())) {
            SipOutbound.send(outbound, () -> release(flow, dialog));
        }
    }

    /** D15 step 2: a BYE toward the core for a confirmed dialog of a flow that closed; its answer ends here. */
    private void release(Flow flow, FlowDialogs.Dialog dialog) {
        try {
            Request bye = sip.messages().createRequest(dialog.bye());
            forwarder.pushVia(bye, RouteSet.nextHopTransport(bye));
            forwarder.send(bye, new StatefulForwarder.Callback() {
                @Override
                public void onFinalResponse(Response response) {
                    log.debug("Flow {}: released dialog {}: {}", flow.id(), dialog.callId(), response.getStatusCode());
                }

                @Override
                public void onNoResponse(Exception cause) {
                    log.debug("Flow {}: BYE for dialog {} unanswered: {}", flow.id(), dialog.callId(), cause);
                }
            });
        } catch (Exception e) {
            log.debug("Flow {}: BYE for dialog {} not sent: {}", flow.id(), dialog.callId(), e.toString());
        }
    }

    /** ACK (for a non-2xx {@code response}) or CANCEL toward the WIC, as the client side of the edge builds them. */
    private void sendHopByHop(Toward toward, String method, Response response) {
        Request sent = toward.sent;
        StringBuilder text = new StringBuilder(method).append(' ').append(sent.getRequestURI()).append(" SIP/2.0\r\n");
        text.append(sent.getHeader(ViaHeader.NAME).toString().trim()).append("\r\n");
        text.append("Max-Forwards: 70\r\n");
        text.append(sent.getHeader(FromHeader.NAME).toString().trim()).append("\r\n");
        Header to = response != null ? response.getHeader(ToHeader.NAME) : sent.getHeader(ToHeader.NAME);
        text.append(to.toString().trim()).append("\r\n");
        text.append(sent.getHeader(CallIdHeader.NAME).toString().trim()).append("\r\n");
        text.append("CSeq: ").append(((CSeqHeader) sent.getHeader(CSeqHeader.NAME)).getSeqNumber()).append(' ')
                .append(method).append("\r\n");
        for (String route : SipHeaders.all(sent, RouteHeader.NAME)) {
            text.append("Route: ").append(route).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        toward.flow.send(text.toString());
    }

    /** The eP-CSCF's Via toward a WIC (RFC 7118 §5: transport WS or WSS), host and port of its SIP side. */
    private String pushWsVia(Request request) throws Exception {
        String branch = ProxyRules.newBranch();
        ViaHeader via = sip.headers().createViaHeader(own.advertisedHost(), own.port(), wsTransport, branch);
        request.addFirst(via);
        return branch;
    }

    private static void stripCoreOnly(Request request) {
        for (String name : CORE_ONLY) {
            request.removeHeader(name);
        }
    }

    /** RFC 3261 §16.2: 100 Trying for an INVITE at once (no To tag: it is hop by hop). */
    private void trying(ServerTransaction server, Request request) {
        try {
            server.sendResponse(sip.messages().createResponse(100, request));
        } catch (Exception e) {
            log.debug("Could not send 100 Trying: {}", e.toString());
        }
    }

    private void answer(ServerTransaction server, Request request, int status, String reason) {
        try {
            server.sendResponse(SipResponses.create(sip, request, status, reason, List.of()));
        } catch (Exception e) {
            log.debug("Could not answer {} {}: {}", status, request.getMethod(), e.toString());
        }
    }

    /**
     * A response from the core no transaction claims (RFC 3261 §16.7, §18.1.2): a 2xx retransmission for a flow
     * (the own Via names it) goes to that flow; else along the Vias (jain-sip-runtime), else dropped.
     */
    void strayFromCore(Response response) {
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (top == null || !forwarder.ownAddress().matches(top.getHost(), top.getPort())) {
            return;
        }
        String token = top.getParameter(FLOW_VIA_PARAM);
        if (token != null) {
            flows.byToken(token).filter(Flow::isOpen).ifPresent(flow -> {
                Response copy = (Response) response.clone();
                copy.removeFirst(ViaHeader.NAME);
                toFlow(flow, copy);
            });
            return;
        }
        forwarder.relayStray(response);
    }
}
