package org.webrtcims.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the thread pool for blocking database work ({@code db-scheduler.*}).
 *
 * @param threads       threads doing blocking database work; 0 = the Hikari pool's
 *                      {@code spring.datasource.hikari.maximum-pool-size} (Hikari's default is 10)
 * @param queueCapacity database tasks that may wait for a thread before requests get 503
 * @param retryAfterSeconds Retry-After sent with 503 answers caused by the database
 */
@ConfigurationProperties("db-scheduler")
public record DatabaseSchedulerProperties(@DefaultValue("0") Integer threads,
                                          @DefaultValue("10000") Integer queueCapacity,
                                          @DefaultValue("5") Integer retryAfterSeconds) {
}
