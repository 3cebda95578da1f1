package org.webrtcims.db;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@AutoConfiguration
@EnableConfigurationProperties(DatabaseSchedulerProperties.class)
public class DatabaseSchedulerAutoConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseScheduler databaseScheduler(DatabaseSchedulerProperties properties,
                                        @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        int threads = properties.threads() > 0 ? properties.threads() : poolSize;
        return new DatabaseScheduler(threads, properties.queueCapacity());
    }

    @Bean
    DatabaseProblemMapper databaseProblemMapper(DatabaseSchedulerProperties properties) {
        return new DatabaseProblemMapper(properties.retryAfterSeconds());
    }
}
