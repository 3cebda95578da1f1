package org.webrtcims.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

class JdbcTimeoutsTest {

    /** What binding gives when nothing is configured: the record's {@code @DefaultValue}s. */
    private static final DatabaseTimeoutProperties DEFAULTS = new Binder().bindOrCreate("db-timeouts",
            DatabaseTimeoutProperties.class);

    @Test
    void everyPoolGetsASocketAConnectAndAStatementTimeoutByDefault() {
        assertThat(JdbcTimeouts.missing("jdbc:postgresql://db:5432/hss", new Properties(), DEFAULTS))
                .containsEntry("socketTimeout", "10")
                .containsEntry("connectTimeout", "2")
                .containsEntry("options", "-c statement_timeout=5000");
    }

    @Test
    void whatTheOperatorSetInTheUrlOrTheDataSourcePropertiesWins() {
        Properties set = new Properties();
        set.setProperty("connectTimeout", "7");
        assertThat(JdbcTimeouts.missing("jdbc:postgresql://db/hss?socketTimeout=30&options=-c%20statement_timeout=0",
                set, DEFAULTS)).isEmpty();
    }

    @Test
    void statementTimeoutIsAppendedToOtherServerOptions() {
        Properties set = new Properties();
        set.setProperty("options", "-c search_path=hss");
        assertThat(JdbcTimeouts.missing("jdbc:postgresql://db/hss", set, DEFAULTS))
                .containsEntry("options", "-c search_path=hss -c statement_timeout=5000");
    }

    @Test
    void subSecondSocketTimeoutRoundsUpAndZeroTurnsItOff() {
        var limits = new DatabaseTimeoutProperties(Duration.ZERO, Duration.ofMillis(300), Duration.ZERO, null);
        assertThat(JdbcTimeouts.missing("jdbc:postgresql://db/hss", new Properties(), limits))
                .containsEntry("socketTimeout", "1")
                .containsEntry("connectTimeout", "0")
                .containsEntry("options", "-c statement_timeout=0");
    }
}
