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
 * The I-CSCF keeps no data (TS 23.228: it is stateless between transactions). It has no
 * database and no JDBC on its classpath; where services share one JVM, the test kit's RunningApp leaves the
 * database auto-configurations out for it.
 */
@SpringBootApplication
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
