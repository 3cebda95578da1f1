package org.webrtcims.epcscf.flow;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.webrtcims.epcscf.limits.TokenBucket;

/**
 * One WebSocket connection of a WIC (an RFC 5626 flow): where it comes from, which WWSF its Origin stands for, and
 * which IMPUs a 200 OK bound to it (profile step 10: flow ↔ IMPI + P-Associated-URI + Service-Route).
 */
public final class Flow {

    /**
     * A registration a 200 OK confirmed on this flow.
     *
     * @param contacts the WIC's contact URIs the 200 OK granted (a reg-event NOTIFY may terminate one of them)
     */
    public record Registration(String impi, List<String> associatedUris, List<String> serviceRoute,
                               List<String> contacts) {
        public Registration {
            associatedUris = List.copyOf(associatedUris);
            serviceRoute = List.copyOf(serviceRoute);
            contacts = List.copyOf(contacts);
        }

        public Registration(String impi, List<String> associatedUris, List<String> serviceRoute) {
            this(impi, associatedUris, serviceRoute, List.of());
        }
    }

    private final long id;
    private final String token;
    private final InetSocketAddress remote;
    private final String wwsf;
    private final FlowChannel channel;
    private final TokenBucket requests;
    /** By registered IMPU, in binding order (the first is the default for originating requests). */
    private final Map<String, Registration> registrations = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>());
    private volatile long lastInboundNanos;
    private volatile long closedAtNanos;
    private volatile boolean open = true;

    Flow(long id, String token, InetSocketAddress remote, String wwsf, FlowChannel channel, TokenBucket requests,
         long nowNanos) {
        this.id = id;
        this.token = token;
        this.remote = remote;
        this.wwsf = wwsf;
        this.channel = channel;
        this.requests = requests;
        this.lastInboundNanos = nowNanos;
    }

    public long id() {
        return id;
    }

    /** The flow token of this flow's Path entry. */
    public String token() {
        return token;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** The WWSF the handshake's Origin maps to (D3). */
    public String wwsf() {
        return wwsf;
    }

    public boolean isOpen() {
        return open;
    }

    public void send(String sipMessage) {
        if (open) {
            channel.send(sipMessage);
        }
    }

    public void close(int code, String reason) {
        channel.close(code, reason);
    }

    /** Any frame from the WIC (SIP, CRLF keep-alive, Pong) proves the flow alive (D14). */
    public void touched(long nowNanos) {
        lastInboundNanos = nowNanos;
    }

    public long lastInboundNanos() {
        return lastInboundNanos;
    }

    /** Per-connection request rate limit; false when over the limit. */
    public boolean tryRequest(long nowNanos) {
        return requests.tryTake(nowNanos);
    }

    /** D2: {@code tls-yes} once a 200 OK bound this flow to the private identity. */
    public boolean isBoundTo(String impi) {
        return impi != null && registrations.values().stream().anyMatch(r -> impi.equals(r.impi()));
    }

    /** TS 24.229 P-CSCF rule (profile §6 row 29): only a registered flow may send other requests. */
    public boolean isRegistered() {
        return !registrations.isEmpty();
    }

    public Optional<Registration> registration(String impu) {
        return Optional.ofNullable(registrations.get(impu));
    }

    /** A snapshot of the registrations by registered IMPU, in binding order. */
    public Map<String, Registration> registrations() {
        synchronized (registrations) {
            return new java.util.LinkedHashMap<>(registrations);
        }
    }

    /** Binds the IMPU; true when it was not bound before (a first registration on this flow). */
    public boolean bind(String impu, Registration registration) {
        return registrations.put(impu, registration) == null;
    }

    /** Replaces a registration (e.g. fewer associated identities), when it is still bound. */
    public void rebind(String impu, Registration registration) {
        registrations.replace(impu, registration);
    }

    public void unbind(String impu) {
        registrations.remove(impu);
    }

    void markClosed(long nowNanos) {
        open = false;
        closedAtNanos = nowNanos;
    }

    long closedAtNanos() {
        return closedAtNanos;
    }
}
