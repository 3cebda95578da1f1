package org.webrtcims.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.DigestCalculator;
import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.Ports;
import org.webrtcims.fixture.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system started once for the class, on free ports, with the demo user, on the embedded PostgreSQL (or
 * the server of {@code IMS_TEST_JDBC_URL}: {@link TestDatabaseOptions}).
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalSystemTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Databases of this run on an external server, apart from a local run's and other runs' ones. */
    private static final String DATABASE_PREFIX = "launcher_it_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    @TempDir
    static Path dataDirectory;

    private static LocalSystem system;

    @BeforeAll
    static void start() {
        system = LocalSystem.start(options().withRandomPorts(true));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** Persistent data directory, so that the restart test sees the same database and secrets. */
    private static LaunchOptions options() {
        return TestDatabaseOptions.apply(LaunchOptions.defaults().withDemo(true).withDataDirectory(dataDirectory),
                DATABASE_PREFIX);
    }

    @Test
    @Order(1)
    void everyServiceIsReady() throws Exception {
        assertEveryServiceReady(system);
    }

    @Test
    @Order(1)
    void webSocketUrlNamesTheEpCscfsPortAndSipPath() {
        assertThat(system.webSocketUrl())
                .isEqualTo("ws://127.0.0.1:" + system.ports().epcscfHttp() + "/sip");
        assertThat(system.sipPort(Service.EP_CSCF)).isEqualTo(system.ports().epcscfSip());
    }

    @Test
    @Order(1)
    void demoUserIsTheProfilesTestVector() {
        ProvisionedUser demo = system.demoUser().orElseThrow();
        assertThat(demo.wwsf()).isEqualTo("wwsf.example.com");
        assertThat(demo.origins()).containsExactly("http://localhost:8080", "http://127.0.0.1:8080",
                "https://wwsf.example.com");
        assertThat(demo.webIdentity()).isEqualTo("alice@idp.example.com");
        assertThat(demo.impu()).isEqualTo("sip:alice.web@ims.example.net");
        assertThat(demo.password()).isEqualTo("wonderland");
    }

    @Test
    @Order(1)
    void demoMappingIsVisibleThroughTheHssAdminApi() throws Exception {
        JsonNode items = demoMappings(system);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("impu").asString()).isEqualTo("sip:alice.web@ims.example.net");
        assertThat(items.get(0).path("enabled").asBoolean()).isTrue();
    }

    @Test
    @Order(1)
    void demoCredentialIsVisibleThroughTheProxyStatusApi() throws Exception {
        HttpResponse<String> status = get(system.httpBaseUrl(Service.WEB_AUTH_PROXY)
                + "/sync/v1/credentials:status?wwsfIdentity=wwsf.example.com&webIdentity="
                        + URLEncoder.encode("alice@idp.example.com", StandardCharsets.UTF_8),
                system.secrets().proxyAdminToken());
        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode credential = JSON.readTree(status.body());
        assertThat(credential.path("exists").asBoolean()).isTrue();
        assertThat(credential.path("algorithms").toString()).contains("MD5", "SHA-256");
    }

    @Test
    @Order(1)
    void secretsFileIsReadableByItsOwnerOnlyAndHoldsEveryToken() throws IOException {
        Path file = system.secretsFile();
        assertThat(file).isEqualTo(dataDirectory.resolve("local-system.env"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String content = Files.readString(file);
        system.secrets().byName().forEach((name, value) -> assertThat(content).contains(name + "=" + value));
        assertThat(system.secrets().toString()).doesNotContain(system.secrets().hssAdminToken());
    }

    @Test
    @Order(2)
    void noTokenKeyOrHa1ReachesTheLog(CapturedOutput output) {
        assertThat(output.getAll()).contains("Local system up");
        assertNoSecretIn(output.getAll());
    }

    @Test
    @Order(3)
    void closeFreesThePortsSoASecondStartOnThemReprovisionsTheDemoIdempotently(CapturedOutput output)
            throws Exception {
        Ports ports = system.ports();
        String adminToken = system.secrets().hssAdminToken();
        system.close();
        system = null;
        for (Service service : Service.values()) {
            assertFree(ports.http(service));
            if (service.speaksSip()) {
                assertFree(ports.sip(service));
            }
        }

        try (LocalSystem again = LocalSystem.start(options().withPorts(ports))) {
            assertThat(again.ports()).isEqualTo(ports);
            assertThat(again.secrets().hssAdminToken()).as("secrets kept in the data directory").isEqualTo(adminToken);
            assertEveryServiceReady(again);
            assertThat(demoMappings(again)).hasSize(1);
            assertNoSecretIn(output.getAll());
        }
    }

    private static void assertEveryServiceReady(LocalSystem running) throws Exception {
        for (Service service : Service.values()) {
            HttpResponse<String> readiness = get(running.managementBaseUrl(service) + "/actuator/health/readiness",
                    null);
            assertThat(readiness.statusCode()).as(service + " readiness").isEqualTo(200);
            assertThat(JSON.readTree(readiness.body()).path("status").asString()).as(service + " readiness")
                    .isEqualTo("UP");
        }
    }

    private static JsonNode demoMappings(LocalSystem running) throws Exception {
        HttpResponse<String> page = get(running.httpBaseUrl(Service.HSS)
                + "/admin/v1/web-identity-mappings?wwsfIdentity=wwsf.example.com&webIdentity="
                        + URLEncoder.encode("alice@idp.example.com", StandardCharsets.UTF_8),
                running.secrets().hssAdminToken());
        assertThat(page.statusCode()).isEqualTo(200);
        return JSON.readTree(page.body()).path("items");
    }

    private static void assertNoSecretIn(String log) {
        List<String> secrets = new ArrayList<>(LocalSystemTest.secrets());
        WebUser demo = WebUser.demo();
        for (DigestAlgorithm algorithm : List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256)) {
            secrets.add(DigestCalculator.ha1(algorithm, demo.webIdentity(), demo.wwsf(), demo.password()));
        }
        for (String secret : secrets) {
            assertThat(log).as("log output").doesNotContain(secret);
        }
    }

    /** The secrets of this class's runs: the file in the data directory outlives both starts. */
    private static List<String> secrets() {
        try {
            return Files.readAllLines(dataDirectory.resolve("local-system.env")).stream()
                    .filter(line -> !line.startsWith("#") && line.contains("="))
                    .map(line -> line.substring(line.indexOf('=') + 1))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
