package org.webrtcims.hss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Cx API caches provisioning data per provisioning version: a change takes effect on the very next request
 * after it commits, whether it came through this instance's admin API or straight into the database (another HSS
 * instance, an operator's psql). Each test first answers from the cache, then changes, then asks again.
 */
class ProvisioningChangeTest extends HssIntegrationTest {

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
    void impuBarredByAnotherWriterInTheDatabaseRejectsTheNextUar() {
        User user = provisionUser("md5-only");
        uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();

        assertThat(jdbc.update("UPDATE subscription_impu SET barred = true WHERE impu = ?", user.impu())).isEqualTo(1);

        expectUarRejected(user);
    }

    @Test
    void wwsfDisabledByAnotherWriterInTheDatabaseRejectsTheNextMar() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();

        assertThat(jdbc.update("UPDATE wwsf SET enabled = false WHERE identity = ?", user.wwsf())).isEqualTo(1);

        mar(user, SCSCF1).expectStatus().isForbidden().expectBody().jsonPath("$.cause").isEqualTo("WWSF_NOT_ALLOWED");
    }

    @Test
    void mappingDeletedByAnotherWriterMakesTheNextSarIdentitiesDontMatch() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk();

        // a change in one transaction over several tables, the way an admin transaction commits it
        jdbc.execute("BEGIN; UPDATE web_identity_mapping SET enabled = false WHERE id = " + user.mappingId()
                + "; UPDATE subscription SET updated_at = now() WHERE id = '" + user.subscriptionId() + "'; COMMIT;");

        sar(user, SCSCF1, "RE_REGISTRATION").expectStatus().isForbidden().expectBody()
                .jsonPath("$.cause").isEqualTo("IDENTITIES_DONT_MATCH");
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
