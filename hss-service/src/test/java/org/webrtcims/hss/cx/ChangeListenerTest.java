package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.webrtcims.hss.registration.RegistrationState;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/**
 * {@link ChangeListener} and {@link CxMemory} against real PostgreSQL, without Spring: a row changed by direct SQL
 * (another HSS instance, an operator) reaches memory without a restart; a killed listener connection is recovered,
 * and while it is down Cx reads the database per request, so nothing stale is answered.
 */
class ChangeListenerTest {

    private static final Duration NOTIFIED = Duration.ofSeconds(5);
    private static final String WWSF = "wwsf.example.com";
    private static final String WEB = "alice@idp.example.com";
    private static final String IMPU = "sip:alice@ims.example.net";

    private TestDatabase database;
    private CxMemory memory;
    private ChangeListener listener;
    private String applicationName;
    /** while set, the listener cannot connect (the database is "unreachable" for it) */
    private final AtomicBoolean refuseListener = new AtomicBoolean();

    @BeforeEach
    void start() throws SQLException {
        database = TestPostgres.newDatabase("hss_listener");
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration/hss").load().migrate();
        sql("INSERT INTO wwsf VALUES ('" + WWSF + "', '" + WWSF + "', 'MD5_ONLY', true, now())",
                "INSERT INTO subscription VALUES ('sub-1', NULL, true, now())",
                "INSERT INTO subscription_impu VALUES ('" + IMPU + "', 'sub-1', false, true, 0)",
                "INSERT INTO subscription_allowed_wwsf VALUES ('sub-1', '" + WWSF + "')",
                "INSERT INTO web_identity_mapping (wwsf_identity, web_identity, impu, subscription_id, enabled, "
                        + "created_at, updated_at) VALUES ('" + WWSF + "', '" + WEB + "', '" + IMPU
                        + "', 'sub-1', true, now(), now())");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.username());
        dataSource.setPassword(database.password());
        memory = new CxMemory(dataSource, Duration.ofSeconds(2));
        applicationName = "hss-listener-" + database.schema();
        listener = new ChangeListener(() -> {
            if (refuseListener.get()) {
                throw new SQLException("refused by the test");
            }
            Properties settings = new Properties();
            settings.setProperty("user", database.username());
            settings.setProperty("password", database.password());
            settings.setProperty("ApplicationName", applicationName);
            return java.sql.DriverManager.getConnection(database.jdbcUrl(), settings);
        }, memory, Duration.ofMillis(100), Duration.ofHours(1));
        listener.start();
        await().atMost(NOTIFIED).until(memory::answersFromMemory);
    }

    @AfterEach
    void stop() {
        listener.stop();
    }

    @Test
    void aProvisioningRowChangedByDirectSqlIsSeenWithoutRestart() throws SQLException {
        assertThat(memory.provisioning().find(WWSF, WEB, IMPU).wwsf().enabled()).isTrue();

        sql("UPDATE wwsf SET enabled = false WHERE identity = '" + WWSF + "'");

        await().atMost(NOTIFIED).until(() -> !memory.provisioning().find(WWSF, WEB, IMPU).wwsf().enabled());
        assertThat(listener.connects()).isEqualTo(1); // learned through a notification, not a reload
    }

    @Test
    void aMappingAddedByDirectSqlAndASubscriptionBarredAreSeenWithoutRestart() throws SQLException {
        sql("INSERT INTO web_identity_mapping (wwsf_identity, web_identity, impu, subscription_id, enabled, "
                + "created_at, updated_at) VALUES ('" + WWSF + "', 'bob@idp.example.com', '" + IMPU
                + "', 'sub-1', true, now(), now())",
                "UPDATE subscription_impu SET barred = true WHERE impu = '" + IMPU + "'");

        await().atMost(NOTIFIED).until(() -> memory.provisioning().find(WWSF, "bob@idp.example.com", IMPU) != null);
        assertThat(memory.provisioning().subscriptionOf(IMPU).orElseThrow().impu(IMPU).orElseThrow().barred())
                .isTrue();
    }

    @Test
    void aRegistrationWrittenByAnotherInstanceIsSeenWithoutRestart() throws SQLException {
        sql("INSERT INTO impu_registration (impu, state, scscf_name, private_identity, auth_pending, updated_at) "
                + "VALUES ('" + IMPU + "', 'REGISTERED', 'sip:scscf1', '" + WEB + "', false, now())");

        await().atMost(NOTIFIED).until(() -> memory.registrations().get(IMPU).state() == RegistrationState.REGISTERED);

        sql("DELETE FROM impu_registration WHERE impu = '" + IMPU + "'");

        await().atMost(NOTIFIED).until(() -> memory.registrations().get(IMPU).state()
                == RegistrationState.NOT_REGISTERED);
    }

    @Test
    void aKilledListenerConnectionIsRecoveredAndNothingStaleIsAnsweredMeanwhile() throws Exception {
        refuseListener.set(true); // it stays down until the test lets it reconnect
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                + applicationName + "'");
        await().atMost(NOTIFIED).until(() -> !memory.answersFromMemory());

        // changed while nobody listens: the notifications are lost
        sql("UPDATE wwsf SET enabled = false WHERE identity = '" + WWSF + "'",
                "INSERT INTO impu_registration (impu, state, scscf_name, private_identity, auth_pending, updated_at) "
                        + "VALUES ('" + IMPU + "', 'REGISTERED', 'sip:scscf1', '" + WEB + "', false, now())");

        // Cx's read path (CxService.answer): the very next read is current, no waiting
        RegistrationModel.Read registration = cxRead();
        assertThat(registration.view().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(memory.provisioning().find(WWSF, WEB, IMPU).wwsf().enabled()).isFalse();

        refuseListener.set(false);
        await().atMost(NOTIFIED).until(() -> listener.connects() == 2 && memory.answersFromMemory());

        // listening again: a further change arrives through a notification
        sql("UPDATE wwsf SET enabled = true WHERE identity = '" + WWSF + "'",
                "UPDATE impu_registration SET state = 'NOT_REGISTERED', scscf_name = NULL WHERE impu = '" + IMPU + "'");
        await().atMost(NOTIFIED).until(() -> memory.provisioning().find(WWSF, WEB, IMPU).wwsf().enabled()
                && cxRead().view().state() == RegistrationState.NOT_REGISTERED);
    }

    @Test
    void aListenerReconnectingAfterMissedChangesReloadsThem() throws Exception {
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                + applicationName + "'",
                "UPDATE subscription SET enabled = false WHERE id = 'sub-1'");

        await().atMost(NOTIFIED).until(() -> memory.answersFromMemory()
                && !memory.provisioning().subscriptionOf(IMPU).orElseThrow().enabled());
    }

    /** What CxService does before each Cx answer. */
    private RegistrationModel.Read cxRead() throws SQLException {
        return memory.answersFromMemory() ? memory.registrations().read(IMPU) : memory.syncForRequest(IMPU);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
