package org.webrtcims.scscf.regevent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.scscf.registrar.Binding;

/**
 * Tells the reg event subscribers (RFC 3680, profile §7.4) that bindings changed: every call returns at once; the
 * subscriptions watching the implicit set are read, and one full-state NOTIFY per subscription is sent, on the
 * database scheduler (never on a SIP stack or Netty thread). When no binding of the implicit set is left, the
 * registration is reported {@code terminated} and the subscription ends ({@code Subscription-State: terminated}).
 *
 * <p>Callers: the registrar (registration, re-registration, de-registration), the expiry sweep, the HSS's RTR, and
 * the router when a 430 Flow Failed removes a binding ({@link #bindingsChanged}, RFC 5626 §7).
 */
@Component
public class RegEventNotifier {

    private static final Logger log = LoggerFactory.getLogger(RegEventNotifier.class);

    /** Why bindings went: the {@code event} of the removed contacts and the reason the subscriptions end with. */
    public enum Cause {
        /** User de-registration (Expires: 0, profile §7.2). */
        UNREGISTERED(ContactEvent.UNREGISTERED, "noresource"),
        /** Binding expired (profile §7.3). */
        EXPIRED(ContactEvent.EXPIRED, "noresource"),
        /** A 430 Flow Failed from the flow's edge proxy removed it (RFC 5626 §7, profile §7.6). */
        FLOW_FAILED(ContactEvent.DEACTIVATED, "noresource"),
        /** Replaced by a newer flow of the same instance (RFC 5626 §6) or to make room (max-bindings). */
        REPLACED(ContactEvent.DEACTIVATED, "noresource"),
        /** Network-initiated, the user may register again (RTR other than PERMANENT_TERMINATION). */
        DEACTIVATED(ContactEvent.DEACTIVATED, "deactivated"),
        /** Network-initiated, for good (RTR PERMANENT_TERMINATION: user disabled, credential revoked). */
        REJECTED(ContactEvent.REJECTED, "rejected");

        final ContactEvent event;
        final String reason;

        Cause(ContactEvent event, String reason) {
            this.event = event;
            this.reason = reason;
        }
    }

    /** A contact that went, and the event that ended it. */
    record Ended(Binding binding, ContactEvent event) {
    }

    private final SubscriptionStore store;
    private final NotifySender sender;
    private final DatabaseScheduler database;
    private final Clock clock;

    public RegEventNotifier(SubscriptionStore store, NotifySender sender, DatabaseScheduler database, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.database = database;
        this.clock = clock;
    }

    /**
     * Bindings of {@code impu} were removed (e.g. by the router on a 430 Flow Failed: {@code Cause.FLOW_FAILED}, with
     * the removed binding), or changed otherwise ({@code removed} empty): the subscribers get the state now.
     */
    public void bindingsChanged(String impu, Cause cause, Collection<Binding> removed) {
        Set<String> uris = new LinkedHashSet<>();
        uris.add(impu);
        removed.forEach(b -> addUris(uris, b));
        notifyChange(uris, Map.of(), ended(removed, cause.event), cause.reason);
    }

    /** Bindings of several IMPUs were removed (expiry sweep). */
    public void bindingsRemoved(Collection<Binding> removed, Cause cause) {
        if (removed.isEmpty()) {
            return;
        }
        Set<String> uris = new LinkedHashSet<>();
        removed.forEach(b -> addUris(uris, b));
        notifyChange(uris, Map.of(), ended(removed, cause.event), cause.reason);
    }

    /** The HSS de-registered these IMPUs (RTR); {@code removed} are the bindings that went. */
    public void deregistered(Collection<String> impus, Collection<Binding> removed, Cause cause) {
        Set<String> uris = new LinkedHashSet<>(impus);
        removed.forEach(b -> addUris(uris, b));
        notifyChange(uris, Map.of(), ended(removed, cause.event), cause.reason);
    }

