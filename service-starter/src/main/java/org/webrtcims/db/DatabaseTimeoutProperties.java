package org.webrtcims.db;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Time limits on every JDBC statement and socket of a service's PostgreSQL pool ({@code db-timeouts.*}), so a
 * hung or unreachable PostgreSQL costs a request a bounded wait and then a 503 + Retry-After
 * ({@link DatabaseProblemMapper}) instead of blocking a database thread for ever. Applied to the Hikari pool by
 * {@link DatabaseTimeoutCustomizer}; a parameter of the same name in {@code spring.datasource.url} or in
 * {@code spring.datasource.hikari.data-source-properties} wins over these defaults. {@link Duration#ZERO}
 * turns a limit off.
 *
 * @param statement server-side {@code statement_timeout} of every statement, migrations included (PostgreSQL
 *                  cancels the statement, SQLSTATE 57014)
 * @param socket    pgjdbc {@code socketTimeout}: longest wait for the server's next bytes when it does not
 *                  answer at all (keep it above {@code statement} so a slow statement is cancelled by the server
 *                  before the client drops the connection)
 * @param connect   pgjdbc {@code connectTimeout}: TCP connect and start-up of a new connection
 * @param validation Hikari {@code validation-timeout}: liveness check of a pooled connection before it is lent
 *                  (must be below {@code spring.datasource.hikari.connection-timeout})
 */
@ConfigurationProperties("db-timeouts")
public record DatabaseTimeoutProperties(@DefaultValue("5s") Duration statement, @DefaultValue("10s") Duration socket,
                                        @DefaultValue("2s") Duration connect,
                                        @DefaultValue("1s") Duration validation) {
}
