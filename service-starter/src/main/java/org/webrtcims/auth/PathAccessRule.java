package org.webrtcims.auth;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.util.StringUtils;

/**
 * Who may call the requests a rule matches. A rule matches by path <em>segments</em> (never by string prefix:
 * {@code /cx} does not cover {@code /cxfoo}) and, when it names one, by HTTP method ({@code GET} also covers
 * {@code HEAD}, which WebFlux serves with the GET handler).
 * <ul>
 *   <li>a <em>prefix</em> rule ({@link #roles}, {@link #publicPath}, {@link #denied}) matches its segments and
 *       anything below them;</li>
 *   <li>an <em>operation</em> rule ({@link #operation}) matches one method and exactly its segments, where a
 *       {@code {name}} segment stands for any one non-empty segment (an encoded identity).</li>
 * </ul>
 * Rules are compared with the raw path after {@link RequestPaths#check} admitted it, so literal segments are
 * spelled one way only.
 *
 * @param method       the method the rule covers; {@code null} for every method
 * @param pattern      the path, e.g. {@code /cx/v1/impis/{impi}/auth-data} or {@code /admin/}
 * @param prefix       whether paths below {@code pattern} match too
 * @param publicAccess no token needed (probes, metrics, the OpenAPI document)
 * @param roles        the roles admitted; empty and not public: no token is admitted (403)
 */
public record PathAccessRule(HttpMethod method, String pattern, boolean prefix, boolean publicAccess,
                             Set<ApiRole> roles) {

    public PathAccessRule {
        roles = Set.copyOf(roles);
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("A rule's path must start with '/': " + pattern);
        }
        if (publicAccess && !roles.isEmpty()) {
            throw new IllegalArgumentException("A public rule names no role: " + pattern);
        }
    }

    /** Everything at and below {@code pathPrefix} is public. */
    public static PathAccessRule publicPath(String pathPrefix) {
        return new PathAccessRule(null, pathPrefix, true, true, Set.of());
    }

    /** Everything at and below {@code pathPrefix}, any method, is for {@code roles}. */
    public static PathAccessRule roles(String pathPrefix, ApiRole... roles) {
        return new PathAccessRule(null, pathPrefix, true, false, Set.of(roles));
    }

    /** {@code method} on everything at and below {@code pathPrefix} is for {@code roles}. */
    public static PathAccessRule roles(HttpMethod method, String pathPrefix, ApiRole... roles) {
        return new PathAccessRule(method, pathPrefix, true, false, Set.of(roles));
    }

    /** Nothing at or below {@code pathPrefix} is admitted unless a more specific rule says so. */
    public static PathAccessRule denied(String pathPrefix) {
        return new PathAccessRule(null, pathPrefix, true, false, Set.of());
    }

    /** One operation: {@code method} on exactly {@code template} ({@code {name}} = any one segment). */
    public static PathAccessRule operation(HttpMethod method, String template, ApiRole... roles) {
        if (method == null) {
            throw new IllegalArgumentException("An operation rule names its method: " + template);
        }
        return new PathAccessRule(method, template, false, false, Set.of(roles));
    }

    public boolean isPublic() {
        return publicAccess;
    }

    /** Whether a caller of {@code role} may make the requests this rule matches. */
    public boolean admits(ApiRole role) {
        return publicAccess || roles.contains(role);
    }

    List<String> patternSegments() {
        List<String> segments = RequestPaths.segments(pattern);
        // "/admin/" and "/admin" name the same prefix
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            return segments.subList(0, segments.size() - 1);
        }
        return segments;
    }

    boolean matches(HttpMethod requestMethod, List<String> pathSegments) {
        if (method != null && !method.equals(requestMethod)
                && !(HttpMethod.GET.equals(method) && HttpMethod.HEAD.equals(requestMethod))) {
            return false;
        }
        List<String> expected = patternSegments();
        if (prefix ? pathSegments.size() < expected.size() : pathSegments.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String have = pathSegments.get(i);
            boolean variable = want.startsWith("{") && want.endsWith("}");
            // literal segments compare decoded: %3A and ':' are the same segment to the router
            if (variable ? have.isEmpty() : !want.equals(StringUtils.uriDecode(have, StandardCharsets.UTF_8))) {
                return false;
            }
        }
        return true;
    }
}
