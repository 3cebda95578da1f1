package org.webrtcims.icscf;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The I-CSCF: finds the S-CSCF of a registering user (UAR) or of the target of a terminating request (LIR) through
 * the HSS and proxies the request to it.
 */
/*
 * The I-CSCF keeps no data (TS 23.228: it is stateless between transactions). The database auto-configurations are
 * excluded so that it also starts in a JVM whose classpath has JDBC for other services (launcher, tests).
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.webrtcims.db.DatabaseSchedulerAutoConfiguration"})
@ConfigurationPropertiesScan
public class IcscfApplication {

    /** Settings come from {@code icscf.yml} (plus profile variants), not {@code application.yml}. */
    public static final String CONFIG_NAME = "icscf";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(IcscfApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
