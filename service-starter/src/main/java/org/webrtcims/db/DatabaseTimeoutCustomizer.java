package org.webrtcims.db;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Puts {@link DatabaseTimeoutProperties} on every Hikari pool before it opens its first connection: pgjdbc
 * {@code socketTimeout}, {@code connectTimeout}, the server's {@code statement_timeout}, and Hikari's
 * validation timeout. Thin adapter; what to set is {@link JdbcTimeouts}'s decision.
 */
public final class DatabaseTimeoutCustomizer implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(DatabaseTimeoutCustomizer.class);

    private final DatabaseTimeoutProperties limits;

    public DatabaseTimeoutCustomizer(DatabaseTimeoutProperties limits) {
        this.limits = limits;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && !pool.isRunning()) {
            Map<String, String> add = JdbcTimeouts.missing(pool.getJdbcUrl(), pool.getDataSourceProperties(), limits);
            add.forEach(pool::addDataSourceProperty);
            long validation = limits.validation().toMillis();
            if (validation >= 250 && validation < pool.getConnectionTimeout()) {
                pool.setValidationTimeout(validation); // Hikari's minimum is 250 ms
            }
            log.info("Database limits of pool {}: {} validation={}ms", beanName, add, pool.getValidationTimeout());
        }
        return bean;
    }
}
