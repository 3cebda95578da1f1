package org.webrtcims.db;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

@AutoConfiguration
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
