package org.webrtcims.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.webrtcims.launcher.LaunchOptions;
import org.webrtcims.launcher.LocalSystem;
import org.webrtcims.launcher.TestDatabaseOptions;
import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.Service;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole core (web-auth proxy, HSS, S-CSCF, I-CSCF, eP-CSCF) started through the local launcher, on free ports,
 * on the embedded PostgreSQL or the server of {@code IMS_TEST_JDBC_URL}; plus what the tests need around it: fresh
 * users, the HSS's view of a registration, JsSIP/SIP.js scenarios.
 */
final class RunningCore implements AutoCloseable {

    /** The WWSF every system-test user signs in at; also the digest realm (profile D4). */
    static final String WWSF = "wwsf.systest.example.com";
    /** The origin of the WWSF's pages: the Origin of every WIC's WebSocket handshake (profile D3). */
    static final String ORIGIN = "https://app.systest.example.com";
    static final String IMPU_DOMAIN = "ims.example.net";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalSystem system;
    private final String webSocketUrl;
    private final AtomicInteger users = new AtomicInteger();

    private RunningCore(LocalSystem system, String webSocketUrl) {
        this.system = system;
        this.webSocketUrl = webSocketUrl;
    }

    /** Plain ws (the launcher's development mode). */
    static RunningCore start() {
        return start(LaunchOptions.defaults());
    }

    /** @param options extra settings (e.g. TLS for the eP-CSCF: the URL is then wss://…) */
    static RunningCore start(LaunchOptions options) {
        LaunchOptions withDatabase = TestDatabaseOptions.apply(options.withRandomPorts(true)
                // 50 WICs of one test open their WebSockets at once from 127.0.0.1; the default burst (50 per IP
                // and second) would leave no room for any other handshake in that second
                .withSetting(Service.EP_CSCF, "epcscf.limits.handshakes-per-ip-per-second", 200)
                // Longer HSS and proxy answer times than the production defaults (2-3 s): five services, PostgreSQL
                // and 50 JsSIP UAs share the test machine's cores (2 on CI, often busy), and with the defaults a
                // cold JVM answered part of a 50-registration burst with 504 (S-CSCF: "MAR failed: TIMEOUT"; HSS:
                // proxy fetch > 2.25 s). JsSIP's own transaction timeout (Timer F) stays 32 s.
                .withSetting(Service.HSS, "hss.av-proxy.response-timeout", "10s")
                .withSetting(Service.SCSCF, "scscf.hss.response-timeout", "15s")
                .withSetting(Service.ICSCF, "icscf.hss.response-timeout", "15s"),
                "systest_" + UUID.randomUUID().toString().substring(0, 8) + "_");
        LocalSystem system = LocalSystem.start(withDatabase);
        return new RunningCore(system, system.webSocketUrl());
    }

    String webSocketUrl() {
        return webSocketUrl;
    }

    LocalSystem system() {
        return system;
    }

    /**
     * Provisions a new web user at the shared WWSF: web identity {@code <label>-<n>@idp.systest.example.com}
     * mapped to {@code sip:<label>-<n>.web@ims.example.net}, with a tel alias when asked.
     */
    ProvisionedUser newUser(String label, boolean telAlias) {
        int n = users.incrementAndGet();
        String name = label + "-" + n;
        return system.provisionUser(new WebUser(WWSF, List.of(ORIGIN), name + "@idp.systest.example.com",
                "sip:" + name + ".web@" + IMPU_DOMAIN, telAlias ? String.format("tel:+1555%07d", n) : null,
                "pw-" + UUID.randomUUID(), "md5-only"));
    }

    /**
     * A new user at another WWSF than the shared one, whose origins are {@code origins} (e.g. the WIC page's
     * {@code http://localhost:<port>}); PUT replaces a WWSF's origins, so tests with their own origins use their own
     * WWSF and leave {@link #WWSF}'s alone.
     */
    ProvisionedUser newUser(String label, boolean telAlias, String wwsf, List<String> origins) {
        int n = users.incrementAndGet();
        String name = label + "-" + n;
        return system.provisionUser(new WebUser(wwsf, origins, name + "@idp.systest.example.com",
                "sip:" + name + ".web@" + IMPU_DOMAIN, telAlias ? String.format("tel:+1555%07d", n) : null,
                "pw-" + UUID.randomUUID(), "md5-only"));
    }

    /**
     * Disables the user's web identity mapping through the HSS admin API ({@code PATCH
     * /admin/v1/web-identity-mappings/{id} {"enabled":false}}): the operator's network-initiated de-registration
     * (the HSS sends the S-CSCF an RTR when the IMPU is registered through it). Returns the PATCH status.
     */
    int disableMapping(ProvisionedUser user) throws IOException, InterruptedException {
        String hss = system.httpBaseUrl(Service.HSS);
        String token = system.secrets().hssAdminToken();
        HttpRequest find = HttpRequest.newBuilder(URI.create(hss + "/admin/v1/web-identity-mappings?wwsfIdentity="
                        + URLEncoder.encode(user.wwsf(), StandardCharsets.UTF_8) + "&webIdentity="
                        + URLEncoder.encode(user.webIdentity(), StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> found = HTTP.send(find, HttpResponse.BodyHandlers.ofString());
        String id = NodeScript.JSON.readTree(found.body()).path("items").get(0).path("id").asString();
        HttpRequest patch = HttpRequest.newBuilder(URI.create(hss + "/admin/v1/web-identity-mappings/" + id))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build();
        return HTTP.send(patch, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code count} new users (without tel alias), provisioned a few at a time. */
    List<ProvisionedUser> newUsers(String label, int count) throws Exception {
        List<ProvisionedUser> all = new ArrayList<>();
        all.add(newUser(label, false)); // the shared WWSF exists before the parallel ones update it
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ProvisionedUser>> rest = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                rest.add(pool.submit(() -> newUser(label, false)));
            }
            for (Future<ProvisionedUser> f : rest) {
                all.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return all;
    }

    /**
     * The HSS's answer to a Location-Info request for the IMPU ({@code GET /cx/v1/impus/{impu}/location} with the
     * I-CSCF's token): 200 while the IMPU is registered (it names the S-CSCF), 404 when it is not.
     */
    int locationStatus(String impu) throws IOException, InterruptedException {
        String encoded = URLEncoder.encode(impu, StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.httpBaseUrl(Service.HSS) + "/cx/v1/impus/"
                        + encoded + "/location"))
                .header("Authorization", "Bearer " + system.secrets().hssIcscfToken())
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A jssip-client/sipjs-client user entry (js/README.md). */
    static ObjectNode wic(ProvisionedUser user) {
        return NodeScript.object().put("impu", user.impu()).put("webIdentity", user.webIdentity())
                .put("wwsf", user.wwsf()).put("password", user.password());
    }

    /** A scenario for the given users, from the WWSF's origin, with the given steps. */
    ObjectNode scenario(List<ObjectNode> wics, String... steps) {
        ObjectNode scenario = NodeScript.object().put("url", webSocketUrl).put("origin", ORIGIN)
                .put("rejectUnauthorized", false).put("timeoutMs", 20_000);
        ArrayNode users = scenario.putArray("users");
        wics.forEach(users::add);
        ArrayNode stepList = scenario.putArray("steps");
        for (String step : steps) {
            stepList.add(step);
        }
        return scenario;
    }

    @Override
    public void close() {
        system.close();
    }
}
