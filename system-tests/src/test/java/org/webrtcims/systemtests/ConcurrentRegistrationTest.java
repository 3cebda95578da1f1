package org.webrtcims.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.webrtcims.systemtests.JsSipRegistrationTest.values;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webrtcims.launcher.provisioning.ProvisionedUser;

import tools.jackson.databind.JsonNode;

/** Many WICs at once: one JsSIP process, one UA and one WebSocket per user, all started together. */
@ExtendWith({NodeModules.class, SharedCore.class})
class ConcurrentRegistrationTest {

    private static final int USERS = 50;

    private static RunningCore core;

    @BeforeAll
    static void core(RunningCore shared) {
        core = shared;
    }

    @Test
    @DisplayName("50 distinct users registering at the same moment all get 200 OK with their own IMPU")
    void fiftyUsersRegisteringAtOnce_allGet200_withTheirOwnImpu() throws Exception {
        List<ProvisionedUser> users = core.newUsers("crowd", USERS);

        NodeScript.Result result = NodeScript.run("jssip-client.mjs",
                core.scenario(users.stream().map(RunningCore::wic).toList(), "register", "unregister")
                        .put("timeoutMs", 40_000),
                Duration.ofMinutes(3));

        for (int i = 0; i < USERS; i++) {
            JsonNode line = result.line(i, "register");
            String impu = users.get(i).impu();
            assertThat(line.path("event").asString()).as("user %d: %s\n%s", i, line, result).isEqualTo("registered");
            assertThat(line.path("status").asInt()).as("user %d", i).isEqualTo(200);
            assertThat(values(line, "p-associated-uri")).as("user %d", i)
                    .anySatisfy(v -> assertThat(v).isEqualTo("<" + impu + ">"));
        }
        assertThat(result.events("registered")).hasSize(USERS);
        // and each un-REGISTERs again (an explicit step: JsSIP's ua.stop() gives its un-REGISTER only 2 s)
        for (int i = 0; i < USERS; i++) {
            JsonNode line = result.line(i, "unregister");
            assertThat(line.path("event").asString()).as("user %d: %s\n%s", i, line, result)
                    .isEqualTo("unregistered");
            assertThat(line.path("status").asInt()).as("user %d", i).isEqualTo(200);
        }
        assertThat(result.done().path("failed").asInt()).as("%s", result).isZero();
    }
}
