package org.webrtcims.db;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param threads       threads doing blocking database work; 0 (default) = the Hikari pool's
 *                      {@code spring.datasource.hikari.maximum-pool-size} (Hikari's default is 10)
 * @param queueCapacity database tasks that may wait for a thread before requests get 503 (default 10000)
 * @param retryAfterSeconds Retry-After sent with 503 answers caused by the database (default 5)
 */
@ConfigurationProperties("db-scheduler")
public record DatabaseSchedulerProperties(Integer threads, Integer queueCapacity, Integer retryAfterSeconds) {
    public DatabaseSchedulerProperties {
        threads = threads == null ? 0 : threads;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        retryAfterSeconds = retryAfterSeconds == null ? 5 : retryAfterSeconds;
    }
}
