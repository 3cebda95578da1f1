package org.webrtcims.icscf.routing;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
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
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatelessDefaults;
import org.webrtcims.sip.TrustedPeers;

import reactor.core.scheduler.Scheduler;

/**
 * The I-CSCF as a stateful proxy for REGISTER (TS 24.229 §5.3.1, profile step 2b/2c): trusted peers only, UAR to
 * the HSS, then the request goes to the named or a capable S-CSCF with a Route, the Request-URI unchanged (D6),
 * the I-CSCF's Via on top and no Record-Route. An S-CSCF that does not answer (Timer F), answers 408/480/3xx or
 * cannot be reached is replaced by the next capable one. When the S-CSCF the HSS has assigned does not answer
 * (Timer F or a transport error), the I-CSCF asks the HSS for reselection (UAR REGISTRATION_AND_CAPABILITIES,
 * TS 29.228 §6.1.1) and tries the capable S-CSCFs not tried yet; the HSS lets the one that authenticates the
 * user take the registration over (issue 11 finding 4). With none left the answer is 408 (RFC 3261 §16.7).
 *
 * <p>The listener never blocks a SIP stack thread: the UAR is non-blocking and forwarding happens on the
 * {@code sip-out} scheduler.
 */
public class RegisterProxy implements StatelessDefaults {

