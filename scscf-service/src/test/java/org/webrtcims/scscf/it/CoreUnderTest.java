package org.webrtcims.scscf.it;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.hss.HssApplication;
import org.webrtcims.scscf.ScscfApplication;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;
import org.webrtcims.webauthproxy.WebAuthProxyApplication;

/**
 * The real web-auth proxy, HSS and S-CSCF in this JVM, each on its own PostgreSQL schema and fixed ports, so
 * each can be stopped and started again. Users are provisioned through the public admin and sync APIs.
 */
public final class CoreUnderTest implements AutoCloseable {

    public static final String PROXY_HSS_TOKEN = "it-proxy-token-for-hss-000001";
    public static final String PROXY_SYNC_TOKEN = "it-proxy-token-for-sync-00001";
    public static final String HSS_CSCF_TOKEN = "it-hss-token-for-cscfs-000001";
    public static final String HSS_ADMIN_TOKEN = "it-hss-token-for-admins-00001";
    public static final String SCSCF_NOTIFY_TOKEN = "it-scscf-token-for-hss-000001";
    public static final String REALM_DOMAIN = "ims.example.net";

    public final int proxyPort = SipTestClient.freePort();
    public final int hssPort = SipTestClient.freePort();
    public final int scscfHttpPort = SipTestClient.freePort();
    public final int scscfSipPort = SipTestClient.freePort();
    public final String scscfName = "sip:127.0.0.1:" + scscfSipPort + ";transport=tcp";

    public final RunningApp proxy;
    public final RunningApp hss;
    public final RunningApp scscf;

