package org.webrtcims.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.systemtests.JsSipRegistrationTest.values;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.webrtcims.launcher.LaunchOptions;
import org.webrtcims.launcher.provisioning.ProvisionedUser;
import org.webrtcims.fixture.Service;

import tools.jackson.databind.JsonNode;

/**
 * JsSIP over {@code wss://} (profile §3: W2 = WSS): a second core whose eP-CSCF serves TLS from a Spring SSL bundle
 * with a self-signed PKCS12 keystore made here by the JDK's {@code keytool}; the client does not verify it
 * ({@code rejectUnauthorized:false}).
 */
@ExtendWith(NodeModules.class)
class WssRegistrationTest {

    private static final String BUNDLE = "epcscf-systest";

    @TempDir
    static Path directory;

    private static RunningCore core;

    @BeforeAll
    static void startWithTls() throws Exception {
        String password = UUID.randomUUID().toString();
        Path keystore = selfSignedKeystore(directory.resolve("epcscf.p12"), password);
        core = RunningCore.start(LaunchOptions.defaults()
                .withSetting(Service.EP_CSCF, "server.ssl.bundle", BUNDLE)
                .withSetting(Service.EP_CSCF, "spring.ssl.bundle.jks." + BUNDLE + ".keystore.location",
                        keystore.toUri().toString())
                .withSetting(Service.EP_CSCF, "spring.ssl.bundle.jks." + BUNDLE + ".keystore.password", password)
                .withSetting(Service.EP_CSCF, "spring.ssl.bundle.jks." + BUNDLE + ".keystore.type", "PKCS12"));
    }

    @AfterAll
    static void stop() {
        if (core != null) {
            core.close();
        }
    }

    @Test
    @DisplayName("JsSIP over wss:// registers with web credentials: 200 OK, mapped IMPU, Via transport WSS")
    void jsSipOverWss_gets200_withMappedImpu() throws Exception {
        ProvisionedUser grace = core.newUser("grace", false);

        NodeScript.Result result = NodeScript.run("jssip-client.mjs",
                core.scenario(List.of(RunningCore.wic(grace)), "register", "unregister"), Duration.ofSeconds(90));

        assertThat(core.webSocketUrl()).startsWith("wss://");
        JsonNode registered = result.line(0, "register");
        assertThat(registered.path("event").asString()).as("%s", result).isEqualTo("registered");
        assertThat(registered.path("status").asInt()).as("%s", result).isEqualTo(200);
        assertThat(values(registered, "p-associated-uri")).as("%s", result)
                .anySatisfy(v -> assertThat(v).isEqualTo("<" + grace.impu() + ">"));
        // JsSIP's own Via, echoed: it really spoke over TLS (SIP/2.0/WSS, RFC 7118 §5.2)
        assertThat(values(registered, "via")).as("%s", result).singleElement()
                .satisfies(v -> assertThat(v).startsWith("SIP/2.0/WSS "));
        assertThat(result.line(0, "unregister").path("status").asInt()).as("%s", result).isEqualTo(200);
    }

    @Test
    @DisplayName("The TLS eP-CSCF does not speak plain ws:// on its port")
    void plainWebSocketOnTheTlsPort_doesNotConnect() throws Exception {
        ProvisionedUser heidi = core.newUser("heidi", false);

        NodeScript.Result result = NodeScript.run("jssip-client.mjs", core.scenario(List.of(RunningCore.wic(heidi)),
                "register").put("url", core.webSocketUrl().replaceFirst("^wss:", "ws:")).put("timeoutMs", 10_000),
                Duration.ofSeconds(60));

        assertThat(result.line(0, "connect").path("event").asString()).as("%s", result).isNotEqualTo("connected");
        assertThat(result.events("registered")).isEmpty();
    }

    private static Path selfSignedKeystore(Path file, String password) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "epcscf",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool: %s", output).isZero();
        assertThat(Files.size(file)).isPositive();
        return file;
    }
}
