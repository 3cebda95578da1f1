package org.webrtcims.scscf.regevent;

import java.time.Instant;
import java.util.List;

/**
 * The notifier's side of one reg event subscription dialog (RFC 3261 §12.1.1, RFC 6665 §4.2.1), as stored.
 *
 * @param impu         the SUBSCRIBE's Request-URI (an IMPU of the watched implicit set)
 * @param localTag     this notifier's tag: To of the SUBSCRIBE, From of the NOTIFYs
 * @param remoteTag    the subscriber's From tag: To of the NOTIFYs
 * @param localUri     the SUBSCRIBE's To URI, in angle brackets
 * @param remoteUri    the SUBSCRIBE's From URI, in angle brackets
 * @param remoteTarget the subscriber's Contact URI: Request-URI of the NOTIFYs
 * @param routeSet     the SUBSCRIBE's Record-Route entries in order (the UAS route set): Route of the NOTIFYs
 * @param event        the Event header value ({@code reg}, possibly with an {@code id})
 * @param subscriber   who subscribed (the identity that was authorized), for logs
 * @param version      reginfo version of the last NOTIFY (the next one is version + 1; CSeq = version + 1)
 */
public record Subscription(long id, String impu, String callId, String localTag, String remoteTag, String localUri,
                           String remoteUri, String remoteTarget, List<String> routeSet, String event,
                           String subscriber, int version, Instant expiresAt) {

    public Subscription {
        routeSet = List.copyOf(routeSet);
    }

    public Subscription withVersion(int newVersion) {
        return new Subscription(id, impu, callId, localTag, remoteTag, localUri, remoteUri, remoteTarget, routeSet,
                event, subscriber, newVersion, expiresAt);
    }
}
