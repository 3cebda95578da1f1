package org.webrtcims.db;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The service starter's database part starts only in a service that has a DataSource (proxy, HSS, S-CSCF), so a
 * service without a database (eP-CSCF, I-CSCF) needs no exclude list (issue 14). Wiring only: no connection is made.
 */
class DatabasePartNeedsADataSourceTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DatabaseSchedulerAutoConfiguration.class));

    @Test
    void aServiceWithoutADataSourceGetsNoSchedulerAndNoDatabaseProblems() {
        service.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(DatabaseScheduler.class)
                .doesNotHaveBean(DatabaseProblemMapper.class)
                .doesNotHaveBean(DatabaseTimeoutCustomizer.class));
    }

    @Test
    void aServiceWithADataSourceGetsTheSchedulerAndTheDatabaseProblems() {
        service.withBean(DataSource.class, SimpleDriverDataSource::new)
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(DatabaseScheduler.class)
                        .hasSingleBean(DatabaseProblemMapper.class));
    }
}
