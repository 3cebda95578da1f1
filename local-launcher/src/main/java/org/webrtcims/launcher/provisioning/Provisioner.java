package org.webrtcims.launcher.provisioning;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provisions web users through the public REST APIs only, as an operator and the third-party web authentication
 * service would (profile §5.4): at the HSS the WWSF, the subscription and the mapping (operator token, role ADMIN),
 * at the web-auth proxy the MD5 and SHA-256 H(A1)s (sync token, role SYNC). Every step is idempotent, so provisioning
 * again against a persistent database succeeds.
 */
public final class Provisioner {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI hss;
    private final String hssAdminToken;
    private final URI proxy;
    private final String proxyAdminToken;

    public Provisioner(URI hss, String hssAdminToken, URI proxy, String proxyAdminToken) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.hss = hss;
        this.hssAdminToken = hssAdminToken;
        this.proxy = proxy;
        this.proxyAdminToken = proxyAdminToken;
    }

    public ProvisionedUser provision(WebUser user) {
        putWwsf(user);
        putSubscription(user);
        createMapping(user);
        syncCredential(user);
        return new ProvisionedUser(user.wwsf(), user.webIdentity(), user.impu(), user.telAlias(), user.password(),
                user.origins());
    }

    /** PUT replaces: 201 created, 200 replaced. */
    private void putWwsf(WebUser user) {
        Response r = send("PUT", hss.resolve("/admin/v1/wwsfs/" + user.wwsf()), hssAdminToken,
                Map.of("origins", user.origins(), "algorithmPolicy", user.algorithmPolicy()));
        r.expect("Provisioning WWSF " + user.wwsf() + " at the HSS", 200, 201);
    }

    /** PUT replaces: 201 created, 200 replaced; 409 when the IMPU belongs to another subscription. */
    private void putSubscription(WebUser user) {
        List<Map<String, Object>> impus = new ArrayList<>();
        impus.add(Map.of("identity", user.impu(), "default", true));
        if (user.telAlias() != null) {
            impus.add(Map.of("identity", user.telAlias()));
        }
        Response r = send("PUT", hss.resolve("/admin/v1/subscriptions/" + user.subscriptionId()), hssAdminToken,
                Map.of("impus", impus, "allowedWwsfs", List.of(user.wwsf())));
        r.expect("Provisioning subscription " + user.subscriptionId() + " (" + user.impu() + ") at the HSS", 200,
                201);
    }

    /** POST creates (201); 409 means the pair exists: fine when it maps to the same IMPU. */
    private void createMapping(WebUser user) {
        Response r = send("POST", hss.resolve("/admin/v1/web-identity-mappings"), hssAdminToken, Map.of(
                "wwsfIdentity", user.wwsf(), "webIdentity", user.webIdentity(), "impu", user.impu(),
                "subscriptionId", user.subscriptionId()));
        if (r.status() == 409) {
            JsonNode items = send("GET", hss.resolve("/admin/v1/web-identity-mappings?wwsfIdentity="
                            + query(user.wwsf()) + "&webIdentity=" + query(user.webIdentity())), hssAdminToken, null)
                    .expect("Reading the mapping of " + user.webIdentity(), 200).path("items");
            String mapped = items.isEmpty() ? null : items.get(0).path("impu").asString();
            if (!user.impu().equals(mapped)) {
                throw new IllegalStateException("The HSS already maps " + user.webIdentity() + " at " + user.wwsf()
                        + " to " + mapped + ", not " + user.impu() + "; delete that mapping first");
            }
            return;
        }
        r.expect("Mapping " + user.webIdentity() + " to " + user.impu() + " at the HSS", 201);
    }

    /**
     * PUT is an idempotent upsert: 201 created, 200 updated or unchanged. 409 means a higher or equal version with
     * other H(A1)s is stored (another password): the next version replaces it, so the given password wins.
     */
    private void syncCredential(WebUser user) {
        Response r = putCredential(user, 1);
        if (r.status() == 409) {
            long stored = send("GET", proxy.resolve("/sync/v1/credentials:status?wwsfIdentity=" + query(user.wwsf())
                            + "&webIdentity=" + query(user.webIdentity())), proxyAdminToken, null)
                    .expect("Reading the credential status of " + user.webIdentity(), 200)
                    .path("credentialVersion").asLong();
            r = putCredential(user, stored + 1);
        }
        if (r.status() == 500 && r.body().contains("CREDENTIAL_UNREADABLE")) {
            throw new IllegalStateException("The proxy's database holds a credential of " + user.webIdentity()
                    + " sealed with another H(A1) key: start with the data directory whose local-system.env was used "
                    + "then, or drop the web-auth proxy's database");
        }
        r.expect("Syncing the H(A1)s of " + user.webIdentity() + " to the web-auth proxy", 200, 201);
    }

    private Response putCredential(WebUser user, long version) {
        // the realm is the WWSF identity (profile D4); H(A1) = H(username:realm:password), never the password itself
        String realm = user.wwsf();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wwsfIdentity", user.wwsf());
        body.put("webIdentity", user.webIdentity());
        body.put("realm", realm);
        body.put("vectors", List.of(
                Map.of("algorithm", "MD5", "ha1",
                        DigestCalculator.ha1(DigestAlgorithm.MD5, user.webIdentity(), realm, user.password())),
                Map.of("algorithm", "SHA-256", "ha1",
                        DigestCalculator.ha1(DigestAlgorithm.SHA_256, user.webIdentity(), realm, user.password()))));
        body.put("credentialVersion", version);
        return send("PUT", proxy.resolve("/sync/v1/credentials"), proxyAdminToken, body);
    }

    private Response send(String method, URI uri, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method + " " + uri.getPath(), response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri + " interrupted", e);
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An answer; its body is a resource or an RFC 9457 problem, neither of which carries a secret. */
    private record Response(String request, int status, String body) {

        JsonNode expect(String step, int... accepted) {
            for (int ok : accepted) {
                if (status == ok) {
                    return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
                }
            }
            throw new IllegalStateException(step + " failed: " + request + " answered " + status + " " + body);
        }
    }
}
