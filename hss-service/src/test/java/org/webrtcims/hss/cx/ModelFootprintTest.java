package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.webrtcims.testdb.TestDatabase;
import org.webrtcims.testdb.TestPostgres;

/**
 * The heap the in-memory model needs per user and the time a full load takes (README "In-memory model"). The build
 * loads the bench's 2,000 users and checks a loose bound (4 KiB per user; ≈ 840 bytes measured); for the README's
 * large figure: {@code -Dtest=ModelFootprintTest -Dhss.footprint.users=100000}.
 */
class ModelFootprintTest {

    /** Far above the ≈ 840 bytes measured, so that heap-measurement noise cannot fail the build. */
    private static final long BOUND_BYTES_PER_USER = 4096;

    @Test
    void aFullLoadOfTheBenchUsersFitsInTheHeapBound() throws Exception {
        int users = Integer.getInteger("hss.footprint.users", 2_000);
        TestDatabase database = TestPostgres.newDatabase("hss_footprint");
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration/hss").load().migrate();
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            // the bench's shape: one WWSF; per user a subscription with a SIP and a tel IMPU, one mapping, and a
            // registration row
            st.execute("INSERT INTO wwsf VALUES ('wwsf.example.com', 'wwsf.example.com', 'MD5_ONLY', true, now())");
            st.execute("INSERT INTO subscription SELECT 'sub-' || i, NULL, true, now() FROM generate_series(1, "
                    + users + ") i");
            st.execute("INSERT INTO subscription_impu SELECT 'sip:user' || i || '@ims.example.net', 'sub-' || i, "
                    + "false, true, 0 FROM generate_series(1, " + users + ") i");
            st.execute("INSERT INTO subscription_impu SELECT 'tel:+1555' || lpad(i::text, 7, '0'), 'sub-' || i, "
                    + "false, false, 1 FROM generate_series(1, " + users + ") i");
            st.execute("INSERT INTO subscription_allowed_wwsf SELECT 'sub-' || i, 'wwsf.example.com' "
                    + "FROM generate_series(1, " + users + ") i");
            st.execute("INSERT INTO web_identity_mapping (wwsf_identity, web_identity, impu, subscription_id, enabled, "
                    + "created_at, updated_at) SELECT 'wwsf.example.com', 'user' || i || '@idp.example.com', "
                    + "'sip:user' || i || '@ims.example.net', 'sub-' || i, true, now(), now() "
                    + "FROM generate_series(1, " + users + ") i");
            st.execute("INSERT INTO impu_registration (impu, state, scscf_name, private_identity, auth_pending, "
                    + "updated_at) SELECT 'sip:user' || i || '@ims.example.net', 'REGISTERED', "
                    + "'sip:scscf1.ims.example.net:5060;transport=tcp', 'user' || i || '@idp.example.com', false, "
                    + "now() FROM generate_series(1, " + users + ") i");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.username());
        dataSource.setPassword(database.password());

        long before = usedHeap();
        CxMemory memory = new CxMemory(dataSource, Duration.ofSeconds(3));
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            memory.reloadAll(c);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long after = usedHeap();

        System.out.printf("FOOTPRINT users=%d load=%d ms heap=%d MB (%d bytes per user)%n", users, millis,
                (after - before) >> 20, (after - before) / users);
        assertThat(memory.provisioning().find("wwsf.example.com", "user1@idp.example.com",
                "sip:user1@ims.example.net")).isNotNull();
        assertThat(memory.registrations().size()).isEqualTo(users);
        assertThat((after - before) / users).isLessThan(BOUND_BYTES_PER_USER);
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