    private static final Logger log = LoggerFactory.getLogger(RegisterProxy.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One REGISTER being proxied: where it came from, which S-CSCFs are left to try, the UAR and its answer (for
     * a reselection) and whether the HSS has been asked for reselection already.
     */
    private final class Forwarding {
        final ServerTransaction server;
        final Request request;
        final List<String> candidates;
        final int index;
        final AtomicBoolean done;
        final String impu;
        final UserAuthorizationRequest uar;
        final UserAuthorizationAnswer answer;
        final boolean reselected;
        final List<String> tried;

        Forwarding(ServerTransaction server, Request request, List<String> candidates, int index, AtomicBoolean done,
                   String impu, UserAuthorizationRequest uar, UserAuthorizationAnswer answer, boolean reselected,
                   List<String> tried) {
            this.server = server;
            this.request = request;
            this.candidates = candidates;
            this.index = index;
            this.done = done;
            this.impu = impu;
            this.uar = uar;
            this.answer = answer;
            this.reselected = reselected;
            this.tried = tried;
        }

        Forwarding next() {
            return new Forwarding(server, request, candidates, index + 1, done, impu, uar, answer, reselected, tried);
        }

        /** The same REGISTER toward the S-CSCFs of a reselection. */
        Forwarding reselect(List<String> others) {
            return new Forwarding(server, request, others, 0, done, impu, uar, answer, true, tried);
        }

        boolean hasNext() {
            return index + 1 < candidates.size();
        }
    }

    private final HssCxClient hss;
    private final IcscfProperties properties;
    private final TrustedPeers trustedPeers;
    private final Scheduler outbound = SipOutbound.newScheduler();
    private volatile SipStackRunner sip;

    public RegisterProxy(HssCxClient hss, IcscfProperties properties) {
        this.hss = hss;
        this.properties = properties;
        this.trustedPeers = new TrustedPeers(properties.trustedPeers());
    }

    public void attach(SipStackRunner runner) {
        this.sip = runner;
    }

    public void shutdown() {
        outbound.dispose();
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
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
        if (!Request.REGISTER.equals(request.getMethod())) {
            // LIR-based routing of other requests arrives with the originating/terminating issue
            reply(transaction, request, 501, "Not Implemented");
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
        hss.authorize(impu, uar).publishOn(outbound).subscribe(answer -> {
            List<String> candidates = ScscfSelection.candidates(answer);
            if (candidates.isEmpty()) {
                // TS 24.229 §5.3.1.3: no S-CSCF can be selected
                reply(transaction, request, 600, "Busy Everywhere");
                return;
            }
            forward(new Forwarding(transaction, request, candidates, 0, new AtomicBoolean(), impu, uar, answer,
                    false, new java.util.concurrent.CopyOnWriteArrayList<>()));
        }, error -> outbound.schedule(() -> {
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

    private void forward(Forwarding forwarding) {
        String scscf = forwarding.candidates.get(forwarding.index);
        forwarding.tried.add(scscf);
        try {
            Request copy = (Request) forwarding.request.clone();
            removeOwnRoute(copy);
            MaxForwardsHeader maxForwards = (MaxForwardsHeader) copy.getHeader(MaxForwardsHeader.NAME);
            if (maxForwards == null) {
                copy.addHeader(sip.headers().createMaxForwardsHeader(70));
            } else if (maxForwards.getMaxForwards() <= 0) {
                reply(forwarding.server, forwarding.request, 483, "Too Many Hops");
                return;
            } else {
                maxForwards.decrementMaxForwards();
            }
            Address target = sip.addresses().createAddress(scscf);
            SipURI uri = (SipURI) target.getURI();
            uri.setLrParam();
            copy.addFirst(sip.headers().createRouteHeader(target));
            String transport = uri.getTransportParam() == null ? "udp" : uri.getTransportParam().toLowerCase();
            ViaHeader via = sip.headers().createViaHeader(properties.sip().advertisedHost(), properties.sip().port(),
                    transport, "z9hG4bK" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong()));
            copy.addFirst(via);
            ClientTransaction client = sip.provider().getNewClientTransaction(copy);
            client.setRetransmitTimer((int) properties.sip().t1().toMillis());
            client.setApplicationData(forwarding);
            client.sendRequest();
        } catch (Exception e) {
            log.warn("Could not forward to {}: {}", scscf, e.getMessage());
            failOver(forwarding);
        }
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
        hss.authorize(forwarding.impu, uar).publishOn(outbound).subscribe(answer -> {
            List<String> others = ScscfSelection.reselection(answer, forwarding.tried);
            if (others.isEmpty()) {
                // every S-CSCF tried, none answered (RFC 3261 §16.7, profile §6 row 13)
                reply(forwarding.server, forwarding.request, 408, "Request Timeout");
                return;
            }
            forward(forwarding.reselect(others));
        }, error -> outbound.schedule(() -> {
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
        ClientTransaction client = event.getClientTransaction();
        if (client == null || !(client.getApplicationData() instanceof Forwarding forwarding)) {
            return; // stray response
        }
        Response received = event.getResponse();
        int status = received.getStatusCode();
        if (status < 200) {
            return; // 100 Trying stays hop-by-hop
        }
        boolean reselect = status == 408 || status == 480 || (status >= 300 && status < 400);
        if (reselect && forwarding.hasNext()) {
            // TS 24.229 §5.3.1.3: the I-CSCF may select another S-CSCF
            outbound.schedule(() -> forward(forwarding.next()));
            return;
        }
        if (!forwarding.done.compareAndSet(false, true)) {
            return;
        }
        Response relayed = (Response) received.clone();
        relayed.removeFirst(ViaHeader.NAME);
        try {
            forwarding.server.sendResponse(relayed);
        } catch (Exception e) {
            log.warn("Could not relay {}: {}", status, e.getMessage());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction client = event.getClientTransaction();
        if (client != null && client.getApplicationData() instanceof Forwarding forwarding) {
            log.info("S-CSCF {} did not answer (Timer F)", forwarding.candidates.get(forwarding.index));
            outbound.schedule(() -> failOver(forwarding));
        }
    }

    private void reply(ServerTransaction transaction, Request request, int status, String reason) {
        try {
            transaction.sendResponse(SipResponses.create(sip, request, status, reason, List.of()));
        } catch (Exception e) {
            log.warn("Could not answer {}: {}", status, e.getMessage());
        }
    }

    private void removeOwnRoute(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        if (route != null && route.getAddress().getURI() instanceof SipURI uri
                && uri.getPort() == properties.sip().port()) {
            request.removeFirst(RouteHeader.NAME);
        }
    }

    private static DigestCredentials credentials(Request request) {
        Header header = request.getHeader("Authorization");
        if (header == null) {
            return null;
        }
        String text = header.toString().trim();
        return AuthorizationParser.parse(text.substring(text.indexOf(':') + 1)).orElse(null);
    }

    private String visitedNetwork(Request request) {
        Header header = request.getHeader("P-Visited-Network-ID");
        if (header == null) {
            return properties.visitedNetworkId();
        }
        String text = header.toString().trim();
        return text.substring(text.indexOf(':') + 1).trim().replace("\"", "");
    }
}