    /**
     * A REGISTER was accepted: its contacts are {@code registered} (new), {@code refreshed} or {@code shortened};
     * bindings it replaced (flow replacement, max-bindings) are {@code deactivated}.
     *
     * @param before  the IMPU's bindings here before (as read with the challenge)
     * @param after   the IMPU's bindings here after
     * @param touched the contact URIs of the REGISTER
     */
    public void registered(String impu, List<Binding> before, List<Binding> after, Collection<String> touched) {
        Map<String, Binding> previous = new HashMap<>();
        before.forEach(b -> previous.put(b.contactUri(), b));
        Map<String, ContactEvent> events = new HashMap<>();
        for (Binding now : after) {
            if (!touched.contains(now.contactUri())) {
                continue;
            }
            Binding old = previous.get(now.contactUri());
            events.put(now.contactUri(), old == null ? ContactEvent.REGISTERED
                    : now.expiresAt().isBefore(old.expiresAt()) ? ContactEvent.SHORTENED : ContactEvent.REFRESHED);
        }
        Set<String> remaining = new LinkedHashSet<>();
        after.forEach(b -> remaining.add(b.contactUri()));
        List<Binding> replaced = before.stream().filter(b -> !remaining.contains(b.contactUri())).toList();
        Set<String> uris = new LinkedHashSet<>();
        uris.add(impu);
        after.forEach(b -> addUris(uris, b));
        notifyChange(uris, events, ended(replaced, Cause.REPLACED.event), Cause.REPLACED.reason);
    }

    private void notifyChange(Set<String> uris, Map<String, ContactEvent> events, List<Ended> ended, String reason) {
        try {
            database.run(() -> {
                for (Subscription subscription : store.subscribedTo(uris)) {
                    store.next(subscription.id()).ifPresent(n -> send(n, events, ended, reason));
                }
            }).subscribe(null, e -> log.warn("reg event NOTIFYs not sent: {}", e.toString()));
        } catch (RuntimeException e) {
            log.warn("reg event NOTIFYs not sent: {}", e.toString());
        }
    }

    private void send(SubscriptionStore.Notifiable n, Map<String, ContactEvent> events, List<Ended> ended,
                      String reason) {
        Instant now = clock.instant();
        Subscription s = n.subscription();
        String state = n.ended() ? "terminated;reason=" + reason
                : "active;expires=" + Math.max(0, Duration.between(now, s.expiresAt()).toSeconds());
        sender.send(s, state, body(s, n.bindings(), events, ended, now));
    }

    /**
     * The full-state reginfo of a subscription: one {@code <registration>} per IMPU of the implicit set, each with
     * the current contacts ({@code active}; their event from {@code events}, else {@code registered}) and the
     * contacts that just went ({@code terminated}, with their event).
     */
    static String body(Subscription s, List<Binding> current, Map<String, ContactEvent> events, List<Ended> ended,
                       Instant now) {
        Set<String> currentUris = new LinkedHashSet<>();
        current.forEach(b -> currentUris.add(b.contactUri()));
        List<Ended> gone = ended.stream().filter(e -> !currentUris.contains(e.binding().contactUri())
                && (e.binding().impu().equals(s.impu()) || e.binding().associatedUris().contains(s.impu()))).toList();
        Set<String> aors = new LinkedHashSet<>();
        current.forEach(b -> aorsOf(aors, b));
        gone.forEach(e -> aorsOf(aors, e.binding()));
        if (aors.isEmpty()) {
            aors.add(s.impu());
        }
        Map<String, RegInfoDocument.Contact> contacts = new LinkedHashMap<>();
        for (Binding b : current) {
            contacts.putIfAbsent(b.contactUri(), new RegInfoDocument.Contact(b.contactUri(), true,
                    events.getOrDefault(b.contactUri(), ContactEvent.REGISTERED),
                    Math.max(0, Duration.between(now, b.expiresAt()).toSeconds())));
        }
        for (Ended e : gone) {
            contacts.putIfAbsent(e.binding().contactUri(),
                    new RegInfoDocument.Contact(e.binding().contactUri(), false, e.event(), 0L));
        }
        List<RegInfoDocument.Registration> registrations = new ArrayList<>();
        for (String aor : aors) {
            registrations.add(new RegInfoDocument.Registration(aor, !current.isEmpty(),
                    List.copyOf(contacts.values())));
        }
        return RegInfoDocument.build(s.version(), registrations);
    }

    /** The initial (or refresh) NOTIFY: every current contact {@code registered}. */
    void sendState(SubscriptionStore.Notifiable n, String terminatedReason) {
        send(n, Map.of(), List.of(), terminatedReason);
    }

    private static List<Ended> ended(Collection<Binding> removed, ContactEvent event) {
        return removed.stream().map(b -> new Ended(b, event)).toList();
    }

    /** The URIs a subscription watching this binding may name: the registered IMPU and its implicit set. */
    private static void addUris(Set<String> uris, Binding binding) {
        uris.add(binding.impu());
        uris.addAll(binding.associatedUris());
    }

    /** The IMPUs of the implicit set (the default IMPU first), or the registered IMPU when none is stored. */
    private static void aorsOf(Set<String> aors, Binding binding) {
        if (binding.associatedUris().isEmpty()) {
            aors.add(binding.impu());
        } else {
            aors.addAll(binding.associatedUris());
        }
    }
}
