package org.webrtcims.db;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The database part of the service starter, active only in a service that has a {@link DataSource} (proxy, HSS,
 * S-CSCF): the blocking-work scheduler, JDBC timeouts and the database problems. The starter's JDBC dependency is
 * optional, so the eP-CSCF and I-CSCF get none of this and need no exclude list.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.dao.DataAccessException")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(DatabaseSchedulerProperties.class)
public class DatabaseSchedulerAutoConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseScheduler databaseScheduler(DatabaseSchedulerProperties properties,
                                        @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        int threads = properties.threads() > 0 ? properties.threads() : poolSize;
        return new DatabaseScheduler(threads, properties.queueCapacity());
    }

    /** Statement, socket and connect timeouts on every Hikari pool ({@code db-timeouts.*}). */
    @Bean
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    static DatabaseTimeoutCustomizer databaseTimeoutCustomizer(Environment environment) {
        return new DatabaseTimeoutCustomizer(Binder.get(environment).bindOrCreate("db-timeouts",
                DatabaseTimeoutProperties.class));
    }

    @Bean
    DatabaseProblemMapper databaseProblemMapper(DatabaseSchedulerProperties properties) {
        return new DatabaseProblemMapper(properties.retryAfterSeconds());
    }
}
