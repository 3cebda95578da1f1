package org.webrtcims.scscf.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.SipTestClient;
import org.webrtcims.scscf.ScscfApplication;

/**
 * Issue 12: what one full registration (REGISTER → 401 → REGISTER → 200) costs the S-CSCF's database, counted
 * at the JDBC driver boundary on the database threads.
 */
class StatementsPerRegistrationTest {

    private static CoreUnderTest core;
    private static SipTestClient tcp;

    @BeforeAll
    static void start() {
        core = new CoreUnderTest(StatementsPerRegistrationTest::application, Map.of());
        tcp = new SipTestClient("tcp");
    }

    private static SpringApplication application() {
        SpringApplication application = ScscfApplication.application();
        application.addPrimarySources(java.util.List.of(StatementCounter.Wiring.class));
        return application;
    }

    @AfterAll
    static void stop() {
        tcp.close();
        core.close();
    }

    private record Cost(int statements, int transactions) {
    }

    private static Cost register(CoreUnderTest.WebUser user, EpCscfStandIn.Flow flow) {
        EpCscfStandIn epcscf = new EpCscfStandIn(tcp, "127.0.0.1:" + core.scscfSipPort);
        StatementCounter.reset();
        Response ok = epcscf.register(user, flow, "wonderland", 600);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        Cost cost = new Cost(StatementCounter.STATEMENTS.get(), StatementCounter.TRANSACTIONS.get());
        System.out.println("registration cost " + cost + ": " + String.join("\n  ", StatementCounter.SQL));
        return cost;
    }

    @Test
    void initialRegistrationAndReRegistrationCostOneReadWithTheChallengeAndOneWriteWithTheSuccess() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        Cost initial = register(user, flow);
        Cost again = register(user, flow);
        System.out.println("STATEMENTS initial=" + initial + " re-registration=" + again);
        // before issue 12: 10 statements in 4 transactions for each
        assertThat(initial).isEqualTo(new Cost(2, 2));
        assertThat(again).isEqualTo(new Cost(2, 2));
        assertThat(StatementCounter.SQL.get(1)).startsWith("WITH p AS");
    }
}
