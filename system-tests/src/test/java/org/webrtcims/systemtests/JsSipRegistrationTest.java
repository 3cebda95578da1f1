package org.webrtcims.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webrtcims.launcher.provisioning.ProvisionedUser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real JsSIP 3.13.8 (Node, {@code js/jssip-client.mjs}) registering with web credentials over WebSocket to the
 * whole core started by the local launcher. Wire contract: docs/protocol-profile.md §2 (D1–D5), §3, §6, §7.
 */
@ExtendWith({NodeModules.class, SharedCore.class})
class JsSipRegistrationTest {

    private static final String JSSIP = "jssip-client.mjs";
    private static final Duration RUN = Duration.ofSeconds(90);

    private static RunningCore core;

    @BeforeAll
    static void core(RunningCore shared) {
        core = shared;
    }

    @Test
    @DisplayName("JsSIP with web identity + password gets 200 OK; P-Associated-URI = mapped IMPU (+ tel alias), "
            + "Service-Route present (profile §3 steps 1–10)")
    void registerWithWebCredentials_gets200_withMappedImpuAndServiceRoute() throws Exception {
        ProvisionedUser alice = core.newUser("alice", true);

        NodeScript.Result result = NodeScript.run(JSSIP, core.scenario(List.of(RunningCore.wic(alice)), "register"),
                RUN);

        JsonNode registered = result.line(0, "register");
        assertThat(registered.path("event").asString()).as("%s", result).isEqualTo("registered");
        assertThat(registered.path("status").asInt()).as("%s", result).isEqualTo(200);
        assertThat(values(registered, "p-associated-uri")).as("%s", result)
                .anySatisfy(v -> assertThat(v).contains("<" + alice.impu() + ">"))
                .anySatisfy(v -> assertThat(v).contains("<" + alice.telAlias() + ">"));
        assertThat(values(registered, "p-associated-uri").get(0)).as("default public identity first")
                .contains(alice.impu());
        assertThat(values(registered, "service-route")).as("%s", result).isNotEmpty()
                .allSatisfy(v -> assertThat(v).startsWith("<sip:").contains(";lr"));
        // the D1 header is W2-only: the eP-CSCF never sends it to the WIC (profile D1)
        assertThat(registered.path("headers").has("webrtc-web-identity")).isFalse();
        assertThat(result.exitCode()).as("%s", result).isZero();
    }

    @Test
    @DisplayName("Wrong web password → 403 after the challenge, no retry with the same nonce (profile §6 #16)")
    void wrongPassword_isRejectedWith403_afterTheChallenge() throws Exception {
        ProvisionedUser bob = core.newUser("bob", false);
        ObjectNode wic = RunningCore.wic(bob).put("password", "not-" + bob.password());

        NodeScript.Result result = NodeScript.run(JSSIP, core.scenario(List.of(wic), "register"), RUN);

        JsonNode failed = result.line(0, "register");
        assertThat(failed.path("event").asString()).as("%s", result).isEqualTo("registrationFailed");
        assertThat(failed.path("status").asInt()).as("%s", result).isEqualTo(403);
        // CSeq 2: JsSIP's first REGISTER (CSeq 1) was challenged, the 403 answers the digest response
        assertThat(values(failed, "cseq")).as("%s", result).containsExactly("2 REGISTER");
        assertThat(result.events("registered")).isEmpty();
        assertThat(core.locationStatus(bob.impu())).as("HSS LIR: not registered").isEqualTo(404);
    }

