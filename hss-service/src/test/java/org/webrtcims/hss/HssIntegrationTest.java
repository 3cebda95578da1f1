package org.webrtcims.hss;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/**
 * The HSS on a random port against real PostgreSQL, with a real web-auth proxy and two S-CSCF notify
 * stand-ins. Test classes share the context; each test provisions its own WWSF, subscription and mapping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + HssApplication.CONFIG_NAME)
@AutoConfigureWebTestClient(timeout = "30s") // a cold JVM on a loaded 2-core machine can take over 5 s
@ActiveProfiles("test")
public abstract class HssIntegrationTest {

    /** One credential per caller (hss-test.yml). */
    public static final String EPCSCF_TOKEN = "test-epcscf-token-000000000001";
    public static final String ICSCF_TOKEN = "test-icscf-token-0000000000001";
    /** S_CSCF credential whose only Server-Name is {@link #SCSCF1}. */
    public static final String SCSCF1_TOKEN = "test-scscf1-token-000000000001";
    /** S_CSCF credential whose only Server-Name is {@link #SCSCF2}. */
    public static final String SCSCF2_TOKEN = "test-scscf2-token-000000000001";
    public static final String PROXY_TOKEN = "test-proxy-token-0000000000001";
    public static final String ADMIN_TOKEN = "test-admin-token-operator-001";
    public static final String SCSCF1 = "sip:scscf1.ims.example.net:5060;transport=tcp";
    public static final String SCSCF2 = "sip:scscf2.ims.example.net:5060;transport=tcp";
    /** Profile §4.3 H(A1)s of alice@idp.example.com / wwsf.example.com / wonderland. */
    public static final String MD5_HA1 = "2774221d5d92ce890250a1af4d3b3903";
    public static final String SHA256_HA1 = "7a335cd11309936be853966854198263ec8bb572a1ff81a81076de526e2d53ec";

    protected static final TestDatabase DATABASE = TestPostgres.newDatabase("hss");
    protected static final RunningProxy PROXY = RunningProxy.start();
    protected static final RecordingScscf SCSCF1_NOTIFY = new RecordingScscf();
    protected static final RecordingScscf SCSCF2_NOTIFY = new RecordingScscf();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DATABASE.registerWith(registry);
        registry.add("hss.av-proxy.base-url", PROXY::baseUrl);
        registry.add("hss.av-proxy.token", () -> RunningProxy.HSS_TOKEN);
        registry.add("hss.scscfs[0].name", () -> SCSCF1);
        registry.add("hss.scscfs[0].notify-url", SCSCF1_NOTIFY::baseUrl);
        registry.add("hss.scscfs[0].optional-capabilities", () -> "7");
        registry.add("hss.scscfs[1].name", () -> SCSCF2);
        registry.add("hss.scscfs[1].notify-url", SCSCF2_NOTIFY::baseUrl);
    }

    @Autowired
    protected WebTestClient client;

    @LocalServerPort
    protected int port;

    /** An absolute URI from an already percent-encoded path (the URI builder would encode '%' again). */
    protected java.net.URI encoded(String path) {
        return java.net.URI.create("http://localhost:" + port + path);
    }

    /** One provisioned user: WWSF, subscription with two IMPUs, mapping, and a synced credential. */
    protected record User(String wwsf, String webIdentity, String impu, String telImpu, String subscriptionId,
                          long mappingId) {
    }

    protected User provisionUser(String algorithmPolicy) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String wwsf = "wwsf-" + tag + ".example.com";
        User user = new User(wwsf, "alice-" + tag + "@idp.example.com", "sip:alice-" + tag + "@ims.example.net",
                "tel:+1555" + Math.abs(tag.hashCode() % 10_000_000), "sub-" + tag, 0);
        admin().put().uri("/admin/v1/wwsfs/{w}", wwsf).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("origins", List.of("https://" + wwsf), "algorithmPolicy", algorithmPolicy))
                .exchange().expectStatus().isCreated();
        admin().put().uri("/admin/v1/subscriptions/{s}", user.subscriptionId()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", user.impu(), "default", true),
                        Map.of("identity", user.telImpu())), "allowedWwsfs", List.of(wwsf)))
                .exchange().expectStatus().isCreated();
        Number id = (Number) admin().post().uri("/admin/v1/web-identity-mappings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", wwsf, "webIdentity", user.webIdentity(), "impu", user.impu(),
                        "subscriptionId", user.subscriptionId()))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        PROXY.sync(wwsf, user.webIdentity(), wwsf, 1, "MD5", MD5_HA1, "SHA-256", SHA256_HA1);
        return new User(wwsf, user.webIdentity(), user.impu(), user.telImpu(), user.subscriptionId(), id.longValue());
    }

    /** An operator disables the user's mapping (profile §5.4 PATCH). */
    protected void disableMapping(User user) {
        admin().patch().uri("/admin/v1/web-identity-mappings/{id}", user.mappingId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("enabled", false))
                .exchange().expectStatus().isOk();
    }

    /** UAR REGISTRATION of the user's IMPU is refused with AUTHORIZATION_REJECTED (403). */
    protected void expectUarRejected(User user) {
        uar(user, user.impu(), "REGISTRATION").expectStatus().isForbidden().expectBody()
                .jsonPath("$.cause").isEqualTo("AUTHORIZATION_REJECTED");
    }

    protected WebTestClient admin() {
        return client.mutate().defaultHeaders(h -> h.setBearerAuth(ADMIN_TOKEN)).build();
    }

    protected WebTestClient as(String token) {
        return client.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    protected WebTestClient icscf() {
        return as(ICSCF_TOKEN);
    }

    protected WebTestClient epcscf() {
        return as(EPCSCF_TOKEN);
    }

    /** The S-CSCF whose credential lists {@code serverName} ({@link #SCSCF1} or {@link #SCSCF2}). */
    protected WebTestClient scscf(String serverName) {
        return as(SCSCF2.equals(serverName) ? SCSCF2_TOKEN : SCSCF1_TOKEN);
    }

    /** Percent-encodes every character outside RFC 3986 unreserved, ';' and ':' included. */
    protected static String enc(String identity) {
        return URLEncoder.encode(identity, StandardCharsets.UTF_8).replace("+", "%20");
    }

    protected WebTestClient.ResponseSpec uar(User user, String impu, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("impi", user.webIdentity());
        body.put("authorizationType", type);
        body.put("visitedNetworkIdentifier", "ims.example.net");
        body.put("wwsfIdentity", user.wwsf());
        return icscf().post().uri(encoded("/cx/v1/impus/" + enc(impu) + "/authorize"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    protected WebTestClient.ResponseSpec mar(User user, String serverName) {
        return mar(scscf(serverName), user, serverName);
    }

    protected WebTestClient.ResponseSpec mar(WebTestClient caller, User user, String serverName) {
        return caller.post().uri(encoded("/cx/v1/impis/" + enc(user.webIdentity()) + "/auth-data"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impu", user.impu(), "wwsfIdentity", user.wwsf(), "serverName", serverName,
                        "authScheme", "SIP Digest", "numberAuthItems", 1))
                .exchange();
    }

    protected WebTestClient.ResponseSpec sar(User user, String serverName, String type) {
        return sar(scscf(serverName), user, serverName, type);
    }

    protected WebTestClient.ResponseSpec sar(WebTestClient caller, User user, String serverName, String type) {
        return caller.put().uri(encoded("/cx/v1/impus/" + enc(user.impu()) + "/scscf-registration"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impi", user.webIdentity(), "serverName", serverName, "assignmentType", type,
                        "userDataAlreadyAvailable", false))
                .exchange();
    }

    protected WebTestClient.ResponseSpec lir(String impu) {
        return icscf().get().uri(encoded("/cx/v1/impus/" + enc(impu) + "/location")).exchange();
    }
}
