package org.webrtcims.scscf.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipTestClient;

/**
 * Two S-CSCFs on one database (as in Helm) with the real HSS and PostgreSQL (issue 11 finding 4, profile §7.3):
 * each sweeps only the bindings it owns and de-registers them under its own name; a SAR the HSS cannot take is
 * kept in the outbox and reaches the HSS once it is back.
 */
class ScscfFailureSurvivalTest {

    private static CoreUnderTest core;
    private static CoreUnderTest.OtherScscf second;
    private static SipTestClient tcp;
    private static EpCscfStandIn toFirst;
    private static EpCscfStandIn toSecond;

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(Map.of(
                "scscf.sar-outbox.initial-backoff", "200ms",
                "scscf.sar-outbox.max-backoff", "1s",
                "scscf.sar-outbox.poll-interval", "200ms"));
        second = core.anotherScscf();
        second.app().start();
        tcp = new SipTestClient("tcp");
        toFirst = new EpCscfStandIn(tcp, "127.0.0.1:" + core.scscfSipPort);
        toSecond = new EpCscfStandIn(tcp, "127.0.0.1:" + second.sipPort());
    }

    @BeforeEach
    void bothRunning() {
        core.hss.start();
        core.scscf.start();
        second.app().start();
    }

    @AfterAll
    static void stop() {
        tcp.close();
        second.app().stop();
        core.close();
    }

    private static JdbcTemplate database() {
        return second.app().bean(JdbcTemplate.class);
    }

    private static int bindingsOf(String impu) {
        return database().queryForObject("SELECT count(*) FROM registration_binding WHERE impu = ?", Integer.class,
                impu);
    }

    @Test
    void eachScscfSweepsOnlyItsOwnExpiredBindingsAndDeregistersThemUnderItsOwnName() {
        CoreUnderTest.WebUser atFirst = core.provision("md5-only");
        CoreUnderTest.WebUser atSecond = core.provision("md5-only");
        assertThat(toFirst.register(atFirst, new EpCscfStandIn.Flow(), "wonderland", 2).getStatusCode())
                .isEqualTo(200);
        assertThat(core.servingScscf(atFirst.impu())).isEqualTo(core.scscfName);
        core.scscf.stop(); // the first S-CSCF is down while its user's binding expires
        assertThat(toSecond.register(atSecond, new EpCscfStandIn.Flow(), "wonderland", 2).getStatusCode())
                .isEqualTo(200);
        assertThat(core.servingScscf(atSecond.impu())).isEqualTo(second.name());

        // the second S-CSCF sweeps its own user and the HSS takes its SAR TIMEOUT_DEREGISTRATION
        Awaitility.await("the second S-CSCF's user de-registered at the HSS").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100)).until(() -> core.locationStatus(atSecond.impu()) == 404);
        assertThat(bindingsOf(atSecond.impu())).isZero();
        // ... and leaves the first S-CSCF's expired binding alone: a SAR under its own name would be ignored by the
        // HSS (TS 29.228 §6.1.2, the HSS stores the first one) and the user would stay registered there for ever
        assertThat(bindingsOf(atFirst.impu())).isEqualTo(1);
        assertThat(core.servingScscf(atFirst.impu())).isEqualTo(core.scscfName);

        core.scscf.start();
        Awaitility.await("the first S-CSCF sweeps its own user once it is back").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100)).until(() -> core.locationStatus(atFirst.impu()) == 404);
        assertThat(bindingsOf(atFirst.impu())).isZero();
    }

    @Test
    void leftoversOfALostScscfDoNotBlockTheUsersRegistrationAtAnother() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        for (int i = 0; i < 5; i++) { // max-bindings (5) contacts at the first S-CSCF
            assertThat(toFirst.register(user, new EpCscfStandIn.Flow(), "wonderland", 600).getStatusCode())
                    .isEqualTo(200);
        }
        core.scscf.stop();
        // the user comes back on another device through the second S-CSCF (as after a reselection)
        EpCscfStandIn.Flow newDevice = new EpCscfStandIn.Flow();
        javax.sip.message.Response ok = toSecond.register(user, newDevice, "wonderland", 600);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(core.servingScscf(user.impu())).isEqualTo(second.name());
        // the second S-CSCF took the bindings over: the newest max-bindings, the new device's among them
        assertThat(database().queryForList("SELECT DISTINCT owner FROM registration_binding WHERE impu = ?",
                String.class, user.impu())).containsExactly(second.name());
        assertThat(bindingsOf(user.impu())).isEqualTo(5);
        assertThat(SipTestClient.values(ok, "Contact")).hasSize(5)
                .anyMatch(c -> c.contains(newDevice.contactUri()));
    }

    @Test
    void expiredBindingsOfAnScscfThatNeverCameBackAreRemovedByAnotherAfterTheOrphanGrace() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        assertThat(toFirst.register(user, new EpCscfStandIn.Flow(), "wonderland", 2).getStatusCode()).isEqualTo(200);
        core.scscf.stop();
        org.webrtcims.scscf.registrar.BindingStore others = second.app()
                .bean(org.webrtcims.scscf.registrar.BindingStore.class);
        // within the grace (here 1 h, the default) the owner may still come back: left alone
        Awaitility.await("the binding expired").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> database().queryForObject("SELECT count(*) FROM registration_binding WHERE impu = ? "
                        + "AND expires_at < now() - interval '1 second'", Integer.class, user.impu()) == 1);
        assertThat(others.sweepOrphans(3600)).isZero();
        assertThat(bindingsOf(user.impu())).isEqualTo(1);
        // past the grace (1 s here) the other S-CSCF removes it
        assertThat(others.sweepOrphans(1)).isEqualTo(1);
        assertThat(bindingsOf(user.impu())).isZero();
    }

    @Test
    void timeoutDeregistrationThatFailsWhileTheHssIsDownReachesTheHssWhenItIsBack() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        assertThat(toFirst.register(user, new EpCscfStandIn.Flow(), "wonderland", 2).getStatusCode()).isEqualTo(200);
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);
        core.hss.stop();
        Awaitility.await("the expired binding is swept while the HSS is down").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100)).until(() -> bindingsOf(user.impu()) == 0);
        core.hss.start();
        // the SAR TIMEOUT_DEREGISTRATION that failed is retried from the outbox: the HSS's state changes
        Awaitility.await("the HSS sees the IMPU de-registered").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> core.locationStatus(user.impu()) == 404);
        Awaitility.await("the outbox entry is gone").atMost(Duration.ofSeconds(5))
                .until(() -> database().queryForObject("SELECT count(*) FROM sar_outbox WHERE impu = ?",
                        Integer.class, user.impu()) == 0);
    }

    @Test
    void userDeregistrationWhileTheHssIsDownReachesTheHssWhenItIsBack() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        assertThat(toFirst.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        core.hss.stop();
        // profile D12: a de-registration over the bound flow needs no challenge, so no MAR while the HSS is down
        assertThat(toFirst.send(user, flow, EpCscfStandIn.initialAuthorization(user, "tls-yes"), 0).getStatusCode())
                .isEqualTo(200);
        assertThat(bindingsOf(user.impu())).isZero();
        core.hss.start();
        Awaitility.await("the HSS sees the IMPU de-registered").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> core.locationStatus(user.impu()) == 404);
    }
}
