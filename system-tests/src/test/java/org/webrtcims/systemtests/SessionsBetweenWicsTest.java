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
 * Requests between registered WICs through the whole core (eP-CSCF → S-CSCF orig → I-CSCF/LIR → S-CSCF term →
 * eP-CSCF → WIC; profile §8, §7.4, §7.6): real JsSIP and SIP.js exchanging MESSAGE, and hand-built SIP over
 * WebSocket ({@code js/raw-sip.mjs}: every request written by the test, MD5 digest computed in JS) for an INVITE
 * dialog, a callee whose WebSocket died, and the reg event on a network-initiated de-registration.
 */
@ExtendWith({NodeModules.class, SharedCore.class})
class SessionsBetweenWicsTest {

    private static final Duration RUN = Duration.ofSeconds(120);
    private static RunningCore core;

    @BeforeAll
    static void core(RunningCore shared) {
        core = shared;
    }

    private ObjectNode raw(String scenario, List<ProvisionedUser> users, String target) {
        ObjectNode s = core.scenario(users.stream().map(RunningCore::wic).toList()).put("scenario", scenario)
                .put("domain", RunningCore.IMPU_DOMAIN).put("timeoutMs", 15_000);
        if (target != null) {
            s.put("target", target);
        }
        return s;
    }

    private static JsonNode step(NodeScript.Result result, String step) {
        List<JsonNode> found = result.lines().stream().filter(l -> step.equals(l.path("step").asString())).toList();
        assertThat(found).as("one %s line\n%s", step, result).hasSize(1);
        return found.get(0);
    }

    private static List<String> header(JsonNode message, String name) {
        return message.path("headers").path(name).valueStream().map(JsonNode::asString).toList();
    }

