package org.webrtcims.epcscf.sip;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.epcscf.config.EpCscfProperties;
import org.webrtcims.epcscf.flow.Flow;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.registration.ChargingVectors;
import org.webrtcims.epcscf.registration.EdgeVerdict;
import org.webrtcims.epcscf.registration.MwAuthorization;
import org.webrtcims.epcscf.registration.RegisterAdmission;
import org.webrtcims.epcscf.registration.SipSyntax;
import org.webrtcims.epcscf.sip.MalformedInput.Reason;
import org.webrtcims.sip.ProxyRules;
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatefulForwarder;
import org.webrtcims.sip.StatelessDefaults;

import reactor.core.scheduler.Scheduler;

/**
 * The eP-CSCF between WebSocket flows and the core. From a WIC: parse, check (profile §3 step 1, §6 rows 2–5,
 * 29) and either answer or forward the REGISTER statefully through jain-sip (step 2a/8); other requests, responses
 * and ACKs go to the {@link SessionRouter} (profile §8). From the core: relay the final response to the flow it
 * belongs to (step 6/10), mark the flow bound after a 200 OK and subscribe to its reg event
 * ({@link RegEventSubscriptions}, D13); requests from the core go to the reg-event subscriptions (their NOTIFYs) or
 * the {@link SessionRouter} (terminating and in-dialog requests, 430 for dead flows).
 *
 * <p>SIP mechanics (Via, client transaction, Timer F, the I-CSCF's final response without the own Via) are
 * jain-sip-runtime's {@link StatefulForwarder}; this class keeps the edge's rules. Threads: frames arrive on Netty
 * event loops, which must not block, so the send into the core is the one hop to the bounded {@code sip-out}
 * scheduler ({@link SipOutbound#send}). Everything else runs where it arrives: a response from the I-CSCF and Timer
 * F on jain-sip threads (writing to a flow only queues a WebSocket message), and the answer to a request from the
 * core is sent from the jain-sip thread that read it.
 */
public class EdgeProxy implements StatelessDefaults {

    private static final Logger log = LoggerFactory.getLogger(EdgeProxy.class);

    private final EpCscfProperties properties;
    private final FlowRegistry flows;
    private final RegisterAdmission admission;
    private final ChargingVectors charging;
    private final String transportToIcscf;
    private final MalformedInput malformed;
    private final Scheduler outbound = SipOutbound.newScheduler();
    private final SessionRouter sessions;
    private final RegEventSubscriptions regEvents;
    private volatile SipStackRunner sip;
    private volatile StatefulForwarder forwarder;

    /** @param secureWebSocket whether the WebSocket side is TLS (the edge's Via toward WICs says WSS, else WS) */
    public EdgeProxy(EpCscfProperties properties, FlowRegistry flows, MalformedInput malformed,
                     boolean secureWebSocket) {
        this.properties = properties;
        this.malformed = malformed;
        this.flows = flows;
        this.admission = new RegisterAdmission(properties.identityHeaderOptional());
        this.charging = new ChargingVectors(properties.nodeName(), properties.visitedNetworkId(),
                () -> System.currentTimeMillis() / 1000);
        String uri = properties.icscfUri().toLowerCase(java.util.Locale.ROOT);
        this.transportToIcscf = uri.contains("transport=udp") ? "udp" : "tcp";
        this.sessions = new SessionRouter(properties.sip(), flows, malformed, charging, outbound, this::reply,
                secureWebSocket, properties.sessions().inviteTimeout());
        this.regEvents = new RegEventSubscriptions(properties.sip(), flows, outbound, properties.icscfUri(),
                transportToIcscf, properties.regEvent().expires(), properties.regEvent().subscribe());
        flows.onClosed(sessions::flowClosed);
    }

    public EdgeProxy(EpCscfProperties properties, FlowRegistry flows, MalformedInput malformed) {
        this(properties, flows, malformed, false);
    }

    public void attach(SipStackRunner runner) {
        this.forwarder = new StatefulForwarder(runner, properties.sip());
        this.sip = runner;
        sessions.attach(runner, forwarder);
        regEvents.attach(runner, forwarder);
    }

    public void shutdown() {
        regEvents.shutdown();
        outbound.dispose();
    }

    /** Requests toward WICs waiting for a final response, and originating INVITEs pending (tests: no leak). */
    public int pendingTransactions() {
        return sessions.pendingTowardFlows() + sessions.pendingFromFlows();
    }

    /** Confirmed INVITE dialogs anchored on open flows (D15: released with a BYE when the flow closes). */
    public int anchoredDialogs() {
        return sessions.anchoredDialogs();
    }

