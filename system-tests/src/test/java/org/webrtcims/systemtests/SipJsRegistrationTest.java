package org.webrtcims.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.systemtests.JsSipRegistrationTest.values;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webrtcims.launcher.provisioning.ProvisionedUser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Real SIP.js 0.21.2 ({@code js/sipjs-client.mjs}): the second browser stack the profile names (§2.2). */
@ExtendWith({NodeModules.class, SharedCore.class})
class SipJsRegistrationTest {

    private static RunningCore core;

    @BeforeAll
    static void core(RunningCore shared) {
        core = shared;
    }

    @Test
    @DisplayName("SIP.js with web identity + password gets 200 OK with the mapped IMPU; its un-REGISTER (D1 "
            + "header passed explicitly) gets 200")
    void sipJsRegistersWithWebCredentials_gets200_withMappedImpu() throws Exception {
        ProvisionedUser frank = core.newUser("frank", false);
        ObjectNode scenario = NodeScript.object().put("url", core.webSocketUrl()).put("origin", RunningCore.ORIGIN)
                .put("rejectUnauthorized", false).put("timeoutMs", 20_000);
        scenario.set("user", RunningCore.wic(frank));
        scenario.putArray("steps").add("register").add("unregister");

        NodeScript.Result result = NodeScript.run("sipjs-client.mjs", scenario, Duration.ofSeconds(90));

        JsonNode registered = result.line(0, "register");
        assertThat(registered.path("event").asString()).as("%s", result).isEqualTo("registered");
        assertThat(registered.path("status").asInt()).as("%s", result).isEqualTo(200);
        assertThat(values(registered, "p-associated-uri")).as("%s", result)
                .anySatisfy(v -> assertThat(v).isEqualTo("<" + frank.impu() + ">"));
        assertThat(values(registered, "service-route")).as("%s", result).isNotEmpty();
        JsonNode unregistered = result.line(0, "unregister");
        assertThat(unregistered.path("event").asString()).as("%s", result).isEqualTo("unregistered");
        assertThat(unregistered.path("status").asInt()).as("%s", result).isEqualTo(200);
        assertThat(core.locationStatus(frank.impu())).as("HSS LIR after de-registration").isEqualTo(404);
    }
}
