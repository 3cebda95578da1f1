package org.webrtcims.hss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Cx API answers from memory: a change through this instance's admin API takes effect on the very next request
 * (memory follows before the API answers); a change straight into the database (another HSS instance, an operator's
 * psql) as soon as its notification arrives (milliseconds), without a restart. Each test first answers from memory,
 * then changes, then asks again.
 */
class ProvisioningChangeTest extends HssIntegrationTest {

    /** A notification's delay is milliseconds; generous for a loaded 2-core machine. */
    private static final Duration NOTIFIED = Duration.ofSeconds(5);

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void mappingDisabledThroughTheAdminApiRejectsTheNextUarThoughItWasCached() {
        User user = provisionUser("md5-only");
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();

        disableMapping(user);

        expectUarRejected(user);
    }

    @Test
    void impuBarredByAnotherWriterInTheDatabaseRejectsUarsOnceNotified() {
        User user = provisionUser("md5-only");
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();

        assertThat(jdbc.update("UPDATE subscription_impu SET barred = true WHERE impu = ?", user.impu())).isEqualTo(1);

        await().atMost(NOTIFIED).untilAsserted(() -> expectUarRejected(user));
    }

    @Test
    void wwsfDisabledByAnotherWriterInTheDatabaseRejectsMarsOnceNotified() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();

        assertThat(jdbc.update("UPDATE wwsf SET enabled = false WHERE identity = ?", user.wwsf())).isEqualTo(1);

        await().atMost(NOTIFIED).untilAsserted(() -> mar(user, SCSCF1).expectStatus().isForbidden().expectBody()
                .jsonPath("$.cause").isEqualTo("WWSF_NOT_ALLOWED"));
    }

    @Test
    void mappingDisabledByAnotherWriterMakesSarsIdentitiesDontMatchOnceNotified() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk();

        // a change in one transaction over several tables, the way an admin transaction commits it
        jdbc.execute("BEGIN; UPDATE web_identity_mapping SET enabled = false WHERE id = " + user.mappingId()
                + "; UPDATE subscription SET updated_at = now() WHERE id = '" + user.subscriptionId() + "'; COMMIT;");

        await().atMost(NOTIFIED).untilAsserted(() -> sar(user, SCSCF1, "RE_REGISTRATION").expectStatus()
                .isForbidden().expectBody().jsonPath("$.cause").isEqualTo("IDENTITIES_DONT_MATCH"));
    }

    @Test
    void eachCommittedProvisioningTransactionRaisesTheVersionOnceAndRegistrationsDoNot() {
        User user = provisionUser("md5-only");
        long before = version();
        admin().put().uri("/admin/v1/subscriptions/{s}", user.subscriptionId()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("impus", List.of(Map.of("identity", user.impu(), "default", true),
                        Map.of("identity", user.telImpu(), "barred", true)), "allowedWwsfs", List.of(user.wwsf())))
                .exchange().expectStatus().isOk();
        long afterAdmin = version();
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk();

        assertThat(afterAdmin).isGreaterThan(before);
        assertThat(version()).isEqualTo(afterAdmin); // MAR and SAR change registration state only
    }

    private long version() {
        return jdbc.queryForObject("SELECT version FROM provisioning_version WHERE id = 1", Long.class);
    }
}
