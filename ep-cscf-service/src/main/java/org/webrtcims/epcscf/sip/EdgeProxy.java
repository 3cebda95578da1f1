package org.webrtcims.epcscf.sip;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
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
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatelessDefaults;

import reactor.core.scheduler.Scheduler;

/**
 * The eP-CSCF between WebSocket flows and the I-CSCF. From a WIC: parse, check (profile §3 step 1, §6 rows 2–5,
 * 29) and either answer or forward the REGISTER statefully through jain-sip (step 2a/8). From the core: relay the
 * final response to the flow it belongs to (step 6/10), mark the flow bound after a 200 OK.
 *
 * <p>Frames arrive on Netty event-loop threads and responses on jain-sip threads; neither blocks: sending into the
 * core happens on the bounded {@code sip-out} scheduler and writing to a flow only queues a WebSocket message.
 */
public class EdgeProxy implements StatelessDefaults {

    private static final Logger log = LoggerFactory.getLogger(EdgeProxy.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A REGISTER forwarded for a flow: where the answer goes and which identity it binds. */
    private record Pending(Flow flow, Request wicRequest, String webIdentity) {
    }

    private final EpCscfProperties properties;
    private final FlowRegistry flows;
    private final RegisterAdmission admission;
    private final ChargingVectors charging;
    private final String transportToIcscf;
    private final Scheduler outbound = SipOutbound.newScheduler();
    private volatile SipStackRunner sip;

    public EdgeProxy(EpCscfProperties properties, FlowRegistry flows) {
        this.properties = properties;
        this.flows = flows;
        this.admission = new RegisterAdmission(properties.identityHeaderOptional());
        this.charging = new ChargingVectors(properties.nodeName(), properties.visitedNetworkId(),
                () -> System.currentTimeMillis() / 1000);
        String uri = properties.icscfUri().toLowerCase(java.util.Locale.ROOT);
        this.transportToIcscf = uri.contains("transport=udp") ? "udp" : "tcp";
    }

    public void attach(SipStackRunner runner) {
        this.sip = runner;
    }

    public void shutdown() {
        outbound.dispose();
    }

    /** One SIP message from a WIC (already known to be valid UTF-8 and within the size limit). */
    public void onMessage(Flow flow, String text) {
        Optional<WicMessageParser.Parsed> parsed = WicMessageParser.parse(text);
        if (parsed.isEmpty()) {
            Optional<String> badRequest = WicMessageParser.textualBadRequest(text, "Bad Request - Malformed message");
            if (badRequest.isPresent()) {
                flow.send(badRequest.get());
            } else {
                // not a SIP message a response could be built for (RFC 7118 §5: one SIP message per message)
                flow.close(1008, "Not a SIP message");
            }
            return;
        }
        if (!(parsed.get().message() instanceof Request request)) {
            return; // responses from WICs belong to requests toward them, which do not exist yet
        }
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        if (!parsed.get().badHeaders().isEmpty()) {
            String reason = "Bad Request - Malformed " + parsed.get().badHeaders().get(0);
            if (SipSyntax.check(request).isEmpty()) {
                reply(flow, request, new EdgeVerdict.Reject(400, reason));
            } else {
                WicMessageParser.textualBadRequest(text, reason).ifPresentOrElse(flow::send,
                        () -> flow.close(1008, "Malformed SIP message"));
            }
            return;
        }
        if (!flow.tryRequest(System.nanoTime())) {
            // per-connection rate limit (profile §3 step 1); RFC 3261 §21.5.4 with Retry-After
            reply(flow, request, new EdgeVerdict.Reject(503, "Service Unavailable - Too many requests",
                    List.of(Map.entry("Retry-After", "5"))));
            return;
        }
        if (!Request.REGISTER.equals(request.getMethod())) {
            Optional<EdgeVerdict.Reject> malformed = SipSyntax.check(request);
            if (malformed.isPresent()) {
                reply(flow, request, malformed.get());
            } else if (!flow.isRegistered()) {
                // TS 24.229 §5.2.6.3.1, profile §6 row 29
                reply(flow, request, new EdgeVerdict.Reject(403, "Forbidden - Not registered on this connection"));
            } else {
                // originating requests (Service-Route routing, profile §8) arrive with a later issue
                reply(flow, request, new EdgeVerdict.Reject(501, "Not Implemented - Only REGISTER is routed"));
            }
            return;
        }
        javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) request.getHeader("To");
        String boundImpi = to == null ? null : flow.registration(to.getAddress().getURI().toString())
                .map(Flow.Registration::impi).orElse(null);
        EdgeVerdict verdict = admission.admit(request, flow.wwsf(), boundImpi);
        if (verdict instanceof EdgeVerdict.Reject reject) {
            reply(flow, request, reject);
            return;
        }
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (maxForwards.getMaxForwards() <= 0) {
            reply(flow, request, new EdgeVerdict.Reject(483, "Too Many Hops"));
            return;
        }
        EdgeVerdict.Forward forward = (EdgeVerdict.Forward) verdict;
        log.debug("Flow {}: forwarding REGISTER {} to the I-CSCF", flow.id(), request.getHeader("Call-ID"));
        outbound.schedule(() -> forward(flow, request, forward));
    }

