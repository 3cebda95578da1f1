package org.webrtcims.launcher.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * A web user to provision: the WWSF it signs in at, the web origins of the WWSF's pages, its web identity, the
 * IMPU it maps to (with a tel alias in the same subscription), its web password and the WWSF's algorithm policy.
 *
 * @param wwsf            WWSF identity, also the digest realm (profile D4)
 * @param origins         web origins the eP-CSCF accepts for this WWSF (first = the one a local page uses)
 * @param webIdentity     the user's identity at the web authentication service
 * @param impu            the SIP IMPU the HSS maps the web identity to (default public identity)
 * @param telAlias        a tel URI in the same subscription, or null for none
 * @param password        the web password; only its H(A1)s reach the proxy
 * @param algorithmPolicy {@code md5-only} (what JsSIP and SIP.js can answer) or {@code sha256-first}
 */
public record WebUser(String wwsf, List<String> origins, String webIdentity, String impu, String telAlias,
                      String password, String algorithmPolicy) {

    public WebUser {
        Objects.requireNonNull(wwsf, "wwsf");
        origins = List.copyOf(origins);
        if (origins.isEmpty()) {
            throw new IllegalArgumentException("A WWSF needs at least one origin");
        }
        Objects.requireNonNull(webIdentity, "webIdentity");
        Objects.requireNonNull(impu, "impu");
        Objects.requireNonNull(password, "password");
        algorithmPolicy = algorithmPolicy == null ? "md5-only" : algorithmPolicy;
    }

    /** The origins of the demo WWSF: the WIC page served on this machine (localhost:8080) and the WWSF's own. */
    public static final List<String> DEMO_ORIGINS = List.of("http://localhost:8080", "http://127.0.0.1:8080",
            "https://wwsf.example.com");

    /**
     * The demo user: the protocol profile's test vectors (§0, "System under test and example values"), with the
     * origin of a page served on this machine first and the WWSF's own origin last.
     */
    public static WebUser demo() {
        return new WebUser("wwsf.example.com", DEMO_ORIGINS, "alice@idp.example.com",
                "sip:alice.web@ims.example.net", "tel:+15551230001", "wonderland", "md5-only");
    }

    /** A second demo user at the same WWSF, for calls and messages between two WIC pages (test values only). */
    public static WebUser demoPeer() {
        return new WebUser("wwsf.example.com", DEMO_ORIGINS, "bob@idp.example.com", "sip:bob.web@ims.example.net",
                "tel:+15551230002", "builder", "md5-only");
    }

    public WebUser withOrigins(List<String> newOrigins) {
        return new WebUser(wwsf, newOrigins, webIdentity, impu, telAlias, password, algorithmPolicy);
    }

    /** The HSS subscription that holds this user's IMPUs: one per web identity, a valid subscription id. */
    public String subscriptionId() {
        return "web-" + webIdentity.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public WebUser withPassword(String newPassword) {
        return new WebUser(wwsf, origins, webIdentity, impu, telAlias, newPassword, algorithmPolicy);
    }

    public WebUser withAlgorithmPolicy(String policy) {
        return new WebUser(wwsf, origins, webIdentity, impu, telAlias, password, policy);
    }

    // Rule: a password is a secret in general (the demo one is printed on purpose, by the launcher only).
    @Override
    public String toString() {
        return "WebUser[" + webIdentity + " at " + wwsf + " → " + impu + ", password=<redacted>]";
    }
}
