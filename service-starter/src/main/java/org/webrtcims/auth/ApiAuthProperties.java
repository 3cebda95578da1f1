package org.webrtcims.auth;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API clients of a service, the same keys in every service ({@code api-auth.clients[i].*}, or
 * {@code API_AUTH_CLIENTS_<i>_TOKEN} etc. in the environment).
 *
 * @param clients the known callers; none by default, which leaves every protected path answering 401
 */
@ConfigurationProperties("api-auth")
public record ApiAuthProperties(List<Client> clients) {

    public ApiAuthProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /**
     * @param name   caller name recorded in audits (required)
     * @param token  the bearer token, at least 16 characters; from a secret, never committed (required)
     * @param role   ADMIN, SYNC, EP_CSCF, I_CSCF, S_CSCF, HSS or WEB_AUTH_PROXY (required)
     * @param scopes SYNC: the WWSF identities it may write (at least one); S_CSCF: the Server-Names it may use in
     *               MAR and SAR (at least one); ignored for other roles; no default, and {@code *} is refused
     */
    public record Client(String name, String token, ApiRole role, Set<String> scopes) {
        public Client {
            scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "Client[" + name + ", " + role + ", token=<redacted>]";
        }
    }
}
