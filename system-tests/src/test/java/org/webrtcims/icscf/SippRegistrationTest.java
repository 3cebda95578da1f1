package org.webrtcims.icscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.ports.FreePorts;

/**
 * Interop with a SIP tool nobody here wrote: sipp (Debian {@code sip-tester}) registers a handful of web users
 * with digest through the I-CSCF over TCP, using {@code bench/sipp/register-digest.xml}.
 */
class SippRegistrationTest {

    private static CoreUnderTest core;
    private static RunningApp icscf;
    private static int icscfPort;

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(Map.of());
        icscfPort = FreePorts.next();
        icscf = new RunningApp(Service.ICSCF, Map.of(
                "server.port", FreePorts.next(),
                "icscf.sip.host", "127.0.0.1",
                "icscf.sip.port", icscfPort,
                "icscf.hss.base-url", "http://127.0.0.1:" + core.hssPort,
                "icscf.hss.token", CoreUnderTest.HSS_ICSCF_TOKEN)).start();
    }

    @AfterAll
    static void stop() {
        icscf.close();
        core.close();
    }

    @Test
    void sippRegistersFiveWebUsersWithDigestThroughTheIcscfOverTcp() throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
        List<CoreUnderTest.WebUser> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CoreUnderTest.WebUser user = core.provision("md5-only", "sipp-user@idp.example.com");
            users.add(user);
            lines.add(user.impu().substring("sip:".length(), user.impu().indexOf('@')) + ";" + user.webIdentity()
                    + ";" + user.wwsf());
        }
        Path work = Files.createTempDirectory("sipp");
        Path usersFile = Files.write(work.resolve("users.csv"), lines);
        File scenario = new File("../bench/sipp/register-digest.xml").getCanonicalFile();
        assertThat(scenario).as("the sipp scenario of bench/").exists();
        Process sipp = new ProcessBuilder("sipp", "127.0.0.1:" + icscfPort, "-sf", scenario.getPath(),
                "-inf", usersFile.toString(), "-t", "t1", "-i", "127.0.0.1", "-p",
                Integer.toString(FreePorts.next()), "-m", "5", "-r", "5", "-auth_uri", "ims.example.net",
                "-au", "sipp-user@idp.example.com", "-ap", "wonderland",
                "-timeout", "60s", "-timeout_error", "-nostdin", "-trace_err", "-trace_stat")
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("sipp.out").toFile()).start();
        assertThat(sipp.waitFor(90, TimeUnit.SECONDS)).as("sipp finished").isTrue();
        String output = Files.readString(work.resolve("sipp.out"));
        assertThat(sipp.exitValue()).as("sipp exit code (0 = every call succeeded):\n" + output
                + errors(work)).isZero();
        for (CoreUnderTest.WebUser user : users) {
            assertThat(core.locationStatus(user.impu())).isEqualTo(200);
        }
    }

    private static String errors(Path work) throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(work)) {
            for (Path f : files.filter(p -> p.toString().endsWith("_errors.log")).toList()) {
                text.append(Files.readString(f));
            }
        }
        return text.toString();
    }
}
