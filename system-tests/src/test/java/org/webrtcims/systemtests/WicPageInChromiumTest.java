package org.webrtcims.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webrtcims.launcher.page.WicPageServer;
import org.webrtcims.launcher.provisioning.ProvisionedUser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference WIC page (wic-page/, served by the launcher's {@link WicPageServer} from the classpath the Maven
 * build bundled it into) in a real Chromium (Debian's {@code /usr/bin/chromium}, driven by playwright-core from
 * {@code js/wic-browser.mjs}, fake camera and microphone): two pages sign in as two users of a WWSF whose origin is
 * the page's, message and call each other through the whole core. One browser run for the class; each test asserts
 * one behaviour on what the run observed (profile §8, issue 13).
 */
@ExtendWith({NodeModules.class, SharedCore.class})
class WicPageInChromiumTest {

    static final Path CHROMIUM = Path.of(System.getProperty("systemtests.chromium", "/usr/bin/chromium"));
    static final String PAGE_WWSF = "wwsf.page.systest.example.com";
    static final Path SCREENSHOT = Path.of("target", "wic-page", "after-registration.png").toAbsolutePath();

    private static WicPageServer page;
    private static ProvisionedUser alice;
    private static ProvisionedUser bob;
    private static ProvisionedUser carol;
    private static NodeScript.Result run;

    @BeforeAll
    static void runBothPagesInOneChromium(RunningCore core) throws IOException {
        assertThat(CHROMIUM).as("the Chromium tests need Debian's chromium (apt-get install -y chromium)")
                .isExecutable();
        page = WicPageServer.start("127.0.0.1", 0, new WicPageServer.PageConfig(core.webSocketUrl(), PAGE_WWSF,
                RunningCore.IMPU_DOMAIN, null, null));
        // the WWSF's origins are the page's: the browser sets Origin, the eP-CSCF maps it to the WWSF (profile D3)
        List<String> origins = List.of("http://localhost:" + page.port(), "http://127.0.0.1:" + page.port());
        alice = core.newUser("page-alice", false, PAGE_WWSF, origins);
        bob = core.newUser("page-bob", false, PAGE_WWSF, origins);
        carol = core.newUser("page-carol", false, PAGE_WWSF, origins); // provisioned, never registered
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        ObjectNode scenario = NodeScript.object().put("pageUrl", "http://localhost:" + page.port() + "/")
                .put("chromium", CHROMIUM.toString()).put("absent", carol.impu())
                .put("screenshot", SCREENSHOT.toString()).put("timeoutMs", 20_000).put("mediaSeconds", 3);
        scenario.putArray("users").add(RunningCore.wic(alice)).add(RunningCore.wic(bob));
        scenario.putArray("steps").add("register").add("screenshot").add("message").add("call").add("callAbsent")
                .add("unregister");
        run = NodeScript.run("wic-browser.mjs", scenario, Duration.ofMinutes(4));
        System.out.println("WIC page in Chromium: " + run); // what the pages showed, in *-output.txt
    }

    @AfterAll
    static void stopPage() {
        if (page != null) {
            page.close();
        }
    }

    private static JsonNode step(String name) {
        List<JsonNode> found = run.lines().stream().filter(l -> name.equals(l.path("step").asString())).toList();
        assertThat(found).as("one %s line\n%s", name, run).hasSize(1);
        return found.get(0);
    }

