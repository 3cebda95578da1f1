package org.webrtcims.epcscf.sip;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.routing.IdentityRevocation;
import org.webrtcims.epcscf.routing.RegInfo;
import org.webrtcims.epcscf.routing.RouteSet;
import org.webrtcims.sip.SipHeaders;
import org.webrtcims.sip.SipListening;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipResponses;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.StatefulForwarder;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The eP-CSCF's own reg-event subscriptions (RFC 3680, TS 24.229 §5.2.3, profile §7.4, D13): after a 200 OK binds
 * an IMPU to a flow, one SUBSCRIBE per IMPU through the I-CSCF (which finds the S-CSCF with LIR); the dialog is
 * kept and refreshed before it expires; a NOTIFY is answered 200 and, when it says the registration (or one of the
 * flow's contacts) is terminated, the IMPU is unbound from the flows that asserted it ({@link IdentityRevocation}),
 * so later originating requests from those flows get 403.
 *
 * <p>A SUBSCRIBE answered 4xx–6xx or timing out is only logged (INFO the first time, DEBUG after): registration and
 * the flow are never affected, and the next registration of the IMPU tries again.
 */
final class RegEventSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(RegEventSubscriptions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Refresh this long before the subscription expires (or at half its duration when that is shorter). */
    private static final long REFRESH_MARGIN_SECONDS = 60;

    /** One subscription dialog (RFC 6665 §4.1, dialog state of RFC 3261 §12.1.2). */
    private static final class Subscription {
        final String impu;
        final String callId = "regevent-" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
        final String fromTag = Long.toHexString(RANDOM.nextLong());
        final AtomicLong cseq = new AtomicLong();
        volatile String toTag;
        volatile List<String> routeSet = List.of();
        volatile String remoteTarget;
        volatile Disposable refresh;
        volatile boolean ended;

        Subscription(String impu) {
            this.impu = impu;
        }
    }

    private final SipListening own;
    private final FlowRegistry flows;
    private final Scheduler outbound;
    private final String icscfUri;
    private final String transportToIcscf;
    private final int expires;
    private final boolean enabled;
    private final Map<String, Subscription> byImpu = new ConcurrentHashMap<>();
    private final Map<String, Subscription> byCallId = new ConcurrentHashMap<>();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private volatile SipStackRunner sip;
    private volatile StatefulForwarder forwarder;

    RegEventSubscriptions(SipListening own, FlowRegistry flows, Scheduler outbound, String icscfUri,
                          String transportToIcscf, int expires, boolean enabled) {
        this.own = own;
        this.flows = flows;
        this.outbound = outbound;
        this.icscfUri = icscfUri;
        this.transportToIcscf = transportToIcscf;
        this.expires = expires;
        this.enabled = enabled;
    }

    void attach(SipStackRunner runner, StatefulForwarder statefulForwarder) {
        this.sip = runner;
        this.forwarder = statefulForwarder;
    }

    /** Active or pending subscriptions (tests). */
    int subscriptions() {
        return byImpu.size();
    }

    void shutdown() {
        byImpu.values().forEach(s -> {
            s.ended = true;
            Disposable refresh = s.refresh;
            if (refresh != null) {
                refresh.dispose();
            }
        });
    }

    /** A 200 OK to REGISTER bound {@code impu} to a flow: subscribe unless a subscription for it exists. */
    void registered(String impu) {
        if (!enabled) {
            return;
        }
        Subscription subscription = new Subscription(impu);
        if (byImpu.putIfAbsent(impu, subscription) != null) {
            return;
        }
        byCallId.put(subscription.callId, subscription);
        SipOutbound.send(outbound, () -> subscribe(subscription));
    }

    /** Whether the request is a NOTIFY of one of these subscriptions (by Call-ID). */
    boolean owns(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return Request.NOTIFY.equals(request.getMethod()) && callId != null
                && byCallId.containsKey(callId.getCallId());
    }

    /** RFC 6665 §4.1.3: answer the NOTIFY 200; apply what it says (profile §7.4). On a jain-sip thread. */
    void notify(Request notify, ServerTransaction server) {
        Subscription subscription = byCallId.get(((CallIdHeader) notify.getHeader(CallIdHeader.NAME)).getCallId());
        String toTag = ((ToHeader) notify.getHeader(ToHeader.NAME)).getTag();
        if (subscription == null || toTag == null || !toTag.equals(subscription.fromTag)) {
            answer(server, notify, 481, "Subscription Does Not Exist");
            return;
        }
        answer(server, notify, 200, "OK");
        if (subscription.toTag == null) {
            // the NOTIFY overtook the 2xx (RFC 6665 §4.1.2.4): it establishes the dialog
            subscription.toTag = ((FromHeader) notify.getHeader(FromHeader.NAME)).getTag();
            subscription.routeSet = recordRoutes(notify, false);
            subscription.remoteTarget = contact(notify).orElse(null);
        }
        String contentType = SipHeaders.first(notify, "Content-Type").orElse("");
        if (contentType.toLowerCase(java.util.Locale.ROOT).startsWith(RegInfo.CONTENT_TYPE)
                && notify.getRawContent() != null) {
            RegInfo.parse(new String(notify.getRawContent(), java.nio.charset.StandardCharsets.UTF_8))
                    .ifPresentOrElse(info -> apply(info), () -> log.debug("reg-event NOTIFY for {}: body is no "
                            + "reginfo document", subscription.impu));
        }
        String state = SipHeaders.first(notify, "Subscription-State").orElse("");
        if (RegInfo.subscriptionTerminated(state)) {
            if (RegInfo.unbindsOnTermination(state)) {
                int unbound = IdentityRevocation.revoke(flows.all(), subscription.impu, null);
                log.info("reg event: subscription for {} terminated ({}): unbound from {} flow(s)", subscription.impu,
                        state, unbound);
            }
            end(subscription);
        }
    }

    private void apply(RegInfo info) {
        for (RegInfo.Registration registration : info.registrations()) {
            if (registration.terminated()) {
                int unbound = IdentityRevocation.revoke(flows.all(), registration.aor(), null);
                log.info("reg event: registration of {} terminated: unbound from {} flow(s)", registration.aor(),
                        unbound);
                continue;
            }
            for (RegInfo.Contact contact : registration.contacts()) {
                if (contact.terminated()) {
                    int unbound = IdentityRevocation.revoke(flows.all(), registration.aor(), contact.uri());
                    if (unbound > 0) {
                        log.info("reg event: contact {} of {} terminated ({}): unbound from {} flow(s)",
                                contact.uri(), registration.aor(), contact.event(), unbound);
                    }
                }
            }
        }
    }

    private void end(Subscription subscription) {
        subscription.ended = true;
        Disposable refresh = subscription.refresh;
        if (refresh != null) {
            refresh.dispose();
        }
        byImpu.remove(subscription.impu, subscription);
        byCallId.remove(subscription.callId, subscription);
    }

    private void subscribe(Subscription subscription) {
        if (subscription.ended) {
            return;
        }
        boolean initial = subscription.toTag == null;
        String host = own.advertisedHost().contains(":") ? "[" + own.advertisedHost() + "]" : own.advertisedHost();
        StringBuilder text = new StringBuilder();
        String target = initial ? subscription.impu : Optional.ofNullable(subscription.remoteTarget)
                .map(t -> subscription.routeSet.isEmpty() ? RouteSet.withTransport(t, transportToIcscf) : t)
                .orElse(subscription.impu);
        text.append("SUBSCRIBE ").append(target).append(" SIP/2.0\r\n");
        if (initial) {
            String icscf = icscfUri.trim();
            text.append("Route: <").append(icscf).append(icscf.contains(";lr") ? "" : ";lr").append(">\r\n");
        } else {
            for (String route : subscription.routeSet) {
                text.append("Route: ").append(route).append("\r\n");
            }
        }
        text.append("Max-Forwards: 70\r\n");
        text.append("From: <sip:").append(host).append(">;tag=").append(subscription.fromTag).append("\r\n");
        text.append("To: <").append(subscription.impu).append(">")
                .append(initial ? "" : ";tag=" + subscription.toTag).append("\r\n");
        text.append("Call-ID: ").append(subscription.callId).append("\r\n");
        text.append("CSeq: ").append(subscription.cseq.incrementAndGet()).append(" SUBSCRIBE\r\n");
        text.append("Contact: <sip:").append(host).append(':').append(own.port()).append(";transport=")
                .append(transportToIcscf).append(">\r\n");
        text.append("P-Asserted-Identity: <sip:").append(host).append(">\r\n");
        text.append("Event: reg\r\n");
        text.append("Accept: ").append(RegInfo.CONTENT_TYPE).append("\r\n");
        text.append("Expires: ").append(expires).append("\r\n");
        text.append("Content-Length: 0\r\n\r\n");
        try {
            Request request = sip.messages().createRequest(text.toString());
            forwarder.pushVia(request, transportToIcscf);
            forwarder.send(request, new StatefulForwarder.Callback() {
                @Override
                public void onFinalResponse(Response response) {
                    answered(subscription, response);
                }

                @Override
                public void onNoResponse(Exception cause) {
                    failed(subscription, cause == null ? "no answer (Timer F)" : cause.toString());
                }
            });
        } catch (Exception e) {
            failed(subscription, e.toString());
        }
    }

    private void answered(Subscription subscription, Response response) {
        int status = response.getStatusCode();
        if (status / 100 != 2) {
            failed(subscription, status + " " + response.getReasonPhrase());
            return;
        }
        if (subscription.toTag == null) {
            subscription.toTag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
            subscription.routeSet = recordRoutes(response, true);
            subscription.remoteTarget = contact(response).orElse(null);
        }
        ExpiresHeader granted = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        long seconds = granted != null ? granted.getExpires() : expires;
        if (seconds <= 0) {
            end(subscription);
            return;
        }
        long refreshIn = Math.max(1, Math.min(seconds - REFRESH_MARGIN_SECONDS, seconds / 2));
        if (seconds > REFRESH_MARGIN_SECONDS * 2) {
            refreshIn = seconds - REFRESH_MARGIN_SECONDS;
        }
        log.debug("reg event: subscribed to {} for {} s", subscription.impu, seconds);
        if (!subscription.ended) {
            subscription.refresh = outbound.schedule(() -> subscribe(subscription), refreshIn, TimeUnit.SECONDS);
        }
    }

    private void failed(Subscription subscription, String why) {
        if (failureLogged.compareAndSet(false, true)) {
            log.info("reg event: SUBSCRIBE for {} failed ({}); retried at the next registration (later failures "
                    + "are logged at DEBUG)", subscription.impu, why);
        } else {
            log.debug("reg event: SUBSCRIBE for {} failed ({})", subscription.impu, why);
        }
        end(subscription);
    }

    /** The route set: the Record-Route of the 2xx reversed (UAC), or as received in the NOTIFY (RFC 3261 §12.1.2). */
    private static List<String> recordRoutes(javax.sip.message.Message message, boolean reverse) {
        List<String> routes = new ArrayList<>();
        ListIterator<?> headers = message.getHeaders(RecordRouteHeader.NAME);
        while (headers.hasNext()) {
            routes.add(SipHeaders.value((javax.sip.header.Header) headers.next()));
        }
        if (reverse) {
            Collections.reverse(routes);
        }
        return List.copyOf(routes);
    }

    private static Optional<String> contact(javax.sip.message.Message message) {
        ContactHeader contact = (ContactHeader) message.getHeader(ContactHeader.NAME);
        return contact == null ? Optional.empty() : Optional.of(contact.getAddress().getURI().toString());
    }

    private void answer(ServerTransaction server, Request request, int status, String reason) {
        try {
            server.sendResponse(SipResponses.create(sip, request, status, reason, List.of()));
        } catch (Exception e) {
            log.debug("Could not answer {} {}: {}", status, request.getMethod(), e.toString());
        }
    }
}