    private void forward(Flow flow, Request wic, EdgeVerdict.Forward verdict) {
        try {
            EpCscfProperties.Sip own = properties.sip();
            String integrity = flow.isBoundTo(verdict.webIdentity()) ? MwAuthorization.TLS_YES
                    : MwAuthorization.TLS_PENDING;
            MwRegister.Context context = new MwRegister.Context(
                    "sip:" + flow.token() + "@" + own.advertisedHost() + ":" + own.port() + ";transport="
                            + transportToIcscf,
                    properties.icscfUri(), properties.visitedNetworkId(), charging.next(), integrity,
                    flow.remote().getAddress().getHostAddress());
            Request mw = MwRegister.build(wic, verdict, context, sip.headers(), sip.addresses());
            mw.addFirst(sip.headers().createViaHeader(own.advertisedHost(), own.port(), transportToIcscf,
                    "z9hG4bK" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong())));
            ClientTransaction client = sip.provider().getNewClientTransaction(mw);
            client.setRetransmitTimer((int) own.t1().toMillis());
            client.setApplicationData(new Pending(flow, wic, verdict.webIdentity()));
            client.sendRequest();
        } catch (Exception e) {
            // RFC 3261 §16.9/16.7: the next hop cannot be reached; a proxy answers 500, not 503
            log.warn("Could not forward REGISTER to the I-CSCF: {}", e.getMessage());
            reply(flow, wic, new EdgeVerdict.Reject(500, "Server Internal Error - I-CSCF unreachable",
                    List.of(Map.entry("Retry-After", "30"))));
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction client = event.getClientTransaction();
        if (client == null || !(client.getApplicationData() instanceof Pending pending)) {
            return; // stray or late response
        }
        Response response = event.getResponse();
        if (response.getStatusCode() < 200) {
            return; // 100 Trying is hop-by-hop
        }
        log.debug("Flow {}: {} from the I-CSCF for {}", pending.flow().id(), response.getStatusCode(),
                response.getHeader("Call-ID"));
        try {
            Response toWic = WicResponses.toWic(response,
                    (int) properties.websocket().pingInterval().toSeconds(), sip.headers());
            WicResponses.applyToFlow(pending.flow(), pending.wicRequest(), toWic, pending.webIdentity());
            pending.flow().send(toWic.toString());
        } catch (Exception e) {
            log.warn("Could not relay {} to the WIC: {}", response.getStatusCode(), e.getMessage());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        if (event.getClientTransaction() != null
                && event.getClientTransaction().getApplicationData() instanceof Pending pending) {
            // RFC 3261 §16.7 step 6: no final response from the next hop → 408
            outbound.schedule(() -> reply(pending.flow(), pending.wicRequest(),
                    new EdgeVerdict.Reject(408, "Request Timeout")));
        }
    }

    /**
     * Requests from the core toward a flow (terminating requests, NOTIFY): only the dead-flow rule exists yet —
     * a request aimed at a closed or unknown flow token gets 430 Flow Failed (RFC 5626 §5.3, D15).
     */
    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
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
        // the answer is written from the sip-out pool, never from a SIP stack thread
        outbound.schedule(() -> {
            try {
                Optional<Flow> flow = targetFlow(request).flatMap(flows::byToken);
                Response response = flow.isPresent() && flow.get().isOpen()
                        ? SipResponses.create(sip, request, 501, "Not Implemented - Terminating requests", List.of())
                        : SipResponses.create(sip, request, 430, "Flow Failed", List.of());
                server.sendResponse(response);
            } catch (Exception e) {
                log.debug("Could not answer a core request: {}", e.getMessage());
            }
        });
    }

    private static Optional<String> targetFlow(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        javax.sip.address.URI target = route != null ? route.getAddress().getURI() : request.getRequestURI();
        return target instanceof SipURI uri && uri.getUser() != null ? Optional.of(uri.getUser()) : Optional.empty();
    }

    private void reply(Flow flow, Request request, EdgeVerdict.Reject reject) {
        log.debug("Flow {}: answering {} {} itself", flow.id(), reject.status(), request.getMethod());
        try {
            Response response = SipResponses.create(sip, request, reject.status(), reject.reason(), reject.headers());
            flow.send(response.toString());
        } catch (Exception e) {
            log.warn("Could not answer {} to the WIC: {}", reject.status(), e.getMessage());
        }
    }
}
