package org.webrtcims.scscf.regevent;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.sip.ProxyRules;
import org.webrtcims.sip.SipListening;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipStackRunner;

import reactor.core.scheduler.Scheduler;

/**
 * Builds and sends the NOTIFYs of the reg event subscriptions by hand (jain-sip's automatic dialog support is off):
 * Request-URI the subscriber's Contact, {@code Route} the SUBSCRIBE's Record-Route entries in order (the UAS route
 * set, RFC 3261 §12.1.1), From the SUBSCRIBE's To with this notifier's tag, To its From, the same Call-ID, CSeq
 * version + 1. Each goes in its own client transaction; a NOTIFY answered 481, any other failure without
 * Retry-After, or never answered (Timer F, a failed send) removes the subscription (RFC 6665 §4.2.2).
 *
 * <p>Threads: {@link #send} writes to a socket, so it runs where blocking is allowed (the database scheduler's
 * threads, which call it); from an event loop it hops to {@code sip-out} ({@link SipOutbound#send}). The response
 * and timeout handlers run on jain-sip threads and only schedule the removal.
 */
@Component
public class NotifySender implements org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NotifySender.class);

    /** Application data of a NOTIFY client transaction. */
    record Attempt(long subscriptionId, boolean last) {
    }

    private final ObjectProvider<SipStackRunner> sip;
    private final SubscriptionStore store;
    private final DatabaseScheduler database;
    private final SipListening own;
    private final String contact;
    private final Scheduler outbound = SipOutbound.newScheduler();

    public NotifySender(ObjectProvider<SipStackRunner> sip, SubscriptionStore store, DatabaseScheduler database,
                        ScscfProperties properties) {
        this.sip = sip;
        this.store = store;
        this.database = database;
        this.own = properties.sip().listening();
        this.contact = "<sip:" + properties.serverHost() + ";transport=tcp>";
    }

    @Override
    public void destroy() {
        outbound.dispose();
    }

    /** This notifier's Contact (in the 200 to SUBSCRIBE and in every NOTIFY). */
    String contact() {
        return contact;
    }

    /** Sends one NOTIFY; on failure the subscription is removed. */
    public void send(Subscription s, String subscriptionState, String body) {
        SipOutbound.send(outbound, () -> sendNow(s, subscriptionState, body));
    }

    private void sendNow(Subscription s, String subscriptionState, String body) {
        Attempt attempt = new Attempt(s.id(), subscriptionState.startsWith("terminated"));
        SipStackRunner stack = sip.getObject();
        Request request;
        try {
            request = build(stack, s, subscriptionState, body);
        } catch (Exception e) {
            log.warn("reg event NOTIFY not built for subscription {}: {}", s.id(), e.toString());
            failed(attempt);
            return;
        }
        try {
            ClientTransaction client = stack.provider().getNewClientTransaction(request);
            client.setApplicationData(attempt);
            client.setRetransmitTimer((int) own.t1().toMillis());
            client.sendRequest();
        } catch (Exception e) {
            log.debug("reg event NOTIFY not sent for subscription {}: {}", s.id(), e.toString());
            failed(attempt);
        }
    }

    Request build(SipStackRunner stack, Subscription s, String subscriptionState, String body) throws Exception {
        StringBuilder text = new StringBuilder("NOTIFY ").append(s.remoteTarget()).append(" SIP/2.0\r\n");
        text.append("Via: SIP/2.0/TCP ").append(own.advertisedHost()).append(':').append(own.port())
                .append(";branch=").append(ProxyRules.newBranch()).append("\r\n");
        text.append("Max-Forwards: 70\r\n");
        for (String route : s.routeSet()) {
            text.append("Route: ").append(route).append("\r\n");
        }
        text.append("From: ").append(s.localUri()).append(";tag=").append(s.localTag()).append("\r\n");
        text.append("To: ").append(s.remoteUri()).append(";tag=").append(s.remoteTag()).append("\r\n");
        text.append("Call-ID: ").append(s.callId()).append("\r\n");
        text.append("CSeq: ").append(s.version() + 1L).append(" NOTIFY\r\n");
        text.append("Contact: ").append(contact).append("\r\n");
        text.append("Event: ").append(s.event()).append("\r\n");
        text.append("Subscription-State: ").append(subscriptionState).append("\r\n");
        text.append("Content-Length: 0\r\n\r\n");
        Request request = stack.messages().createRequest(text.toString());
        request.setContent(body.getBytes(StandardCharsets.UTF_8), stack.headers().createContentTypeHeader(
                RegInfoDocument.CONTENT_TYPE, RegInfoDocument.CONTENT_SUBTYPE));
        // the next hop: the first Route (loose routing), else the Request-URI; its transport names the Via's
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI next = route != null ? route.getAddress().getURI() : request.getRequestURI();
        String transport = ListeningPoint.TCP;
        if (next instanceof SipURI sipUri) {
            if (sipUri.getTransportParam() != null) {
                transport = sipUri.getTransportParam().toUpperCase(Locale.ROOT);
            } else if (stack.provider().getListeningPoint(ListeningPoint.UDP) == null) {
                // no transport named and no UDP here (UDP is off by default): TCP, as every core hop uses
                sipUri.setTransportParam("tcp");
            } else {
                transport = ListeningPoint.UDP;
            }
        }
        ((ViaHeader) request.getHeader(ViaHeader.NAME)).setTransport(transport);
        return request;
    }

    /** A response to one of the NOTIFYs; false when it is not one (another handler's). */
    public boolean offer(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction client = event.getClientTransaction();
        if (client == null || !(client.getApplicationData() instanceof Attempt attempt)) {
            // a stray response to a NOTIFY of ours (e.g. a retransmitted 200 after the transaction ended)
            FromHeader from = (FromHeader) response.getHeader(FromHeader.NAME);
            return client == null && from != null && from.getTag() != null
                    && from.getTag().startsWith(RegEventSubscriptions.TAG_PREFIX);
        }
        int status = response.getStatusCode();
        if (status >= 300 && (status == 481 || response.getHeader("Retry-After") == null)) {
            log.debug("reg event NOTIFY answered {}: subscription {} removed", status, attempt.subscriptionId());
            failed(attempt);
        }
        return true;
    }

    /** Timer F of a NOTIFY; false when it is not one. */
    public boolean offer(TimeoutEvent event) {
        if (event.isServerTransaction() || event.getClientTransaction() == null
                || !(event.getClientTransaction().getApplicationData() instanceof Attempt attempt)) {
            return false;
        }
        log.debug("reg event NOTIFY not answered: subscription {} removed", attempt.subscriptionId());
        failed(attempt);
        return true;
    }

    private void failed(Attempt attempt) {
        if (attempt.last() || attempt.subscriptionId() <= 0) {
            return;
        }
        try {
            database.run(() -> store.remove(attempt.subscriptionId()))
                    .subscribe(null, e -> log.warn("reg event subscription {} not removed: {}",
                            attempt.subscriptionId(), e.toString()));
        } catch (RuntimeException e) {
            log.warn("reg event subscription {} not removed: {}", attempt.subscriptionId(), e.toString());
        }
    }
}