    public CoreUnderTest(Map<String, Object> scscfOverrides) {
        TestDatabase proxyDb = TestPostgres.newDatabase("it_proxy");
        TestDatabase hssDb = TestPostgres.newDatabase("it_hss");
        TestDatabase scscfDb = TestPostgres.newDatabase("it_scscf");
        proxy = new RunningApp(WebAuthProxyApplication::application, Map.ofEntries(
                Map.entry("server.port", proxyPort),
                db("spring.datasource", proxyDb),
                Map.entry("spring.datasource.username", proxyDb.username()),
                Map.entry("spring.datasource.password", proxyDb.password()),
                Map.entry("api-auth.clients[0].name", "hss"),
                Map.entry("api-auth.clients[0].token", PROXY_HSS_TOKEN),
                Map.entry("api-auth.clients[0].role", "INTERNAL"),
                Map.entry("api-auth.clients[1].name", "idp"),
                Map.entry("api-auth.clients[1].token", PROXY_SYNC_TOKEN),
                Map.entry("api-auth.clients[1].role", "SYNC"),
                Map.entry("api-auth.clients[1].scopes", "*"),
                Map.entry("web-auth-proxy.encryption.active-key-id", "k1"),
                Map.entry("web-auth-proxy.encryption.keys.k1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")));
        hss = new RunningApp(HssApplication::application, Map.ofEntries(
                Map.entry("server.port", hssPort),
                db("spring.datasource", hssDb),
                Map.entry("spring.datasource.username", hssDb.username()),
                Map.entry("spring.datasource.password", hssDb.password()),
                Map.entry("api-auth.clients[0].name", "cscf"),
                Map.entry("api-auth.clients[0].token", HSS_CSCF_TOKEN),
                Map.entry("api-auth.clients[0].role", "INTERNAL"),
                Map.entry("api-auth.clients[1].name", "operator"),
                Map.entry("api-auth.clients[1].token", HSS_ADMIN_TOKEN),
                Map.entry("api-auth.clients[1].role", "ADMIN"),
                Map.entry("hss.av-proxy.base-url", "http://127.0.0.1:" + proxyPort),
                Map.entry("hss.av-proxy.token", PROXY_HSS_TOKEN),
                Map.entry("hss.scscfs[0].name", scscfName),
                Map.entry("hss.scscfs[0].notify-url", "http://127.0.0.1:" + scscfHttpPort),
                Map.entry("hss.deregistration-notices.token", SCSCF_NOTIFY_TOKEN),
                Map.entry("hss.deregistration-notices.poll-interval", "200ms")));
        Map<String, Object> scscfSettings = new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("server.port", scscfHttpPort),
                db("spring.datasource", scscfDb),
                Map.entry("spring.datasource.username", scscfDb.username()),
                Map.entry("spring.datasource.password", scscfDb.password()),
                Map.entry("api-auth.clients[0].name", "hss"),
                Map.entry("api-auth.clients[0].token", SCSCF_NOTIFY_TOKEN),
                Map.entry("api-auth.clients[0].role", "INTERNAL"),
                Map.entry("scscf.server-name", scscfName),
                Map.entry("scscf.sip.host", "127.0.0.1"),
                Map.entry("scscf.sip.port", scscfSipPort),
                Map.entry("scscf.hss.base-url", "http://127.0.0.1:" + hssPort),
                Map.entry("scscf.hss.token", HSS_CSCF_TOKEN),
                Map.entry("scscf.digest.nonce-keys[0]", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="),
                Map.entry("scscf.registrar.min-expires", "2s"),
                Map.entry("scscf.registrar.expiry-grace", "0s"),
                Map.entry("scscf.registrar.sweep-interval", "200ms")));
        scscfSettings.putAll(scscfOverrides);
        scscf = new RunningApp(ScscfApplication::application, scscfSettings);
        proxy.start();
        hss.start();
        scscf.start();
    }

    private static Map.Entry<String, Object> db(String prefix, TestDatabase database) {
        return Map.entry(prefix + ".url", database.jdbcUrl());
    }

    /** A provisioned web user: WWSF, subscription (IMPU + tel alias), mapping and synced MD5/SHA-256 H(A1)s. */
    public record WebUser(String wwsf, String webIdentity, String password, String impu, String telImpu) {
        public String ha1(DigestAlgorithm algorithm) {
            return DigestCalculator.ha1(algorithm, webIdentity, wwsf, password);
        }
    }

    public WebUser provision(String algorithmPolicy) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        WebUser user = new WebUser("wwsf-" + tag + ".example.com", "alice-" + tag + "@idp.example.com", "wonderland",
                "sip:alice-" + tag + "@" + REALM_DOMAIN, "tel:+1555" + Math.abs(tag.hashCode() % 1_000_000));
        WebTestClient admin = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + hssPort)
                .defaultHeaders(h -> h.setBearerAuth(HSS_ADMIN_TOKEN)).build();
        admin.put().uri("/admin/v1/wwsfs/{w}", user.wwsf()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("origins", List.of("https://" + user.wwsf()), "algorithmPolicy", algorithmPolicy))
                .exchange().expectStatus().isCreated();
        admin.put().uri("/admin/v1/subscriptions/{s}", "sub-" + tag).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", user.impu(), "default", true),
                        Map.of("identity", user.telImpu())), "allowedWwsfs", List.of(user.wwsf())))
                .exchange().expectStatus().isCreated();
        admin.post().uri("/admin/v1/web-identity-mappings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", user.webIdentity(), "impu", user.impu(),
                        "subscriptionId", "sub-" + tag))
                .exchange().expectStatus().isCreated();
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + proxyPort).build()
                .put().uri("/sync/v1/credentials").headers(h -> h.setBearerAuth(PROXY_SYNC_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("wwsfIdentity", user.wwsf(), "webIdentity", user.webIdentity(), "realm", user.wwsf(),
                        "vectors", List.of(Map.of("algorithm", "MD5", "ha1", user.ha1(DigestAlgorithm.MD5)),
                                Map.of("algorithm", "SHA-256", "ha1", user.ha1(DigestAlgorithm.SHA_256))),
                        "credentialVersion", 1))
                .exchange().expectStatus().isCreated();
        return user;
    }

    /** The HSS's view: LIR status code for the IMPU (200 registered, 404 not). */
    public int locationStatus(String impu) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + hssPort).build().get()
                .uri(java.net.URI.create("http://127.0.0.1:" + hssPort + "/cx/v1/impus/"
                        + java.net.URLEncoder.encode(impu, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                        + "/location"))
                .headers(h -> h.setBearerAuth(HSS_CSCF_TOKEN)).exchange().returnResult(byte[].class)
                .getStatus().value();
    }

    @Override
    public void close() {
        scscf.stop();
        hss.stop();
        proxy.stop();
    }
}
