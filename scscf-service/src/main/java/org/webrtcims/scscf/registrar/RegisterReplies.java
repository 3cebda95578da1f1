package org.webrtcims.scscf.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.client.HssFailure;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCredentials;
import org.webrtcims.scscf.digest.AuthContext;
import org.webrtcims.scscf.digest.DigestVerifier;

/** The registrar's answers and their headers (profile step 9, §5.5, §6). Plain: no I/O. */
public final class RegisterReplies {

    private static final Logger log = LoggerFactory.getLogger(RegisterReplies.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String serverHost;
    private final Clock clock;

    /** @param serverHost host[:port] for Service-Route and Warning */
    public RegisterReplies(String serverHost, Clock clock) {
        this.serverHost = serverHost;
        this.clock = clock;
    }

    /** 401 with one WWW-Authenticate per offered algorithm, the strongest first (RFC 8760 order, profile D9). */
    public RegisterReply challenge(AuthContext context, boolean stale) {
        RegisterReply reply = RegisterReply.of(401, "Unauthorized");
        for (DigestAlgorithm algorithm : context.offered()) {
            reply = reply.with("WWW-Authenticate", "Digest realm=\"" + context.realm() + "\", nonce=\""
                    + context.nonce() + "\", opaque=\"" + context.opaque() + "\", algorithm=" + algorithm.token()
                    + ", qop=\"" + context.qop() + "\"" + (stale ? ", stale=TRUE" : ""));
        }
        return reply;
    }

    /** Step 9 (24.229 §5.4.1.2.2F): 200 with the IMPU's bindings and the registration's headers. */
    public RegisterReply registered(RegisterRequest request, List<Binding> current, List<String> associated) {
        Instant now = clock.instant();
        RegisterReply reply = RegisterReply.of(200, "OK");
        for (Binding binding : current) {
            // rounded up: a binding just granted 600 s is announced as 600, not 599
            long remaining = Math.max(0, (Duration.between(now, binding.expiresAt()).toMillis() + 999) / 1000);
            reply = reply.with("Contact", "<" + binding.contactUri() + ">;expires=" + remaining
                    + (binding.contactParams().isEmpty() ? "" : ";" + binding.contactParams()));
        }
        for (String path : request.path()) {
            reply = reply.with("Path", path);
        }
        // 24.229 §5.4.1.2.2F: Service-Route with an "originating" marker (user part, §5.4.3.1)
        reply = reply.with("Service-Route", "<sip:orig@" + serverHost + ";transport=tcp;lr>");
        for (String uri : associated) {
            reply = reply.with("P-Associated-URI", "<" + uri + ">");
        }
        if (RegisterChecks.outbound(request)) {
            // RFC 5626 §6
            reply = reply.with("Require", "outbound");
        }
        reply = reply.with("Supported", "path,outbound");
        return reply.with("Date", HTTP_DATE.format(now));
    }

    /** §7.2: 200 listing the removed contacts with {@code expires=0}. */
    public RegisterReply deregistered(List<Binding> removed) {
        RegisterReply reply = RegisterReply.of(200, "OK");
        for (Binding b : removed) {
            reply = reply.with("Contact", "<" + b.contactUri() + ">;expires=0");
        }
        return reply.with("Date", HTTP_DATE.format(clock.instant()));
    }

    /** Profile D8, RFC 2617 §3.2.3: a 200 after a digest answer carries Authentication-Info (mutual auth). */
    public RegisterReply withAuthenticationInfo(RegisterReply reply, RegisterRequest request, AuthContext context) {
        if (reply.status() != 200) {
            return reply;
        }
        DigestCredentials credentials = request.credentials();
        return reply.with("Authentication-Info", "qop=" + credentials.qop() + ", rspauth=\""
                + DigestVerifier.rspauth(credentials, context, request.body()) + "\", cnonce=\""
                + credentials.cnonce() + "\", nc=" + credentials.nonceCount());
    }

    /** Profile §6 row 17. */
    public RegisterReply locked() {
        return RegisterReply.of(403, "Forbidden").with("Warning", "399 " + serverHost
                + " \"authentication temporarily locked\"");
    }

    /** Profile §6 row 16: wrong password, no re-challenge. */
    public static RegisterReply authenticationFailed() {
        return RegisterReply.of(403, "Forbidden - Authentication failed");
    }

    /** Profile D8, §6 row 21. */
    public static RegisterReply credentialsMismatch() {
        return RegisterReply.of(400, "Bad Request - Credentials do not match the challenge");
    }

    /** 24.229 §5.4.1.2.2, profile D16. */
    public static RegisterReply tooManyRegistrations() {
        return RegisterReply.of(403, "Forbidden - Too many registrations");
    }

    /** 33.203 X.3, profile §6 row 24. */
    public static RegisterReply wwsfNotAllowed() {
        return RegisterReply.of(403, "Forbidden - WWSF not allowed");
    }

    /** Profile §5.5 / §6 rows 14–15: negative → 403; timeout → 504; other failure → 500 + Retry-After. */
    public static RegisterReply hssFailure(HssFailure failure, String procedure) {
        if (failure.kind() == HssFailure.Kind.NEGATIVE) {
            if (failure.cxCause() == CxCause.IDENTITY_ALREADY_REGISTERED
                    || failure.cxCause() == CxCause.ERROR_IN_ASSIGNMENT_TYPE) {
                log.warn("{} refused by the HSS: {} (operator issue)", procedure, failure.cxCause());
                return RegisterReply.of(500, "Server Internal Error").with("Retry-After", "30");
            }
            // per request (an unknown user is a client's doing): DEBUG, a stranger must not fill the log
            log.debug("{} negative: {}", procedure, failure.cxCause());
            return RegisterReply.of(403, "Forbidden");
        }
        log.warn("{} failed: {} {}", procedure, failure.kind(), failure.getMessage());
        if (failure.kind() == HssFailure.Kind.TIMEOUT) {
            return RegisterReply.of(504, "Server Time-out");
        }
        return RegisterReply.of(500, "Server Internal Error").with("Retry-After", "30");
    }
}
