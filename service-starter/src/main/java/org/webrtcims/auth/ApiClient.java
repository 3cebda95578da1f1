package org.webrtcims.auth;

import java.util.Set;

/**
 * An authenticated caller of a REST API: its name (for audit), its role (what it may call) and its scopes (for
 * sync clients the WWSF identities it may write, for S-CSCFs the Server-Names it may use in MAR and SAR). There is
 * no wildcard scope: {@code *} is refused at start-up ({@link BearerTokenRegistry}).
 */
public record ApiClient(String name, ApiRole role, Set<String> scopes) {

    public ApiClient {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scope != null && scopes.contains(scope);
    }

    @Override
    public String toString() {
        return "ApiClient[" + name + ", " + role + "]";
    }
}