    private static void bothRegistered(NodeScript.Result result) {
        List<JsonNode> registers = result.lines().stream().filter(l -> "register".equals(l.path("step").asString()))
                .toList();
        assertThat(registers).as("%s", result).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("status").asInt()).as("%s", result).isEqualTo(200));
    }

    @Test
    @DisplayName("MESSAGE from JsSIP reaches SIP.js and back: 2xx to the sender, the body unchanged, "
            + "P-Asserted-Identity = the sender's IMPU (asserted by the eP-CSCF), P-Called-Party-ID = the callee's")
    void messageBetweenJsSipAndSipJs_isDeliveredBothWaysWithTheAssertedIdentity() {
        ProvisionedUser js = core.newUser("msg-jssip", false);
        ProvisionedUser sj = core.newUser("msg-sipjs", false);

        NodeScript.Result result = NodeScript.run("message-pair.mjs", core.scenario(List.of(RunningCore.wic(js),
                RunningCore.wic(sj))), RUN);

        JsonNode register = step(result, "register");
        assertThat(register.path("jssip").asInt()).as("%s", result).isEqualTo(200);
        assertThat(register.path("sipjs").asInt()).as("%s", result).isEqualTo(200);
        for (String direction : List.of("jssipToSipjs", "sipjsToJssip")) {
            JsonNode line = step(result, direction);
            ProvisionedUser from = direction.startsWith("jssip") ? js : sj;
            ProvisionedUser to = direction.startsWith("jssip") ? sj : js;
            assertThat(line.path("status").asInt()).as("%s %s", direction, result).isBetween(200, 299);
            assertThat(line.path("received")).as("%s %s", direction, result).hasSize(1);
            JsonNode received = line.path("received").get(0);
            assertThat(received.path("firstLine").asString()).startsWith("MESSAGE ");
            assertThat(received.path("body").asString()).isEqualTo(line.path("text").asString());
            assertThat(header(received, "p-asserted-identity")).as("%s", result)
                    .anySatisfy(v -> assertThat(v).contains(from.impu()));
            assertThat(header(received, "p-called-party-id")).as("%s", result)
                    .anySatisfy(v -> assertThat(v).contains(to.impu()));
        }
        assertThat(result.exitCode()).as("%s", result).isZero();
    }

    @Test
    @DisplayName("INVITE dialog between two raw SIP-over-WebSocket clients: the callee gets the offer unchanged at its "
            + "Contact (R-URI) with P-Called-Party-ID and PAI; 180 and 200 with the answer reach the caller; ACK and "
            + "BYE follow the Record-Route set to the callee; BYE gets 200")
    void inviteDialogWithSdpOfferAnswer_ackAndBye_crossesTheWholeChain() {
        ProvisionedUser caller = core.newUser("dlg-a", false);
        ProvisionedUser callee = core.newUser("dlg-b", false);

        NodeScript.Result result = NodeScript.run("raw-sip.mjs", raw("dialog", List.of(caller, callee),
                callee.impu()), RUN);

        bothRegistered(result);
        String calleeContact = result.line(1, "register").path("contact").asString();
        JsonNode atCallee = step(result, "inviteAtCallee");
        JsonNode invite = atCallee.path("received");
        assertThat(invite.path("method").asString()).as("%s", result).isEqualTo("INVITE");
        assertThat(invite.path("ruri").asString()).as("R-URI := the binding's Contact").startsWith(calleeContact);
        assertThat(invite.path("body").asString()).as("SDP offer passed through untouched")
                .isEqualTo(atCallee.path("offer").asString());
        assertThat(header(invite, "p-called-party-id")).anySatisfy(v -> assertThat(v).contains(callee.impu()));
        assertThat(header(invite, "p-asserted-identity")).anySatisfy(v -> assertThat(v).contains(caller.impu()));
        assertThat(header(invite, "record-route")).as("eP-CSCF (twice per side) and S-CSCF record-route\n%s", result)
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(header(invite, "record-route").get(0)).as("the callee's eP-CSCF WS side on top").contains("ft-");
        assertThat(invite.path("headers").has("webrtc-web-identity")).isFalse();

        JsonNode atCaller = step(result, "inviteAtCaller");
        assertThat(atCaller.path("provisional").valueStream().map(JsonNode::asInt).toList()).as("%s", result)
                .contains(180);
        assertThat(atCaller.path("final").path("status").asInt()).as("%s", result).isEqualTo(200);
        assertThat(atCaller.path("final").path("body").asString()).as("SDP answer passed through untouched")
                .isEqualTo(atCaller.path("answer").asString());

        JsonNode ack = step(result, "ackAtCallee");
        assertThat(ack.path("received").path("method").asString()).as("%s", result).isEqualTo("ACK");
        JsonNode bye = step(result, "bye");
        assertThat(bye.path("received").path("method").asString()).as("%s", result).isEqualTo("BYE");
        assertThat(bye.path("final").path("status").asInt()).as("%s", result).isEqualTo(200);
    }

    @Test
    @DisplayName("Callee's WebSocket died without un-REGISTER: the first MESSAGE gets 430 Flow Failed (or the S-CSCF's "
            + "480 for its only branch's 430), the binding is removed (the HSS no longer has the IMPU registered), "
            + "the next MESSAGE and an INVITE get 480")
    void requestsToACalleeWhoseWebSocketDied_get430_andTheBindingIsRemoved() throws Exception {
        ProvisionedUser caller = core.newUser("dead-a", false);
        ProvisionedUser callee = core.newUser("dead-b", false);

        NodeScript.Result result = NodeScript.run("raw-sip.mjs", raw("deadFlow", List.of(caller, callee),
                callee.impu()), RUN);

        System.out.println("dead flow: " + result); // the statuses seen, in target/surefire-reports/*-output.txt
        bothRegistered(result);
        assertThat(step(result, "request1").path("final").path("status").asInt()).as("%s", result).isIn(430, 480);
        assertThat(step(result, "request2").path("final").path("status").asInt())
                .as("binding removed after the 430\n%s", result).isEqualTo(480);
        JsonNode invite = step(result, "request3");
        assertThat(invite.path("final").path("status").asInt()).as("%s", result).isEqualTo(480);
        // the registration expires in 600 s: only the 430 can have removed the last binding (SAR to the HSS) by now
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(core.locationStatus(callee.impu()))
                .as("HSS LIR: the callee is no longer registered").isEqualTo(404));
    }

    @Test
    @DisplayName("A WIC subscribed to reg for its own IMPU gets NOTIFY state=full (active); when the operator disables "
            + "its mapping (HSS → RTR) it gets NOTIFY registration state=terminated and Subscription-State terminated")
    void regEventSubscriber_isNotifiedOfTheNetworkInitiatedDeregistration() throws Exception {
        ProvisionedUser wic = core.newUser("regevent", false);
        NodeScript running = NodeScript.start("raw-sip.mjs", raw("regEvent", List.of(wic), null)
                .put("waitMs", 60_000));

        JsonNode subscribe = running.awaitLine(l -> "subscribe".equals(l.path("step").asString()), RUN);
        assertThat(subscribe.path("final").path("status").asInt()).as("%s", subscribe).isBetween(200, 299);
        JsonNode first = running.awaitLine(l -> "notify".equals(l.path("step").asString())
                && l.path("n").asInt() == 1, RUN);
        String full = first.path("received").path("body").asString();
        assertThat(first.path("received").path("headers").path("event").toString()).as("%s", first).contains("reg");
        assertThat(full).as("%s", first).contains("state=\"full\"").contains(wic.impu()).contains("active");

        assertThat(core.disableMapping(wic)).isEqualTo(200);

        JsonNode terminated = running.awaitLine(l -> "notify".equals(l.path("step").asString())
                && l.path("subscriptionState").asString().startsWith("terminated"), RUN);
        String body = terminated.path("received").path("body").asString();
        assertThat(body).as("%s", terminated).contains(wic.impu()).containsPattern(
                "<registration[^>]*state=\"terminated\"");
        assertThat(body).as("%s", terminated).containsPattern("event=\"(deactivated|rejected|unregistered)\"");
        NodeScript.Result result = running.await(RUN);
        System.out.println("reg event: " + result);
        assertThat(result.exitCode()).as("%s", result).isZero();
    }
}
