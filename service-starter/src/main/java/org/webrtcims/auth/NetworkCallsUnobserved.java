package org.webrtcims.auth;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * No {@code http.server.requests} observation (timer, long-task timer, tags) for the calls between the nodes of the
 * core: Cx at the HSS, the vector fetch at the web-auth proxy, notices at the S-CSCF. They are the registration's
 * hot path (issue 12: "no per-request observation on hot paths"; they were 6 % of the HSS's CPU samples), and each
 * CSCF already counts what it sends. Operator calls (ADMIN, SYNC), probes and unknown paths stay observed.
 * <p>
 * A call is a network call when the rule that admits it names only {@link ApiRole#networkElement() network
 * element} roles. The predicate runs before the bearer filter, so a path the filter will refuse is simply observed.
 */
public final class NetworkCallsUnobserved implements ObservationPredicate {

    static final String SERVER_REQUESTS = "http.server.requests";

    private final PathAccessRules rules;

    public NetworkCallsUnobserved(PathAccessRules rules) {
        this.rules = rules;
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        if (!SERVER_REQUESTS.equals(name) || !(context instanceof ServerRequestObservationContext server)) {
            return true;
        }
        ServerHttpRequest request = server.getCarrier();
        return !isNetworkCall(request);
    }

    private boolean isNetworkCall(ServerHttpRequest request) {
        try {
            PathAccessRule rule = rules.ruleFor(request.getMethod(), request.getPath().value());
            return !rule.isPublic() && !rule.roles().isEmpty()
                    && rule.roles().stream().allMatch(ApiRole::networkElement);
        } catch (RuntimeException notCanonical) {
            return false; // the bearer filter answers it (400); observing it costs nothing worth saving
        }
    }
}
