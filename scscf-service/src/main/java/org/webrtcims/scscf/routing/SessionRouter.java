package org.webrtcims.scscf.routing;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.outbox.SarOutbox;
import org.webrtcims.scscf.registrar.Binding;
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
 * The S-CSCF as a transaction-stateful proxy for sessions (RFC 3261 §16, TS 24.229 §5.4.3): the jain-sip side of
 * {@link RequestClassifier} (which case), {@link RegisteredContacts} (whose bindings), {@link BestResponse}
 * (which answer) and {@link LoopKey} (482). Per case:
 * <ul>
 *   <li>originating ({@code Route: <sip:orig@own>}): the asserted identity must be registered here (else 403),
 *       own Record-Route for INVITE/SUBSCRIBE/REFER, then {@code Route: <icscf-uri;lr>};</li>
 *   <li>terminating (plain own Route, or none): the Request-URI's bindings (implicit set), none → 480, else one
 *       branch per binding in parallel: Request-URI := Contact, Route := Path, {@code P-Called-Party-ID}, own
 *       Record-Route for dialog-creating methods; a branch's 430 removes its binding (RFC 5626 §7);</li>
 *   <li>subsequent (To tag, ACK): own Route entries popped, forwarded to the next Route or the Request-URI, ACK
 *       statelessly, the rest statefully;</li>
 *   <li>onward (top Route names another node): forwarded as it is.</li>
 * </ul>
 * INVITE gets 100 Trying at once, a CANCEL from upstream 200 and the branches are cancelled (their 487 goes up),
 * an INVITE branch is cancelled by Timer C and counts as 408.
 *
 * <p>Threads: the listener thread only classifies; the binding lookup runs on the {@code db} scheduler, whose
 * thread also forwards (it may block: a new TCP connection). Responses are relayed on the jain-sip thread that
 * read them; Timer F and Timer C outcomes (jain-sip's timer thread, the {@code sip-out} timer) are relayed from
 * {@code sip-out}. A 430's binding removal goes to the {@code db} scheduler.
 */
public final class SessionRouter {

    private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);

    /** One forwarded request and its branches (its response context). */
    private final class Fork {
        final ServerTransaction server;
        final Request request;
        final String cancelKey;
        final BestResponse best;
        final List<Branch> branches = new ArrayList<>();
        final java.util.concurrent.atomic.AtomicReferenceArray<Response> responses;
        volatile boolean cancelled;

        Fork(ServerTransaction server, Request request, String cancelKey, int size) {
            this.server = server;
            this.request = request;
            this.cancelKey = cancelKey;
            this.best = new BestResponse(size, Request.INVITE.equals(request.getMethod()));
            this.responses = new java.util.concurrent.atomic.AtomicReferenceArray<>(size);
        }

        boolean invite() {
            return Request.INVITE.equals(request.getMethod());
        }
    }

    /** An INVITE from its arrival on: cancelled possibly before its branches exist (the lookup takes a trip). */
    private static final class InviteState {
        volatile Fork fork;
        volatile boolean cancelled;
    }

    /** One branch: the request sent, the binding it targets (terminating), its handle and Timer C. */
    private static final class Branch {
        final int index;
        final Request request;
        final Binding binding;
        volatile StatefulForwarder.Forwarded handle;
        volatile Disposable timerC;

        Branch(int index, Request request, Binding binding) {
            this.index = index;
            this.request = request;
            this.binding = binding;
        }

        void cancel() {
            StatefulForwarder.Forwarded h = handle;
            if (h != null) {
                h.cancel();
            }
        }

        void stopTimerC() {
            Disposable d = timerC;
            if (d != null) {
                d.dispose();
            }
        }
    }

    private final RegisteredContacts contacts;
    private final DatabaseScheduler database;
    private final SarOutbox sarOutbox;
    private final ScscfProperties properties;
    private final Supplier<List<FlowFailureHook>> hooks;
    private final String ownHostPort;
    private final Scheduler outbound = SipOutbound.newScheduler();
    /** INVITEs being proxied, by their top Via (what a CANCEL carries): from the 100 Trying to the last branch. */
    private final Map<String, InviteState> invites = new ConcurrentHashMap<>();
    private volatile SipStackRunner sip;
    private volatile StatefulForwarder forwarder;
    private volatile ProxyRules.OwnAddress own;

    public SessionRouter(RegisteredContacts contacts, DatabaseScheduler database, SarOutbox sarOutbox,
                         ScscfProperties properties, Supplier<List<FlowFailureHook>> hooks) {
        this.contacts = contacts;
        this.database = database;
        this.sarOutbox = sarOutbox;
        this.properties = properties;
        this.hooks = hooks;
        this.ownHostPort = properties.ownHostPort();
    }

    /** The stack to forward through; set right after it starts. */
    public void attach(SipStackRunner runner) {
        SipListening listening = properties.sip().listening();
        String host = hostOf(ownHostPort);
        List<String> aliases = new ArrayList<>(listening.aliases());
        aliases.add(host);
        SipListening routing = new SipListening(listening.host(), listening.port(), listening.transports(), host,
                listening.threads(), listening.maxMessageSize(), listening.t1(), aliases);
        this.forwarder = new StatefulForwarder(runner, routing);
        this.own = forwarder.ownAddress();
        this.sip = runner;
    }

    public void shutdown() {
        outbound.dispose();
    }

    /**
     * A request other than REGISTER from a trusted peer that no {@link RequestHandler} took.
     *
     * @param server its server transaction; {@code null} for ACK
     */
    public void route(Request request, ServerTransaction server) {
        String method = request.getMethod();
        if (Request.CANCEL.equals(method)) {
            cancel(request, server);
            return;
        }
        RouteHeader topRoute = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI topRouteUri = topRoute == null ? null : topRoute.getAddress().getURI();
        boolean topOwn = topRouteUri != null && own.matches(topRouteUri);
        String topUser = topRouteUri instanceof SipURI sipUri ? sipUri.getUser() : null;
        RequestClassifier.Case routingCase = RequestClassifier.classify(method, toTag(request) != null,
                topRoute != null, topOwn, topUser);
        if (server == null) {
            if (routingCase == RequestClassifier.Case.SUBSEQUENT) {
                forwardStatelessly(request);
            }
            return;
        }
        if (ProxyRules.tooManyHops(request)) {
            reply(server, request, 483, "Too Many Hops");
            return;
        }
        String key = loopKey(request, topRouteUri);
        if (looped(request, key)) {
            reply(server, request, 482, "Loop Detected");
            return;
        }
        if (Request.INVITE.equals(method)) {
            // RFC 3261 §16.2: the proxy answers 100 itself, at once (the lookup may take a database trip)
            invites.put(cancelKey(request), new InviteState());
            trying(server, request);
        }
        switch (routingCase) {
            case ORIGINATING -> originating(request, server, key);
            case TERMINATING -> terminating(request, server, key);
            case SUBSEQUENT, ONWARD -> {
                try {
                    Optional<Request> copy = prepare(request, server, key);
                    if (copy.isPresent()) {
                        setViaTransport(copy.get());
                        start(server, request, List.of(new Branch(0, copy.get(), null)));
                    }
                } catch (Exception e) {
                    log.warn("Could not forward the {}: {}", method, e.toString());
                    reply(server, request, 500, "Server Internal Error");
                }
            }
        }
    }

    // ------------------------------------------------------------------ the cases

    /** 24.229 §5.4.3.2: the served user is the asserted one; it must be registered here. */
    private void originating(Request request, ServerTransaction server, String key) {
        List<String> asserted = SipHeaders.all(request, "P-Asserted-Identity");
        if (asserted.isEmpty()) {
            reply(server, request, 403, "Forbidden - No asserted identity");
            return;
        }
        database.call(() -> contacts.anyRegistered(asserted)).subscribe(registered -> {
            if (!registered) {
                // 24.229 §5.4.3.2: the originating user is not registered at this S-CSCF
                reply(server, request, 403, "Forbidden - Originating user not registered");
                return;
            }
            try {
                Optional<Request> copy = prepare(request, server, key);
                if (copy.isEmpty()) {
                    return;
                }
                Address icscf = sip.addresses().createAddress(properties.routing().icscfUri());
                ((SipURI) icscf.getURI()).setLrParam();
                copy.get().addFirst(sip.headers().createRouteHeader(icscf));
                recordRoute(copy.get());
                setViaTransport(copy.get());
                start(server, request, List.of(new Branch(0, copy.get(), null)));
            } catch (Exception e) {
                log.warn("Could not forward the originating {}: {}", request.getMethod(), e.toString());
                reply(server, request, 500, "Server Internal Error");
            }
        }, error -> {
            log.warn("Originating {} refused: the bindings could not be read: {}", request.getMethod(),
                    error.getMessage());
            replyFromAnyThread(server, request, 500, "Server Internal Error");
        });
    }

    /** 24.229 §5.4.3.3: to every contact of the Request-URI's registration, in parallel. */
    private void terminating(Request request, ServerTransaction server, String key) {
        String target = request.getRequestURI().toString();
        database.call(() -> contacts.bindingsOf(target)).subscribe(bindings -> {
            if (bindings.isEmpty()) {
                reply(server, request, 480, "Temporarily Unavailable");
                return;
            }
            try {
                List<Branch> branches = new ArrayList<>();
                for (Binding binding : bindings) {
                    Optional<Request> copy = prepare(request, server, key);
                    if (copy.isEmpty()) {
                        return;
                    }
                    Request branch = copy.get();
                    branch.setRequestURI(sip.addresses().createURI(binding.contactUri()));
                    List<String> path = binding.path();
                    for (int i = path.size() - 1; i >= 0; i--) {
                        branch.addFirst(sip.headers().createHeader(RouteHeader.NAME, path.get(i)));
                    }
                    branch.removeHeader("P-Called-Party-ID");
                    branch.addHeader(sip.headers().createHeader("P-Called-Party-ID", "<" + target + ">"));
                    recordRoute(branch);
                    setViaTransport(branch);
                    branches.add(new Branch(branches.size(), branch, binding));
                }
                start(server, request, branches);
            } catch (Exception e) {
                log.warn("Could not fork the terminating {}: {}", request.getMethod(), e.toString());
                reply(server, request, 500, "Server Internal Error");
            }
        }, error -> {
            log.warn("Terminating {} refused: the bindings could not be read: {}", request.getMethod(),
                    error.getMessage());
            replyFromAnyThread(server, request, 500, "Server Internal Error");
        });
    }

    /** ACK (for a 2xx) and other requests without a server transaction: pop own Routes, send on (§16.11). */
    private void forwardStatelessly(Request request) {
        try {
            if (ProxyRules.tooManyHops(request)) {
                return;
            }
            Request copy = (Request) request.clone();
            while (ProxyRules.removeOwnRoute(copy, own)) {
                // every entry of this S-CSCF (originating and terminating Record-Route of one spiral)
            }
            ProxyRules.decrementMaxForwards(copy, sip.headers());
            forwarder.pushVia(copy, "tcp");
            setViaTransport(copy);
            sip.provider().sendRequest(copy);
        } catch (Exception e) {
            log.debug("{} not forwarded: {}", request.getMethod(), e.toString());
        }
    }

    /**
     * RFC 3261 §16.10: 200 to the CANCEL, every branch of the INVITE cancelled; the INVITE is answered by the
     * branches' 487 (best response). 481 when no INVITE of this S-CSCF matches.
     */
    private void cancel(Request request, ServerTransaction server) {
        InviteState state = invites.get(cancelKey(request));
        if (state == null) {
            reply(server, request, 481, "Call/Transaction Does Not Exist");
            return;
        }
        reply(server, request, 200, "OK");
        state.cancelled = true;
        Fork fork = state.fork;
        if (fork != null) {
            fork.cancelled = true;
            synchronized (fork.branches) {
                fork.branches.forEach(Branch::cancel);
            }
        }
    }

    // ------------------------------------------------------------------ forwarding

    /** A copy for one branch: own Route popped, Max-Forwards decremented, own Via with a loop-key branch. */
    private Optional<Request> prepare(Request request, ServerTransaction server, String key)
            throws ParseException, javax.sip.InvalidArgumentException, javax.sip.SipException {
        Optional<Request> copy = forwarder.prepare(request, "tcp");
        if (copy.isEmpty()) {
            reply(server, request, 483, "Too Many Hops");
            return copy;
        }
        Request c = copy.get();
        while (ProxyRules.removeOwnRoute(c, own)) {
            // a route set with two entries of this S-CSCF (both legs of a spiral) is popped at once
        }
        ((ViaHeader) c.getHeader(ViaHeader.NAME)).setBranch(LoopKey.branch(key));
        return copy;
    }

    private void start(ServerTransaction server, Request request, List<Branch> branches) {
        Fork fork = new Fork(server, request, cancelKey(request), branches.size());
        synchronized (fork.branches) {
            fork.branches.addAll(branches);
        }
        if (fork.invite()) {
            InviteState state = invites.get(fork.cancelKey);
            if (state != null) {
                state.fork = fork;
                if (state.cancelled) {
                    // cancelled while its bindings were looked up: nothing was sent yet (RFC 3261 §16.10)
                    reply(server, request, 487, "Request Terminated");
                    return;
                }
            }
        }
        for (Branch branch : branches) {
            send(fork, branch);
        }
    }

    private void send(Fork fork, Branch branch) {
        try {
            branch.handle = forwarder.send(branch.request, new StatefulForwarder.Callback() {
                @Override
                public void onProvisional(Response response) {
                    provisional(fork, branch, response);
                }

                @Override
                public void onFinalResponse(Response response) {
                    answered(fork, branch, response.getStatusCode(), response);
                }

                @Override
                public void onNoResponse(Exception cause) {
                    if (cause == null) {
                        // Timer F/B on jain-sip's timer thread: relay from sip-out (RFC 3261 §16.7 step 6 → 408)
                        outbound.schedule(() -> answered(fork, branch, 408, null));
                    } else {
                        // RFC 3261 §16.9: a transport error counts as 503
                        log.debug("Branch to {} failed: {}", branch.request.getRequestURI(), cause.toString());
                        answered(fork, branch, 503, null);
                    }
                }
            });
            if (fork.invite()) {
                armTimerC(fork, branch);
            }
            if (fork.cancelled) {
                branch.cancel();
            }
        } catch (StatefulForwarder.RefusedException e) {
            log.debug("Branch to {} refused by the stack: {}", branch.request.getRequestURI(), e.getMessage());
            answered(fork, branch, 503, null);
        }
    }

    private void provisional(Fork fork, Branch branch, Response response) {
        if (fork.invite()) {
            armTimerC(fork, branch);
        }
        if (!fork.best.finalSent() && !fork.best.done(branch.index)) {
            StatefulForwarder.relay(fork.server, response);
        }
    }

    /** RFC 3261 §16.6 step 11, §16.8: Timer C, restarted by each provisional response. */
    private void armTimerC(Fork fork, Branch branch) {
        branch.stopTimerC();
        try {
            branch.timerC = outbound.schedule(() -> {
                if (!fork.best.done(branch.index)) {
                    log.debug("Timer C fired for a branch to {}", branch.request.getRequestURI());
                    branch.cancel();
                    answered(fork, branch, 408, null);
                }
            }, properties.routing().timerC().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Timer C not armed: {}", e.getMessage());
        }
    }

    /** A branch's final response (or a generated 408/503 when none came), RFC 3261 §16.7. */
    private void answered(Fork fork, Branch branch, int status, Response response) {
        branch.stopTimerC();
        if (status == 430 && branch.binding != null) {
            removeFailedFlow(branch.binding);
        }
        if (response != null) {
            fork.responses.set(branch.index, response);
        }
        BestResponse.Decision decision = fork.best.onFinal(branch.index, status);
        switch (decision.action()) {
            case RELAY -> send(fork, response != null ? response : local(fork, status));
            case RELAY_STRAY -> {
                try {
                    sip.provider().sendResponse(response);
                } catch (Exception e) {
                    log.debug("Further 2xx not relayed: {}", e.toString());
                }
            }
            case RELAY_BEST -> {
                int chosen = decision.branch();
                if (chosen == BestResponse.NO_BRANCH) {
                    // every branch's flow failed (RFC 5626 §7): the user is not reachable now
                    send(fork, local(fork, 480));
                } else {
                    Response best = fork.responses.get(chosen);
                    int bestStatus = best != null ? best.getStatusCode() : fork.best.status(chosen);
                    int upstream = BestResponse.upstreamStatus(bestStatus);
                    send(fork, best != null && upstream == bestStatus ? best : local(fork, upstream));
                }
            }
            case HOLD, DROP -> {
            }
        }
        if (decision.cancelOthers()) {
            synchronized (fork.branches) {
                for (Branch other : fork.branches) {
                    if (other != branch && !fork.best.done(other.index)) {
                        other.cancel();
                    }
                }
            }
        }
        if (decision.finished() && fork.invite()) {
            InviteState state = invites.get(fork.cancelKey);
            if (state != null && state.fork == fork) {
                invites.remove(fork.cancelKey, state);
            }
        }
    }

    /** 100 Trying without a To tag (RFC 3261 §8.2.6.1), hop by hop. */
    private void trying(ServerTransaction server, Request request) {
        try {
            server.sendResponse(sip.messages().createResponse(100, request));
        } catch (Exception e) {
            log.debug("100 Trying not sent: {}", e.toString());
        }
    }

    private void send(Fork fork, Response response) {
        if (response != null) {
            StatefulForwarder.relay(fork.server, response);
        }
    }

    private Response local(Fork fork, int status) {
        try {
            return SipResponses.create(sip, fork.request, status, reason(status), List.of());
        } catch (ParseException e) {
            log.warn("Could not build a {}: {}", status, e.getMessage());
            return null;
        }
    }

    /** RFC 5626 §7: a 430 from a branch: that binding's flow is gone. On the db scheduler. */
    private void removeFailedFlow(Binding binding) {
        database.call(() -> {
            RegisteredContacts.Removal removal = contacts.removeFailedFlow(binding);
            if (removal.removed()) {
                log.info("Binding {} of {} removed: its flow failed (430)", binding.contactUri(), binding.impu());
                for (FlowFailureHook hook : hooks.get()) {
                    try {
                        hook.bindingRemoved(binding, removal.last());
                    } catch (RuntimeException e) {
                        log.warn("Flow failure hook failed: {}", e.toString());
                    }
                }
            }
            return removal;
        }).flatMap(removal -> removal.sar() == null ? reactor.core.publisher.Mono.<Void>empty()
                : sarOutbox.deliver(removal.sar()))
                .subscribe(null, error -> log.warn("Binding {} of {} not removed after 430: {}",
                        binding.contactUri(), binding.impu(), error.getMessage()));
    }

    // ------------------------------------------------------------------ responses and timeouts

    /** True when the response belonged to one of this router's branches or CANCELs. */
    public boolean processResponse(ResponseEvent event) {
        return forwarder != null && forwarder.processResponse(event);
    }

    /** A response no transaction claims (a 2xx retransmission): relayed along the Via when ours is on top. */
    public boolean relayStray(Response response) {
        return forwarder != null && forwarder.relayStray(response);
    }

    public boolean processTimeout(TimeoutEvent event) {
        return forwarder != null && forwarder.processTimeout(event);
    }

    // ------------------------------------------------------------------ helpers

    private void recordRoute(Request request) throws ParseException, javax.sip.SipException {
        if (RequestClassifier.dialogCreating(request.getMethod())) {
            Address self = sip.addresses().createAddress("<sip:" + ownHostPort + ";transport=tcp;lr>");
            RecordRouteHeader rr = sip.headers().createRecordRouteHeader(self);
            request.addFirst(rr);
        }
    }

    /** The Via's transport: that of the next hop (top Route, else Request-URI), TCP unless it names UDP. */
    private static void setViaTransport(Request request) throws ParseException {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI next = route != null ? route.getAddress().getURI() : request.getRequestURI();
        String transport = next instanceof SipURI s && s.getTransportParam() != null ? s.getTransportParam() : "tcp";
        ((ViaHeader) request.getHeader(ViaHeader.NAME)).setTransport(
                "udp".equalsIgnoreCase(transport) ? "UDP" : "TCP");
    }

    private boolean looped(Request request, String key) {
        for (Iterator<?> vias = request.getHeaders(ViaHeader.NAME); vias.hasNext(); ) {
            ViaHeader via = (ViaHeader) vias.next();
            if (own.matches(via.getHost(), via.getPort()) && LoopKey.loops(via.getBranch(), key)) {
                return true;
            }
        }
        return false;
    }

    private static String loopKey(Request request, URI topRoute) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        return LoopKey.of(request.getRequestURI().toString(), topRoute == null ? null : topRoute.toString(),
                callId == null ? null : callId.getCallId(), from == null ? null : from.getTag(), toTag(request),
                cseq == null ? null : cseq.getSeqNumber() + " " + cseq.getMethod());
    }

    /** RFC 3261 §9.1: a CANCEL has the INVITE's top Via (branch and sent-by). */
    private static String cancelKey(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "" : via.getBranch() + "|" + via.getHost() + ":" + via.getPort();
    }

    private static String toTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    private static String hostOf(String hostPort) {
        if (hostPort.startsWith("[")) {
            return hostPort.substring(0, hostPort.indexOf(']') + 1);
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private void replyFromAnyThread(ServerTransaction server, Request request, int status, String reason) {
        SipOutbound.send(outbound, () -> reply(server, request, status, reason));
    }

    private void reply(ServerTransaction server, Request request, int status, String reason) {
        if (status >= 200 && Request.INVITE.equals(request.getMethod())) {
            invites.remove(cancelKey(request)); // answered here: nothing left to cancel
        }
        try {
            server.sendResponse(SipResponses.create(sip, request, status, reason, List.of()));
        } catch (Exception e) {
            log.debug("Could not answer {} with {}: {}", request.getMethod(), status, e.toString());
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 408 -> "Request Timeout";
            case 480 -> "Temporarily Unavailable";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            default -> "Response";
        };
    }
}
