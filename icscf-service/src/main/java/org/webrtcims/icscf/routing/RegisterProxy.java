package org.webrtcims.icscf.routing;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.cx.AuthorizationType;
import org.webrtcims.cx.UserAuthorizationAnswer;
import org.webrtcims.cx.UserAuthorizationRequest;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.digest.AuthorizationParser;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.icscf.config.IcscfProperties;
import org.webrtcims.identity.IdentityRules;
import org.webrtcims.sip.RegisterExpiry;
import org.webrtcims.sip.SipHeaders;
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatefulForwarder;
import org.webrtcims.sip.StatelessDefaults;
import org.webrtcims.sip.TrustedPeers;

import reactor.core.scheduler.Scheduler;

/**
 * The I-CSCF's SIP listener; other requests than REGISTER (terminating requests, LIR) go to {@link TerminatingProxy}.
 * The I-CSCF as a stateful proxy for REGISTER (TS 24.229 §5.3.1, profile step 2b/2c): trusted peers only, UAR to
 * the HSS, then the request goes to the named or a capable S-CSCF with a Route, the Request-URI unchanged (D6),
 * the I-CSCF's Via on top and no Record-Route. An S-CSCF that does not answer (Timer F), answers 408/480/3xx or
 * cannot be reached is replaced by the next capable one. When the S-CSCF the HSS has assigned does not answer
 * (Timer F or a transport error), the I-CSCF asks the HSS for reselection (UAR REGISTRATION_AND_CAPABILITIES,
 * TS 29.228 §6.1.1) and tries the capable S-CSCFs not tried yet; the HSS lets the one that authenticates the
 * user take the registration over (issue 11 finding 4). With none left the answer is 408 (RFC 3261 §16.7).
 *
 * <p>SIP mechanics (Via, Max-Forwards, own Route, client transaction, Timer F, relay) are jain-sip-runtime's
 * {@link StatefulForwarder}; this class keeps the I-CSCF's rules. Threads: the UAR is non-blocking; its answer
 * arrives on a Netty event loop, from which nothing is sent: {@link SipOutbound#send} moves the forward (or the
 * error answer) to the {@code sip-out} scheduler, and sends in place when the answer comes on a thread that may
 * block. An S-CSCF's response is relayed, and a 408/480/3xx failed over, on the jain-sip thread that read it (a
 * socket write; no hop). Timer F arrives on jain-sip's single timer thread: its failover (a new connection to the
 * next S-CSCF, or a UAR) goes to {@code sip-out}.
 */
public class RegisterProxy implements StatelessDefaults {

    private static final Logger log = LoggerFactory.getLogger(RegisterProxy.class);

    /**
     * One REGISTER being proxied: where it came from, which S-CSCFs are left to try, the UAR and its answer (for
     * a reselection) and whether the HSS has been asked for reselection already.
     */
    private final class Forwarding {
        final ServerTransaction server;
        final Request request;
        final List<String> candidates;
        final int index;
        final String impu;
        final UserAuthorizationRequest uar;
        final UserAuthorizationAnswer answer;
        final boolean reselected;
        final List<String> tried;

        Forwarding(ServerTransaction server, Request request, List<String> candidates, int index, String impu,
                   UserAuthorizationRequest uar, UserAuthorizationAnswer answer, boolean reselected,
                   List<String> tried) {
            this.server = server;
            this.request = request;
            this.candidates = candidates;
            this.index = index;
            this.impu = impu;
            this.uar = uar;
            this.answer = answer;
            this.reselected = reselected;
            this.tried = tried;
        }

        Forwarding next() {
            return new Forwarding(server, request, candidates, index + 1, impu, uar, answer, reselected, tried);
        }

        /** The same REGISTER toward the S-CSCFs of a reselection. */
        Forwarding reselect(List<String> others) {
            return new Forwarding(server, request, others, 0, impu, uar, answer, true, tried);
        }

        boolean hasNext() {
            return index + 1 < candidates.size();
        }
    }

    private final HssCxClient hss;
    private final IcscfProperties properties;
    private final TrustedPeers trustedPeers;
    private final Scheduler outbound = SipOutbound.newScheduler();
    private final TerminatingProxy terminating;
    private volatile SipStackRunner sip;
    private volatile StatefulForwarder forwarder;

    public RegisterProxy(HssCxClient hss, IcscfProperties properties) {
        this.hss = hss;
        this.properties = properties;
        this.trustedPeers = new TrustedPeers(properties.trustedPeers());
        this.terminating = new TerminatingProxy(hss, properties, trustedPeers, outbound);
    }

