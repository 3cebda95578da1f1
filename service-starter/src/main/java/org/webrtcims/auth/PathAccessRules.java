package org.webrtcims.auth;

import java.util.Comparator;
import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * A service's access rules; the most specific matching rule decides: more segments first, then an operation
 * rule before a prefix rule, then a rule naming a method before one that does not. A path no rule names needs an
 * authenticated ADMIN: forgetting a rule fails closed.
 */
public record PathAccessRules(List<PathAccessRule> rules) {

    private static final PathAccessRule DEFAULT = PathAccessRule.roles("/", ApiRole.ADMIN);

    public PathAccessRules {
        rules = rules.stream()
                .sorted(Comparator.<PathAccessRule>comparingInt(rule -> rule.patternSegments().size()).reversed()
                        .thenComparing(rule -> rule.prefix())
                        .thenComparing(rule -> rule.method() == null))
                .toList();
    }

    public static PathAccessRules of(PathAccessRule... rules) {
        return new PathAccessRules(List.of(rules));
    }

    /**
     * Whether a rule names an API that needs a token. A service whose rules are all public (a CSCF with only probes
     * and metrics) has no API its operators must give clients for; unlisted paths still fail closed.
     */
    public boolean declaresProtectedApi() {
        return rules.stream().anyMatch(rule -> !rule.isPublic() && !rule.roles().isEmpty());
    }

    /**
     * @param method  the request's method
     * @param rawPath a path {@link RequestPaths#check} admitted
     */
    public PathAccessRule ruleFor(HttpMethod method, String rawPath) {
        List<String> segments = RequestPaths.segments(rawPath);
        for (PathAccessRule rule : rules) {
            if (rule.matches(method, segments)) {
                return rule;
            }
        }
        return DEFAULT;
    }
}
