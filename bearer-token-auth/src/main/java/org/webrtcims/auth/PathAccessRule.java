package org.webrtcims.auth;

import java.util.Set;

/**
 * Who may call the paths starting with {@code pathPrefix}. An empty role set makes the prefix public
 * (health probes, metrics scrapes, the OpenAPI document).
 */
public record PathAccessRule(String pathPrefix, Set<ApiRole> roles) {

    public PathAccessRule {
        roles = Set.copyOf(roles);
    }

    public static PathAccessRule publicPath(String pathPrefix) {
        return new PathAccessRule(pathPrefix, Set.of());
    }

    public static PathAccessRule roles(String pathPrefix, ApiRole... roles) {
        return new PathAccessRule(pathPrefix, Set.of(roles));
    }

    public boolean isPublic() {
        return roles.isEmpty();
    }

    boolean matches(String path) {
        return path.startsWith(pathPrefix);
    }
}
