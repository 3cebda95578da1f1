package org.webrtcims.auth;

import java.util.List;

/**
 * A service's access rules, most specific (longest) prefix first. A path no rule names needs an
 * authenticated ADMIN: forgetting a rule fails closed.
 */
public record PathAccessRules(List<PathAccessRule> rules) {

    private static final PathAccessRule DEFAULT = PathAccessRule.roles("/", ApiRole.ADMIN);

    public PathAccessRules {
        rules = rules.stream()
                .sorted((a, b) -> Integer.compare(b.pathPrefix().length(), a.pathPrefix().length()))
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
        return rules.stream().anyMatch(rule -> !rule.isPublic());
    }

    public PathAccessRule ruleFor(String path) {
        for (PathAccessRule rule : rules) {
            if (rule.matches(path)) {
                return rule;
            }
        }
        return DEFAULT;
    }
}
