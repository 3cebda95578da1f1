package org.webrtcims.hss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.hss.cx.ChangeListener;
import org.webrtcims.hss.cx.CxMemory;

/**
 * The running HSS answers Cx from memory: a re-registration writes nothing, registration state written by another
 * instance reaches LIR without a restart, and a killed listener connection is recovered while Cx keeps answering
 * current data (from the database per request until the listener is back).
 */
class InMemoryCxTest extends HssIntegrationTest {

    private static final Duration NOTIFIED = Duration.ofSeconds(10);

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ChangeListener listener;

    @Autowired
    private CxMemory memory;

    @Test
    void aReRegistrationAtTheSameScscfWritesNothing() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk();
        long written = rowVersion(user);

        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();
        mar(user, SCSCF1).expectStatus().isOk(); // still fetched from the proxy
        sar(user, SCSCF1, "RE_REGISTRATION").expectStatus().isOk();
        lir(user.impu()).expectStatus().isOk().expectBody().jsonPath("$.serverName").isEqualTo(SCSCF1);

        assertThat(rowVersion(user)).isEqualTo(written);
    }

    @Test
    void aRegistrationWrittenByAnotherInstanceReachesLirWithoutRestart() {
        User user = provisionUser("md5-only");
        lir(user.impu()).expectStatus().isNotFound();

        jdbc.update("INSERT INTO impu_registration (impu, state, scscf_name, private_identity, auth_pending, updated_at) "
                + "VALUES (?, 'REGISTERED', ?, ?, false, now())", user.impu(), SCSCF2, user.webIdentity());

        await().atMost(NOTIFIED).untilAsserted(() -> lir(user.impu()).expectStatus().isOk().expectBody()
                .jsonPath("$.serverName").isEqualTo(SCSCF2));
    }

    @Test
    void aSarRacingAnotherInstancesWriteIsDecidedOnTheDatabaseRow() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        // another instance's MAR for SCSCF2 commits; this instance may not have been notified yet
        jdbc.update("UPDATE impu_registration SET scscf_name = ? WHERE impu = ?", SCSCF2, user.impu());

        sar(user, SCSCF1, "REGISTRATION").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.cause").isEqualTo("IDENTITY_ALREADY_REGISTERED");
    }

    @Test
    void aKilledListenerConnectionIsRecoveredAndCxKeepsAnsweringCurrentData() {
        User user = provisionUser("md5-only");
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();
        int connects = listener.connects();

        jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, listener.backendPid());
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk(); // answered meanwhile, from memory or database
        jdbc.update("UPDATE subscription_impu SET barred = true WHERE impu = ?", user.impu());

        await().atMost(NOTIFIED).untilAsserted(() -> expectUarRejected(user));
        await().atMost(NOTIFIED).until(() -> listener.connects() > connects && memory.answersFromMemory());
        jdbc.update("UPDATE subscription_impu SET barred = false WHERE impu = ?", user.impu());
        await().atMost(NOTIFIED).untilAsserted(() -> uar(user, user.impu(), "REGISTRATION").expectStatus().isOk());
    }

    @Value("${local.management.port}")
    private int managementPort;

    @Test
    void operatorsSeeWhetherCxAnswersFromMemory() {
        await().atMost(NOTIFIED).until(memory::answersFromMemory);
        String metrics = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("hss_cx_memory_answering 1.0").contains("hss_cx_listener_connects")
                .contains("hss_cx_memory_registrations");
    }

    private long rowVersion(User user) {
        return jdbc.queryForObject("SELECT row_version FROM impu_registration WHERE impu = ?", Long.class,
                user.impu());
    }
}
