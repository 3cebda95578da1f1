package org.webrtcims.epcscf;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The eP-CSCF: the SIP-over-WebSocket edge (RFC 7118) where WebRTC IMS Clients connect, forwarding their
 * REGISTERs to the I-CSCF over SIP (profile §3 steps 1, 2a, 6, 8, 10).
 */
/*
 * The eP-CSCF keeps its flows in memory (a flow dies with its connection). It has no
 * database and no JDBC on its classpath; where services share one JVM, the test kit's RunningApp leaves the
 * database auto-configurations out for it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EpCscfApplication {

    /** Settings come from {@code ep-cscf.yml} (plus profile variants), not {@code application.yml}. */
    public static final String CONFIG_NAME = "ep-cscf";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(EpCscfApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