    @Test
    @DisplayName("Web identity not mapped to any IMPU → 403 before any challenge (profile §6 #9/#10)")
    void unknownWebIdentity_isRejectedWith403_beforeAnyChallenge() throws Exception {
        ProvisionedUser carol = core.newUser("carol", false);
        // carol's IMPU, claimed with a web identity the WWSF never mapped (and the proxy has no H(A1) for)
        ObjectNode wic = RunningCore.wic(carol).put("webIdentity", "mallory@idp.systest.example.com");

        NodeScript.Result result = NodeScript.run(JSSIP, core.scenario(List.of(wic), "register"), RUN);

        JsonNode failed = result.line(0, "register");
        assertThat(failed.path("event").asString()).as("%s", result).isEqualTo("registrationFailed");
        assertThat(failed.path("status").asInt()).as("%s", result).isEqualTo(403);
        // CSeq 1: the very first REGISTER is refused, no 401 came before it
        assertThat(values(failed, "cseq")).as("%s", result).containsExactly("1 REGISTER");
        assertThat(failed.path("headers").has("www-authenticate")).isFalse();
        assertThat(core.locationStatus(carol.impu())).as("HSS LIR: not registered").isEqualTo(404);
    }

    @Test
    @DisplayName("Origin of no WWSF → WebSocket handshake refused with HTTP 403, nothing registered (profile D3, "
            + "§6 #1)")
    void foreignOrigin_isRefusedAtTheHandshakeWith403() throws Exception {
        ProvisionedUser dave = core.newUser("dave", false);
        ObjectNode scenario = core.scenario(List.of(RunningCore.wic(dave)), "register")
                .put("origin", "https://evil.example.org");

        NodeScript.Result result = NodeScript.run(JSSIP, scenario, RUN);

        JsonNode connect = result.line(0, "connect");
        assertThat(connect.path("event").asString()).as("%s", result).isEqualTo("handshakeFailed");
        assertThat(connect.path("httpStatus").asInt()).as("%s", result).isEqualTo(403);
        assertThat(result.line(0, "register").path("event").asString()).isEqualTo("skipped");
        assertThat(result.events("registered")).isEmpty();
        assertThat(core.locationStatus(dave.impu())).as("HSS LIR: not registered").isEqualTo(404);
    }

    @Test
    @DisplayName("JsSIP refresh (challenged again) → 200, un-REGISTER → 200, then the HSS reports the IMPU not "
            + "registered (profile §7.1, §7.2)")
    void refreshAndDeregistration_work_andTheHssForgetsTheRegistration() throws Exception {
        ProvisionedUser erin = core.newUser("erin", false);
        NodeScript running = NodeScript.start(JSSIP, core.scenario(List.of(RunningCore.wic(erin)),
                "register", "refresh", "sleep:3000", "unregister"));

        // while the script sleeps between refresh and un-REGISTER, the HSS knows the registration
        JsonNode refreshed = running.awaitLine(l -> "refresh".equals(l.path("step").asString()), RUN);
        assertThat(refreshed.path("event").asString()).as("%s", refreshed).isEqualTo("registered");
        assertThat(core.locationStatus(erin.impu())).as("HSS LIR while registered").isEqualTo(200);

        NodeScript.Result result = running.await(RUN);
        JsonNode registered = result.line(0, "register");
        assertThat(registered.path("event").asString()).as("%s", result).isEqualTo("registered");
        assertThat(registered.path("status").asInt()).isEqualTo(200);
        JsonNode refresh = result.line(0, "refresh");
        assertThat(refresh.path("status").asInt()).as("%s", result).isEqualTo(200);
        assertThat(values(refresh, "p-associated-uri")).anySatisfy(v -> assertThat(v).contains(erin.impu()));
        // a refresh is a new REGISTER transaction on the same Call-ID, not a replay of the first 200
        assertThat(values(refresh, "cseq").get(0)).isNotEqualTo(values(registered, "cseq").get(0));
        JsonNode unregistered = result.line(0, "unregister");
        assertThat(unregistered.path("event").asString()).as("%s", result).isEqualTo("unregistered");
        assertThat(unregistered.path("status").asInt()).isEqualTo(200);
        assertThat(result.lines(0, "stop")).as("nothing left for ua.stop() to un-REGISTER").isEmpty();
        assertThat(result.done().path("failed").asInt()).as("%s", result).isZero();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(core.locationStatus(erin.impu())).as("HSS LIR after de-registration").isEqualTo(404));
    }

    static List<String> values(JsonNode line, String header) {
        return line.path("headers").path(header).valueStream().map(JsonNode::asString).toList();
    }
}
