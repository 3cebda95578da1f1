package org.webrtcims.auth;

import java.util.Set;

/**
 * An authenticated caller of a REST API: its name (for audit), its role (what it may call) and its scopes
 * (for sync clients: the WWSF identities it may write; {@code *} means all).
 */
public record ApiClient(String name, ApiRole role, Set<String> scopes) {

    public static final String ANY_SCOPE = "*";

    public ApiClient {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(ANY_SCOPE) || scopes.contains(scope);
    }

    @Override
    public String toString() {
        return "ApiClient[" + name + ", " + role + "]";
    }
}
