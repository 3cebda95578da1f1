package org.webrtcims.hss.cx;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.webrtcims.hss.config.HssProperties;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Wires the in-memory model and its change listener. The listener's connection is a plain {@code DriverManager}
 * connection with the pool's settings (URL, user, password, pgjdbc properties such as the socket timeout), not one
 * of the pool's, so the pool keeps all its connections for the database threads.
 */
@Configuration(proxyBeanMethods = false)
public class CxMemoryConfiguration {

    @Bean
    public CxMemory cxMemory(DataSource dataSource, HssProperties properties) {
        return new CxMemory(dataSource, properties.cx().listenerLease());
    }

    @Bean
    public ChangeListener changeListener(DataSource dataSource, CxMemory memory, HssProperties properties)
            throws SQLException {
        ChangeListener.Connector connector;
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            connector = () -> {
                Properties settings = new Properties();
                settings.putAll(pool.getDataSourceProperties());
                if (pool.getUsername() != null) {
                    settings.setProperty("user", pool.getUsername());
                }
                if (pool.getPassword() != null) {
                    settings.setProperty("password", pool.getPassword());
                }
                settings.setProperty("ApplicationName", "hss-change-listener");
                settings.setProperty("tcpKeepAlive", "true");
                // a full reload of 100,000 users is a few long scans: more time than a Cx statement gets
                settings.setProperty("socketTimeout", "120");
                java.sql.Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), settings);
                try (java.sql.Statement st = connection.createStatement()) {
                    st.execute("SET statement_timeout = '100s'");
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
                return connection;
            };
        } else {
            connector = dataSource::getConnection; // (a non-pooling DataSource: a connection of its own anyway)
        }
        return new ChangeListener(connector, memory, properties.cx().listenerCheckInterval(),
                properties.cx().changeLogRetention());
    }

    /**
     * For operators ({@code /actuator/prometheus}): whether Cx answers from memory (1) or reads the database per
     * request (0), how often the listener has connected, and the model's size.
     */
    @Bean
    public MeterBinder cxMemoryMetrics(CxMemory memory, ChangeListener listener) {
        return registry -> {
            Gauge.builder("hss.cx.memory.answering", memory, m -> m.answersFromMemory() ? 1 : 0)
                    .description("1 while Cx answers from memory, 0 while it reads the database per request")
                    .register(registry);
            Gauge.builder("hss.cx.listener.connects", listener, ChangeListener::connects)
                    .description("change listener connections (each followed by a full reload)").register(registry);
            Gauge.builder("hss.cx.memory.registrations", memory, m -> m.registrations().size())
                    .description("registration rows held in memory").register(registry);
        };
    }

    /** Starts the listener once the context is up (Flyway has migrated), stops it first on shutdown. */
    @Bean
    public SmartLifecycle changeListenerLifecycle(ChangeListener listener) {
        return new SmartLifecycle() {
            private volatile boolean started;

            @Override
            public void start() {
                listener.start();
                started = true;
            }

            @Override
            public void stop() {
                listener.stop();
                started = false;
            }

            @Override
            public boolean isRunning() {
                return started;
            }
        };
    }
}
