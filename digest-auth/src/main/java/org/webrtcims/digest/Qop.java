package org.webrtcims.digest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Quality of protection values of RFC 2617 §3.2.1 / RFC 7616 §3.3. */
public enum Qop {
    AUTH("auth"),
    AUTH_INT("auth-int");

    private final String token;

    Qop(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /**
     * The tokens of a challenge's {@code qop} value ({@code "auth"}, {@code "auth,auth-int"}; RFC 2617 §3.2.1
     * qop-options, RFC 7616 §3.3): split on commas, each compared whole, so a challenge of {@code auth-int}
     * offers {@code auth-int} only. An answer's qop must be one of them (RFC 2617 §3.2.2, RFC 7616 §3.4).
     */
    public static List<Qop> challenged(String qopOptions) {
        List<Qop> tokens = new ArrayList<>();
        if (qopOptions == null) {
            return tokens;
        }
        for (String part : qopOptions.replace("\"", "").split(",")) {
            fromToken(part.trim()).filter(q -> !tokens.contains(q)).ifPresent(tokens::add);
        }
        return tokens;
    }

    public static Optional<Qop> fromToken(String token) {
        for (Qop qop : values()) {
            if (qop.token.equalsIgnoreCase(token)) {
                return Optional.of(qop);
            }
        }
        return Optional.empty();
    }
}