    /** The eP-CSCF's reg-event subscriptions, active or being set up. */
    public int regEventSubscriptions() {
        return regEvents.subscriptions();
    }

    /**
     * One SIP message from a WIC (already known to be valid UTF-8, within the size limit and the rate limit). Every
     * outcome is one of: a response (400 with a reason phrase naming what is wrong when the response can be
     * addressed, profile §6 row 2; the answers of §6 rows 3–5 and 29 otherwise), a forward to the I-CSCF, a silent
     * drop (a response or an ACK: RFC 3261 §18.1.2, §17.2.1), or a close with 1008 when the frame is no SIP request
     * a response could be addressed to (RFC 7118 §5, RFC 6455 §7.4.1). Never an exception, never a WARN line.
     */
    public void onMessage(Flow flow, String text) {
        try {
            handle(flow, text);
        } catch (RuntimeException e) {
            // a message no rule foresaw must not end the connection, let alone the service, nor fill the log
            malformed.unhandled(flow.id(), e);
            answerUnparsed(flow, text, "Bad Request - Malformed message", Reason.UNHANDLED);
        }
    }

    private void handle(Flow flow, String text) {
        if (RawRequest.isResponse(text)) {
            // to the server transaction its Via branch names (terminating requests), else stray (RFC 3261 §18.1.2)
            sessions.responseFromWic(flow, text);
            return;
        }
        if (RawRequest.requestMethod(text).isEmpty()) {
            // RFC 3261 §7.1: Method SP Request-URI SP SIP-Version. jain-sip reads "ACK(sip:…" or a header line as a
            // request; the edge does not: no request line, no request (and no response can be addressed)
            malformed.record(Reason.NOT_SIP, flow.id(), "no request line");
            flow.close(1008, "Not a SIP request");
            return;
        }
        Optional<WicMessageParser.Parsed> parsed = WicMessageParser.parse(text);
        if (parsed.isEmpty() || !(parsed.get().message() instanceof Request request)
                || !request.getMethod().equals(RawRequest.requestMethod(text).get())) {
            answerUnparsed(flow, text, "Bad Request - Malformed message", Reason.MALFORMED_MESSAGE);
            return;
        }
        if (Request.ACK.equals(request.getMethod())) {
            // RFC 3261 §17.2.1: never answered. An ACK for a 2xx follows its Route set; one for a non-2xx is absorbed
            if (!parsed.get().badHeaders().isEmpty() || SipSyntax.check(request).isPresent()
                    || !sessions.ackFromWic(flow, request)) {
                malformed.record(Reason.STRAY_ACK, flow.id(), "ACK");
            }
            return;
        }
        if (!parsed.get().badHeaders().isEmpty()) {
            String header = parsed.get().badHeaders().get(0);
            String reason = "Bad Request - Malformed " + header;
            if (SipSyntax.check(request).isEmpty()) {
                malformed.record(Reason.MALFORMED_HEADER, flow.id(), header);
                reply(flow, request, text, new EdgeVerdict.Reject(400, reason, List.of(Map.entry("Warning",
                        "399 " + properties.nodeName() + " \"Malformed " + header + " header field\""))));
            } else {
                answerUnparsed(flow, text, reason, Reason.MALFORMED_HEADER);
            }
            return;
        }
        Optional<EdgeVerdict.Reject> missing = SipSyntax.check(request);
        if (missing.isPresent()) {
            malformed.record(Reason.MISSING_HEADER, flow.id(), missing.get().reason());
            reply(flow, request, text, missing.get());
            return;
        }
        if (!Request.REGISTER.equals(request.getMethod())) {
            if (!flow.isRegistered()) {
                // TS 24.229 §5.2.6.3.1, profile §6 row 29
                reply(flow, request, text, new EdgeVerdict.Reject(403,
                        "Forbidden - Not registered on this connection"));
            } else {
                // originating, in-dialog, CANCEL (profile §8)
                sessions.fromWic(flow, request, text);
            }
            return;
        }
        javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) request.getHeader("To");
        String boundImpi = flow.registration(to.getAddress().getURI().toString())
                .map(Flow.Registration::impi).orElse(null);
        EdgeVerdict verdict = admission.admit(request, flow.wwsf(), boundImpi);
        if (verdict instanceof EdgeVerdict.Reject reject) {
            if (reject.status() == 400) {
                malformed.record(Reason.MISSING_HEADER, flow.id(), reject.reason());
            }
            reply(flow, request, text, reject);
            return;
        }
        if (ProxyRules.tooManyHops(request)) {
            reply(flow, request, text, new EdgeVerdict.Reject(483, "Too Many Hops"));
            return;
        }
        EdgeVerdict.Forward forward = (EdgeVerdict.Forward) verdict;
        Request mw;
        try {
            mw = mwRequest(flow, request, forward);
        } catch (Exception | StackOverflowError e) {
            // admitted, but jain-sip cannot build the Mw REGISTER from it: the input is bad, not the server → 400
            malformed.record(Reason.UNFORWARDABLE, flow.id(), e.toString());
            reply(flow, request, text, new EdgeVerdict.Reject(400, "Bad Request - Cannot be forwarded",
                    List.of(Map.entry("Warning", "399 " + properties.nodeName()
                            + " \"The request cannot be forwarded as it is\""))));
            return;
        }
        log.debug("Flow {}: forwarding REGISTER {} to the I-CSCF", flow.id(), request.getHeader("Call-ID"));
        SipOutbound.send(outbound, () -> forward(flow, request, text, forward, mw));
    }

    /**
     * Over the per-connection message rate, checked on the raw frame before any parsing (profile §3 step 1): a 503 +
     * Retry-After (RFC 3261 §21.5.4) when it can be addressed from the raw text, nothing for an ACK or a response,
     * else close 1008.
     */
    public void onRateLimited(Flow flow, String text) {
        malformed.record(Reason.RATE_LIMITED, flow.id(), "over " + properties.limits().messagesPerConnectionPerSecond()
                + "/s");
        if (RawRequest.isResponse(text)) {
            return;
        }
        Optional<RawRequest> raw = RawRequest.read(text);
        if (raw.isPresent() && raw.get().isAck()) {
            return;
        }
        raw.map(r -> r.response(503, "Service Unavailable - Too many requests", List.of(Map.entry("Retry-After",
                "5")))).ifPresentOrElse(flow::send, () -> flow.close(1008, "Too many messages"));
    }

    /**
     * jain-sip could not parse it: a textual 400 when the request line and the addressing headers are there and sane
     * (RFC 3261 §8.2.6.2), nothing for an ACK, else close 1008 (no response can be addressed).
     */
    private void answerUnparsed(Flow flow, String text, String reason, Reason why) {
        Optional<String> method = RawRequest.requestMethod(text);
        if (method.isEmpty()) {
            malformed.record(RawRequest.isResponse(text) ? Reason.STRAY_RESPONSE : Reason.NOT_SIP, flow.id(),
                    "no request line");
            if (!RawRequest.isResponse(text)) {
                flow.close(1008, "Not a SIP request");
            }
            return;
        }
        Optional<RawRequest> raw = RawRequest.read(text);
        if (raw.isEmpty()) {
            malformed.record(Reason.UNADDRESSABLE, flow.id(), method.get());
            flow.close(1008, "Malformed SIP message");
        } else if (raw.get().isAck()) {
            malformed.record(Reason.STRAY_ACK, flow.id(), "malformed ACK");
        } else {
            malformed.record(why, flow.id(), reason);
            flow.send(raw.get().response(400, reason, List.of()));
        }
    }

    private Request mwRequest(Flow flow, Request wic, EdgeVerdict.Forward verdict) throws Exception {
        org.webrtcims.sip.SipListening own = properties.sip();
        String integrity = flow.isBoundTo(verdict.webIdentity()) ? MwAuthorization.TLS_YES
                : MwAuthorization.TLS_PENDING;
        MwRegister.Context context = new MwRegister.Context(
                "sip:" + flow.token() + "@" + own.advertisedHost() + ":" + own.port() + ";transport="
                        + transportToIcscf,
                properties.icscfUri(), properties.visitedNetworkId(), charging.next(), integrity,
                flow.remote().getAddress().getHostAddress());
        Request mw = MwRegister.build(wic, verdict, context, sip.headers(), sip.addresses());
        forwarder.pushVia(mw, transportToIcscf);
        // what jain-sip checks when it creates the client transaction, checked here where a failure is the WIC's
        ((gov.nist.javax.sip.message.SIPRequest) mw).checkHeaders();
        // jain-sip parses leniently and prints what it kept: what goes to the core must parse cleanly again, or the
        // next hop drops it and the WIC waits for Timer F (bench/fuzz found Via hosts with '(' and "tag" without value)
        Optional<WicMessageParser.Parsed> reparsed = WicMessageParser.parse(mw.toString());
        if (reparsed.isEmpty() || !reparsed.get().badHeaders().isEmpty()) {
            throw new java.text.ParseException("the Mw REGISTER does not parse again: "
                    + reparsed.map(WicMessageParser.Parsed::badHeaders).orElse(List.of("message")), 0);
        }
        return mw;
    }

    private void forward(Flow flow, Request wic, String text, EdgeVerdict.Forward verdict, Request mw) {
        try {
            forwarder.send(mw, new StatefulForwarder.Callback() {
                @Override
                public void onFinalResponse(Response response) {
                    relay(flow, wic, verdict.webIdentity(), response);
                }

                @Override
                public void onNoResponse(Exception cause) {
                    if (cause == null) {
                        // RFC 3261 §16.7 step 6: no final response from the next hop → 408
                        reply(flow, wic, null, new EdgeVerdict.Reject(408, "Request Timeout"));
                    } else {
                        // RFC 3261 §16.9/16.7: the next hop cannot be reached; a proxy answers 500, not 503
                        log.warn("Could not forward REGISTER to the I-CSCF: {}", cause.getMessage());
                        reply(flow, wic, text, new EdgeVerdict.Reject(500, "Server Internal Error - I-CSCF unreachable",
                                List.of(Map.entry("Retry-After", "30"))));
                    }
                }
            });
        } catch (StatefulForwarder.RefusedException e) {
            // jain-sip refuses the request itself (its checks on the message): bad input, not a server fault → 400
            malformed.record(Reason.UNFORWARDABLE, flow.id(), e.toString());
            reply(flow, wic, text, new EdgeVerdict.Reject(400, "Bad Request - Cannot be forwarded"));
        }
    }

    /** The I-CSCF's final response (without the edge's Via), on the jain-sip thread that read it. */
    private void relay(Flow flow, Request wic, String webIdentity, Response response) {
        log.debug("Flow {}: {} from the I-CSCF for {}", flow.id(), response.getStatusCode(),
                response.getHeader("Call-ID"));
        try {
            Response toWic = WicResponses.toWic(response,
                    (int) properties.websocket().pingInterval().toSeconds(), sip.headers());
            Optional<String> bound = WicResponses.applyToFlow(flow, wic, toWic, webIdentity);
            flow.send(toWic.toString());
            bound.ifPresent(regEvents::registered); // D13
        } catch (Exception e) {
            log.warn("Could not relay {} to the WIC: {}", response.getStatusCode(), e.getMessage());
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (!forwarder.processResponse(event)) {
            // a stray or late response: a 2xx retransmission goes on along the Vias (RFC 3261 §16.7), else dropped
            sessions.strayFromCore(event.getResponse());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        forwarder.processTimeout(event);
    }

    /**
     * Requests from the core: the eP-CSCF's own reg-event NOTIFYs ({@link RegEventSubscriptions}), terminating and
     * in-dialog requests toward flows (430 Flow Failed for a closed, forged or forgotten flow token: RFC 5626 §5.3,
     * D15), ACKs for 2xx along their Route set ({@link SessionRouter}). Answered from this jain-sip thread.
     */
    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            sessions.ackFromCore(event);
            return;
        }
        ServerTransaction server;
        try {
            server = event.getServerTransaction() != null ? event.getServerTransaction()
                    : sip.provider().getNewServerTransaction(request);
        } catch (Exception e) {
            log.debug("No server transaction for a core request: {}", e.getMessage());
            return; // a retransmission: its transaction answers it
        }
        try {
            if (regEvents.owns(request)) {
                regEvents.notify(request, server);
            } else {
                sessions.fromCore(request, server);
            }
        } catch (Exception e) {
            log.debug("Could not handle a core request: {}", e.toString());
            try {
                server.sendResponse(SipResponses.create(sip, request, 500, "Server Internal Error", List.of()));
            } catch (Exception ignored) {
                // the transaction is gone
            }
        }
    }

    void reply(Flow flow, Request request, String text, EdgeVerdict.Reject reject) {
        log.debug("Flow {}: answering {} {} itself", flow.id(), reject.status(), request.getMethod());
        String response;
        try {
            response = SipResponses.create(sip, request, reject.status(), reject.reason(), reject.headers())
                    .toString();
        } catch (Exception e) {
            // jain-sip cannot build it (a value it parsed leniently): the same answer from the raw text, or 1008
            Optional<String> textual = text == null ? Optional.empty()
                    : WicMessageParser.textualResponse(text, reject.status(), reject.reason(), reject.headers());
            if (textual.isEmpty()) {
                malformed.record(Reason.UNADDRESSABLE, flow.id(), e.toString());
                flow.close(1008, "Malformed SIP message");
                return;
            }
            response = textual.get();
        }
        flow.send(response);
    }
}