    public void attach(SipStackRunner runner) {
        this.forwarder = new StatefulForwarder(runner, properties.sip());
        this.sip = runner;
        terminating.attach(runner, forwarder);
    }

    public void shutdown() {
        outbound.dispose();
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            if (event.getServerTransaction() == null) {
                terminating.ack(request); // for a 2xx: stateless along its Route (the non-2xx ones end in jain-sip)
            }
            return;
        }
        ServerTransaction server = event.getServerTransaction();
        try {
            if (server == null) {
                server = sip.provider().getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            return; // retransmission
        } catch (Exception e) {
            log.warn("No server transaction for {}: {}", request.getMethod(), e.getMessage());
            return;
        }
        ServerTransaction transaction = server;
        if (Request.CANCEL.equals(request.getMethod())) {
            terminating.cancel(transaction, request);
            return;
        }
        if (!Request.REGISTER.equals(request.getMethod())) {
            terminating.route(transaction, request); // terminating requests: LIR (TS 24.229 §5.3.2)
            return;
        }
        InetAddress source = ((gov.nist.javax.sip.message.SIPRequest) request).getRemoteAddress();
        if (!trustedPeers.contains(source)) {
            // TS 24.229 §5.3.1.2: REGISTER from outside the trust domain
            reply(transaction, request, 403, "Forbidden - Untrusted peer");
            return;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (to == null) {
            reply(transaction, request, 400, "Bad Request - Missing To");
            return;
        }
        String impu = to.getAddress().getURI().toString().trim();
        DigestCredentials credentials = credentials(request);
        if (credentials == null && request.getHeader("Authorization") != null) {
            reply(transaction, request, 400, "Bad Request - Malformed Authorization");
            return;
        }
        String impi = credentials != null && credentials.username() != null ? credentials.username()
                : IdentityRules.impiFromImpu(impu);
        UserAuthorizationRequest uar = new UserAuthorizationRequest(impi,
                RegisterExpiry.isDeregistration(request) ? AuthorizationType.DE_REGISTRATION : AuthorizationType.REGISTRATION,
                visitedNetwork(request), credentials == null ? null : credentials.wwsfIdentity(), null);
        hss.authorize(impu, uar).subscribe(answer -> SipOutbound.send(outbound, () -> {
            List<String> candidates = ScscfSelection.candidates(answer);
            if (candidates.isEmpty()) {
                // TS 24.229 §5.3.1.3: no S-CSCF can be selected
                reply(transaction, request, 600, "Busy Everywhere");
                return;
            }
            forward(new Forwarding(transaction, request, candidates, 0, impu, uar, answer, false,
                    new java.util.concurrent.CopyOnWriteArrayList<>()));
        }), error -> SipOutbound.send(outbound, () -> {
            if (error instanceof HssFailure failure && failure.kind() == HssFailure.Kind.NEGATIVE) {
                // TS 24.229 §5.3.1.3: negative HSS answer → 403 (profile §6 rows 9, 10)
                log.info("UAR negative: {}", failure.cxCause());
                reply(transaction, request, 403, "Forbidden");
            } else {
                // TS 24.229 §5.3.1.3: the HSS could not be asked → 480 (profile §6 row 11)
                log.warn("UAR failed: {}", error.getMessage());
                reply(transaction, request, 480, "Temporarily Unavailable");
            }
        }));
    }

    /** To the current candidate: the I-CSCF's Route to it (loose routing, Request-URI unchanged, D6). */
    private void forward(Forwarding forwarding) {
        String scscf = forwarding.candidates.get(forwarding.index);
        forwarding.tried.add(scscf);
        try {
            Address target = sip.addresses().createAddress(scscf);
            SipURI uri = (SipURI) target.getURI();
            uri.setLrParam();
            String transport = uri.getTransportParam() == null ? "udp" : uri.getTransportParam().toLowerCase();
            Optional<Request> copy = forwarder.prepare(forwarding.request, transport);
            if (copy.isEmpty()) {
                reply(forwarding.server, forwarding.request, 483, "Too Many Hops");
                return;
            }
            copy.get().addFirst(sip.headers().createRouteHeader(target));
            forwarder.send(copy.get(), new StatefulForwarder.Callback() {
                @Override
                public void onFinalResponse(Response response) {
                    answered(forwarding, response);
                }

                @Override
                public void onNoResponse(Exception cause) {
                    if (cause == null) {
                        // Timer F, on jain-sip's timer thread: the failover may connect to the next S-CSCF
                        log.info("S-CSCF {} did not answer (Timer F)", scscf);
                        outbound.schedule(() -> failOver(forwarding));
                    } else {
                        log.warn("Could not forward to {}: {}", scscf, cause.getMessage());
                        failOver(forwarding);
                    }
                }
            });
        } catch (Exception e) {
            log.warn("Could not forward to {}: {}", scscf, e.getMessage());
            failOver(forwarding);
        }
    }

    /** A final response of the current S-CSCF, on the jain-sip thread that read it. */
    private void answered(Forwarding forwarding, Response response) {
        int status = response.getStatusCode();
        boolean reselect = status == 408 || status == 480 || (status >= 300 && status < 400);
        if (reselect && forwarding.hasNext()) {
            // TS 24.229 §5.3.1.3: the I-CSCF may select another S-CSCF (sent from this jain-sip thread)
            forward(forwarding.next());
            return;
        }
        StatefulForwarder.relay(forwarding.server, response);
    }

    /** The current S-CSCF did not answer (Timer F) or could not be reached. */
    private void failOver(Forwarding forwarding) {
        if (forwarding.hasNext()) {
            forward(forwarding.next());
        } else if (ScscfSelection.reselectAfterNoAnswer(forwarding.answer, forwarding.reselected,
                forwarding.uar.authorizationType() == AuthorizationType.DE_REGISTRATION)) {
            reselect(forwarding);
        } else {
            // RFC 3261 §16.7: no final response from any S-CSCF (profile §6 row 13)
            reply(forwarding.server, forwarding.request, 408, "Request Timeout");
        }
    }

    /**
     * TS 29.228 §6.1.1 / TS 24.229 §5.3.1.3: the assigned S-CSCF is not answering, so the HSS is asked for the
     * capabilities and the next capable S-CSCF gets the REGISTER (its MAR and SAR move the assignment, see the
     * HSS's CxRules). HSS failures answer as in profile §6 rows 9–11.
     */
    private void reselect(Forwarding forwarding) {
        UserAuthorizationRequest uar = new UserAuthorizationRequest(forwarding.uar.impi(),
                AuthorizationType.REGISTRATION_AND_CAPABILITIES, forwarding.uar.visitedNetworkIdentifier(),
                forwarding.uar.wwsfIdentity(), forwarding.uar.emergency());
        log.info("Assigned S-CSCF {} did not answer; asking the HSS for reselection", forwarding.tried);
        hss.authorize(forwarding.impu, uar).subscribe(answer -> SipOutbound.send(outbound, () -> {
            List<String> others = ScscfSelection.reselection(answer, forwarding.tried);
            if (others.isEmpty()) {
                // every S-CSCF tried, none answered (RFC 3261 §16.7, profile §6 row 13)
                reply(forwarding.server, forwarding.request, 408, "Request Timeout");
                return;
            }
            forward(forwarding.reselect(others));
        }), error -> SipOutbound.send(outbound, () -> {
            if (error instanceof HssFailure failure && failure.kind() == HssFailure.Kind.NEGATIVE) {
                log.info("UAR (reselection) negative: {}", failure.cxCause());
                reply(forwarding.server, forwarding.request, 403, "Forbidden");
            } else {
                log.warn("UAR (reselection) failed: {}", error.getMessage());
                reply(forwarding.server, forwarding.request, 480, "Temporarily Unavailable");
            }
        }));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        javax.sip.ClientTransaction client = event.getClientTransaction();
        boolean retransmitted2xx = client != null && event.getResponse().getStatusCode() / 100 == 2
                && Request.INVITE.equals(client.getRequest().getMethod())
                && client.getApplicationData() instanceof StatefulForwarder.Forwarded branch && branch.completed();
        if (retransmitted2xx || !forwarder.processResponse(event)) {
            // RFC 3261 §16.7/§16.11: a 2xx retransmission (or any response no transaction claims) along the Via
            forwarder.relayStray(event.getResponse());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        forwarder.processTimeout(event);
    }

    private void reply(ServerTransaction transaction, Request request, int status, String reason) {
        try {
            transaction.sendResponse(SipResponses.create(sip, request, status, reason, List.of()));
        } catch (Exception e) {
            log.warn("Could not answer {}: {}", status, e.getMessage());
        }
    }

    private static DigestCredentials credentials(Request request) {
        return SipHeaders.first(request, "Authorization").flatMap(AuthorizationParser::parse).orElse(null);
    }

    private String visitedNetwork(Request request) {
        return SipHeaders.first(request, "P-Visited-Network-ID").map(value -> value.replace("\"", ""))
                .orElse(properties.visitedNetworkId());
    }
}
