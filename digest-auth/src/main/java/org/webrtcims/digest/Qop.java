package org.webrtcims.digest;

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

    public static Optional<Qop> fromToken(String token) {
        for (Qop qop : values()) {
            if (qop.token.equalsIgnoreCase(token)) {
                return Optional.of(qop);
            }
        }
        return Optional.empty();
    }
}
