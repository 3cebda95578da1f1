package org.webrtcims.scscf.regevent;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.scscf.config.ScscfProperties;
import org.webrtcims.scscf.registrar.Binding;
import org.webrtcims.scscf.sip.EdgeTrust;
import org.webrtcims.sip.SipHeaders;
import org.webrtcims.sip.SipOutbound;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.TrustedPeers;

import gov.nist.javax.sip.message.SIPRequest;
import reactor.core.scheduler.Scheduler;

/**
 * The S-CSCF as notifier of the reg event package (RFC 3680, RFC 6665, TS 24.229 §5.4.2.1, profile §7.4): takes
 * a SUBSCRIBE with {@code Event: reg} from a trusted peer, and every request and response of the dialogs it
 * creates, before the registrar and the router see them ({@code offer} answers whether it took the event).
 *
 * <p>A new subscription: the Request-URI must be an IMPU of the implicit set of a registration here (else 480,
 * 24.229 §5.4.2.1.1 step 0); the subscriber must be the eP-CSCF of the registration's Path (its P-Asserted-Identity,
 * or From when there is none, is a SIP URI without user part whose host is a Path entry's host) or the user (a
 * P-Asserted-Identity in the implicit set), else 403; {@code Accept} must allow {@code application/reginfo+xml}
 * (else 406). Expires is cut to {@code scscf.reg-event.max-expires}; 0 fetches the state once. The 200 carries this
 * notifier's tag and Contact, the first NOTIFY (full state, version 0) follows. A refreshing SUBSCRIBE in the
 * dialog renews it (0 ends it); an unknown dialog gets 481.
 *
 * <p>Threads: the jain-sip thread only reads the request; the database work, the response and the NOTIFY run on
 * the database scheduler.
 */