    @Test
    @DisplayName("Both pages sign in with web identity + password: 200, the IMPU associated, the REGISTER ladder "
            + "(401 then 200) shown; a screenshot of the registered page is written")
    void pagesRegisterWithWebCredentials_showTheLadder_andTheScreenshotIsWritten() throws IOException {
        JsonNode register = step("register");
        assertThat(register.path("ok").asBoolean()).as("%s", run).isTrue();
        List<ProvisionedUser> users = List.of(alice, bob);
        for (int i = 0; i < 2; i++) {
            JsonNode p = register.path("pages").get(i);
            assertThat(p.path("state").asString()).as("%s", run).isEqualTo("registered");
            assertThat(p.path("status").asInt()).isEqualTo(200);
            assertThat(p.path("associated").toString()).contains(users.get(i).impu());
            assertThat(p.path("ladder").valueStream().map(JsonNode::asString).toList()).as("%s", run)
                    .containsSubsequence("→ REGISTER sip:ims.example.net SIP/2.0", "← SIP/2.0 401 Unauthorized",
                            "→ REGISTER sip:ims.example.net SIP/2.0", "← SIP/2.0 200 OK");
        }
        assertThat(step("screenshot").path("ok").asBoolean()).as("%s", run).isTrue();
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png.length).as("screenshot size").isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    @DisplayName("A MESSAGE typed on one page appears on the other, from the sender's asserted IMPU; the sender "
            + "sees the 2xx")
    void messageFromOnePageAppearsOnTheOther() {
        JsonNode message = step("message");
        assertThat(message.path("received").asBoolean()).as("%s", run).isTrue();
        assertThat(message.path("chatLogB").asString()).contains(message.path("text").asString());
        assertThat(message.path("receivedOnB").get(0).path("peer").asString()).as("%s", run)
                .isEqualTo(alice.impu());
        assertThat(message.path("sent").path("status").asInt()).as("%s", run).isBetween(200, 299);
    }

    @Test
    @DisplayName("One page calls the other, the call is answered, audio flows both ways (inbound-rtp bytesReceived "
            + "grows on both sides), the caller hangs up and both pages show the call ended")
    void callIsAnswered_audioFlowsBothWays_andHangingUpEndsItOnBothPages() {
        JsonNode call = step("call");
        assertThat(call.path("incoming").path("state").asString()).as("%s", run).isEqualTo("incoming");
        assertThat(call.path("confirmedA").path("state").asString()).as("%s", run).isEqualTo("confirmed");
        assertThat(call.path("confirmedB").path("state").asString()).as("%s", run).isEqualTo("confirmed");
        for (String side : List.of("statsA", "statsB")) {
            JsonNode before = call.path(side).get(0);
            JsonNode after = call.path(side).get(1);
            assertThat(after.path("connectionState").asString()).as("%s %s", side, run).isEqualTo("connected");
            assertThat(after.path("inboundBytes").asLong()).as("%s inbound audio grows\n%s", side, run)
                    .isGreaterThan(before.path("inboundBytes").asLong()).isGreaterThan(1_000);
        }
        assertThat(call.path("endedA").path("state").asString()).as("%s", run).isEqualTo("ended");
        assertThat(call.path("endedA").path("text").asString()).contains("you hung up");
        assertThat(call.path("endedB").path("state").asString()).as("%s", run).isEqualTo("ended");
        assertThat(call.path("endedB").path("text").asString()).contains(alice.impu()).contains("hung up");
        assertThat(call.path("ladderB").valueStream().map(JsonNode::asString).toList()).as("%s", run)
                .anyMatch(l -> l.startsWith("← INVITE ")).anyMatch(l -> l.startsWith("← ACK "))
                .anyMatch(l -> l.startsWith("← BYE "));
    }

    @Test
    @DisplayName("Calling a provisioned user who is not registered shows 480 on the page")
    void callingAUserWhoIsNotRegisteredShows480() {
        JsonNode absent = step("callAbsent");
        assertThat(absent.path("result").path("state").asString()).as("%s", run).isEqualTo("failed");
        assertThat(absent.path("call").path("status").asInt()).as("%s", run).isEqualTo(480);
        assertThat(absent.path("result").path("text").asString()).contains("480");
    }

    @Test
    @DisplayName("De-registering from the page: 200, the page shows it is no longer registered")
    void deRegisterFromThePage_gets200() {
        JsonNode unregister = step("unregister");
        assertThat(unregister.path("ok").asBoolean()).as("%s", run).isTrue();
        unregister.path("pages").forEach(p -> assertThat(p.path("detail").asString()).contains("200"));
    }
}