@Component
public class RegEventSubscriptions implements org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RegEventSubscriptions.class);

    /** Starts the tag of every dialog this notifier creates, so that its in-dialog requests are recognised. */
    public static final String TAG_PREFIX = "regev-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriptionStore store;
    private final RegEventNotifier notifier;
    private final NotifySender sender;
    private final DatabaseScheduler database;
    private final ObjectProvider<SipStackRunner> sip;
    private final TrustedPeers trustedPeers;
    private final RegEventProperties settings;
    private final Clock clock;
    private final Scheduler outbound = SipOutbound.newScheduler();

    public RegEventSubscriptions(SubscriptionStore store, RegEventNotifier notifier, NotifySender sender,
                                 DatabaseScheduler database, ObjectProvider<SipStackRunner> sip,
                                 ScscfProperties properties, RegEventProperties settings, Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.sender = sender;
        this.database = database;
        this.sip = sip;
        this.trustedPeers = new TrustedPeers(properties.sip().trustedPeers());
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void destroy() {
        outbound.dispose();
    }

    // ---------------------------------------------------------------- dispatch

    /**
     * Takes a SUBSCRIBE with {@code Event: reg} outside a dialog, and any request inside a dialog of this notifier
     * (To tag {@link #TAG_PREFIX}), from a trusted peer. False for anything else (an untrusted peer's request
     * too: the listener refuses it).
     */
    public boolean offer(RequestEvent event) {
        Request request = event.getRequest();
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (to == null) {
            return false;
        }
        String toTag = to.getTag();
        boolean inDialog = toTag != null;
        if (inDialog ? !toTag.startsWith(TAG_PREFIX)
                : !(Request.SUBSCRIBE.equals(request.getMethod()) && isRegEvent(request))) {
            return false;
        }
        InetAddress source = ((SIPRequest) request).getRemoteAddress();
        if (!trustedPeers.contains(source)) {
            return false;
        }
        if (Request.ACK.equals(request.getMethod())) {
            return true; // no INVITE in a subscription dialog: nothing to acknowledge
        }
        ServerTransaction transaction = event.getServerTransaction();
        try {
            if (transaction == null) {
                transaction = sip.getObject().provider().getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            return true; // a retransmission: the transaction answers it
        } catch (Exception e) {
            log.warn("No server transaction for reg event {}: {}", request.getMethod(), e.getMessage());
            return true;
        }
        if (inDialog) {
            inDialog(request, transaction);
        } else {
            subscribe(request, transaction);
        }
        return true;
    }

    /** A response to one of this notifier's NOTIFYs. */
    public boolean offer(ResponseEvent event) {
        return sender.offer(event);
    }

    /** A NOTIFY never answered. */
    public boolean offer(TimeoutEvent event) {
        return sender.offer(event);
    }

    // ---------------------------------------------------------------- a new subscription

    private void subscribe(Request request, ServerTransaction transaction) {
        if (!acceptsRegInfo(request)) {
            reply(transaction, request, 406, "Not Acceptable", null,
                    Map.of("Accept", RegInfoDocument.MEDIA_TYPE));
            return;
        }
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        if (contact == null || contact.getAddress() == null || from == null || from.getTag() == null
                || callId == null) {
            reply(transaction, request, 400, "Bad Request - Missing Contact, From tag or Call-ID", null, Map.of());
            return;
        }
        long granted = granted(request);
        List<String> impus = requestUris(request.getRequestURI());
        List<URI> asserted = assertedIdentities(request);
        URI subscriber = asserted.isEmpty() ? from.getAddress().getURI() : null;
        String localTag = TAG_PREFIX + Long.toHexString(RANDOM.nextLong());
        Instant now = clock.instant();
        List<String> routeSet = SipHeaders.all(request, RecordRouteHeader.NAME);
        String event = SipHeaders.first(request, EventHeader.NAME).orElse("reg");
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);

        database.run(() -> {
            String impu = null;
            List<Binding> bindings = List.of();
            for (String candidate : impus) {
                bindings = store.bindingsOf(candidate);
                if (!bindings.isEmpty()) {
                    impu = candidate;
                    break;
                }
            }
            if (impu == null) {
                // 24.229 §5.4.2.1.1 step 0: no binding for the Request-URI
                reply(transaction, request, 480, "Temporarily Unavailable", null, Map.of());
                return;
            }
            String authorized = authorized(bindings, asserted, subscriber);
            if (authorized == null) {
                log.debug("reg event SUBSCRIBE to {} refused: {} is neither its eP-CSCF nor the user", impu,
                        asserted.isEmpty() ? subscriber : asserted);
                reply(transaction, request, 403, "Forbidden - Not authorized for this registration", null, Map.of());
                return;
            }
            Subscription draft = new Subscription(0, impu, callId.getCallId(), localTag, from.getTag(),
                    "<" + to.getAddress().getURI() + ">", "<" + from.getAddress().getURI() + ">",
                    contact.getAddress().getURI().toString(), routeSet, event, authorized, 0,
                    now.plusSeconds(granted));
            if (granted == 0) {
                // a fetch (RFC 6665): the state once, nothing kept
                reply(transaction, request, 200, "OK", localTag, Map.of("Expires", "0"));
                notifier.sendState(new SubscriptionStore.Notifiable(draft, bindings, true), "timeout");
                return;
            }
            SubscriptionStore.Notifiable created = store.insert(draft);
            reply(transaction, request, 200, "OK", localTag, Map.of("Expires", Long.toString(granted)));
            notifier.sendState(created, "noresource");
        }).subscribe(null, error -> {
            log.error("reg event SUBSCRIBE failed", error);
            reply(transaction, request, 500, "Server Internal Error", null, Map.of("Retry-After", "30"));
        });
    }

    /**
     * 24.229 §5.4.2.1.1 step 1: the eP-CSCF on the registration's Path, or the user. Returns the authorized
     * identity, or null.
     */
    static String authorized(List<Binding> bindings, List<URI> asserted, URI from) {
        List<URI> identities = asserted.isEmpty() ? (from == null ? List.of() : List.of(from)) : asserted;
        for (URI identity : identities) {
            // (a) the eP-CSCF: a SIP URI without user part naming a host of the Path (its own entry)
            if (identity instanceof SipURI sipUri && sipUri.getUser() == null) {
                String host = host(sipUri.getHost());
                boolean onPath = bindings.stream().flatMap(b -> b.path().stream())
                        .map(EdgeTrust::hostOf).flatMap(java.util.Optional::stream)
                        .anyMatch(hop -> host(hop.host()).equals(host));
                if (onPath) {
                    return identity.toString();
                }
            }
        }
        for (URI identity : asserted) {
            // (b) the user: an asserted identity of the implicit set (only P-Asserted-Identity counts)
            List<String> forms = requestUris(identity);
            boolean own = bindings.stream().anyMatch(b -> forms.contains(b.impu())
                    || b.associatedUris().stream().anyMatch(forms::contains));
            if (own) {
                return identity.toString();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- in the dialog

    private void inDialog(Request request, ServerTransaction transaction) {
        if (!Request.SUBSCRIBE.equals(request.getMethod())) {
            reply(transaction, request, 405, "Method Not Allowed", null, Map.of("Allow", "SUBSCRIBE"));
            return;
        }
        if (!isRegEvent(request)) {
            reply(transaction, request, 489, "Bad Event", null, Map.of("Allow-Events", "reg"));
            return;
        }
        if (!acceptsRegInfo(request)) {
            reply(transaction, request, 406, "Not Acceptable", null, Map.of("Accept", RegInfoDocument.MEDIA_TYPE));
            return;
        }
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        String localTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        String target = contact == null || contact.getAddress() == null ? null
                : contact.getAddress().getURI().toString();
        long granted = granted(request);
        Instant expiresAt = clock.instant().plusSeconds(granted);
        database.run(() -> {
            java.util.Optional<SubscriptionStore.Notifiable> found = granted == 0
                    ? store.remove(callId.getCallId(), localTag)
                    : store.refresh(callId.getCallId(), localTag, expiresAt, target);
            if (found.isEmpty()) {
                reply(transaction, request, 481, "Subscription Does Not Exist", null, Map.of());
                return;
            }
            reply(transaction, request, 200, "OK", null, Map.of("Expires", Long.toString(granted)));
            notifier.sendState(found.get(), granted == 0 ? "timeout" : "noresource");
        }).subscribe(null, error -> {
            log.error("reg event SUBSCRIBE refresh failed", error);
            reply(transaction, request, 500, "Server Internal Error", null, Map.of("Retry-After", "30"));
        });
    }

    // ---------------------------------------------------------------- request reading

    static boolean isRegEvent(Request request) {
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        return event != null && "reg".equalsIgnoreCase(event.getEventType());
    }

    /** No Accept: the package default (RFC 6665), which is reginfo for reg (RFC 3680 §4.5). */
    static boolean acceptsRegInfo(Request request) {
        ListIterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        boolean any = false;
        while (accepts.hasNext()) {
            AcceptHeader accept = (AcceptHeader) accepts.next();
            String type = accept.getContentType();
            String subtype = accept.getContentSubType();
            if (type == null || type.isBlank()) {
                continue;
            }
            any = true;
            boolean typeOk = "*".equals(type) || RegInfoDocument.CONTENT_TYPE.equalsIgnoreCase(type);
            boolean subtypeOk = subtype == null || "*".equals(subtype)
                    || RegInfoDocument.CONTENT_SUBTYPE.equalsIgnoreCase(subtype);
            if (typeOk && subtypeOk) {
                return true;
            }
        }
        return !any;
    }

    private long granted(Request request) {
        ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        long requested = expires == null ? settings.defaultExpires().toSeconds() : expires.getExpires();
        return Math.max(0, Math.min(requested, settings.maxExpires().toSeconds()));
    }

    /** The forms an IMPU may be stored in: as received, and a SIP URI reduced to scheme:user@host[:port]. */
    static List<String> requestUris(URI uri) {
        List<String> forms = new ArrayList<>();
        forms.add(uri.toString().trim());
        if (uri instanceof SipURI sipUri && sipUri.getUser() != null) {
            String bare = sipUri.getScheme() + ":" + sipUri.getUser() + "@" + sipUri.getHost()
                    + (sipUri.getPort() > 0 ? ":" + sipUri.getPort() : "");
            if (!forms.contains(bare)) {
                forms.add(bare);
            }
        }
        if (uri.isSipURI() || !"tel".equalsIgnoreCase(uri.getScheme())) {
            return forms;
        }
        String bare = uri.toString().trim();
        int semicolon = bare.indexOf(';');
        if (semicolon > 0 && !forms.contains(bare.substring(0, semicolon))) {
            forms.add(bare.substring(0, semicolon));
        }
        return forms;
    }

    private static List<URI> assertedIdentities(Request request) {
        List<URI> identities = new ArrayList<>();
        ListIterator<?> headers = request.getHeaders("P-Asserted-Identity");
        while (headers.hasNext()) {
            Header header = (Header) headers.next();
            if (header instanceof javax.sip.header.HeaderAddress address && address.getAddress() != null) {
                identities.add(address.getAddress().getURI());
            }
        }
        return identities;
    }

    private static String host(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    // ---------------------------------------------------------------- answers

    /** Answers in place where this thread may block (database threads), else through {@code sip-out}. */
    private void reply(ServerTransaction transaction, Request request, int status, String reason, String localTag,
                       Map<String, String> headers) {
        SipOutbound.send(outbound, () -> {
            try {
                SipStackRunner stack = sip.getObject();
                Response response = stack.messages().createResponse(status, request);
                response.setReasonPhrase(reason);
                ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
                if (to.getTag() == null) {
                    to.setTag(localTag != null ? localTag : TAG_PREFIX + Long.toHexString(RANDOM.nextLong()));
                }
                for (Map.Entry<String, String> header : headers.entrySet()) {
                    response.addHeader(stack.headers().createHeader(header.getKey(), header.getValue()));
                }
                if (status / 100 == 2) {
                    response.addHeader(stack.headers().createHeader(ContactHeader.NAME, sender.contact()));
                    if (response.getHeader(RecordRouteHeader.NAME) == null) {
                        // RFC 3261 §12.1.1: the UAS copies the Record-Route into its 2xx
                        ListIterator<?> rr = request.getHeaders(RecordRouteHeader.NAME);
                        while (rr.hasNext()) {
                            response.addHeader((Header) ((Header) rr.next()).clone());
                        }
                    }
                }
                transaction.sendResponse(response);
            } catch (Exception e) {
                log.warn("Could not send the {} to a reg event SUBSCRIBE: {}", status, e.toString());
            }
        });
    }
}
