package org.webrtcims.scscf;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The S-CSCF: SIP Digest registrar for web-credential users. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ScscfApplication {

    /** Settings come from {@code scscf.yml} (plus profile variants), not {@code application.yml}. */
    public static final String CONFIG_NAME = "scscf";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(ScscfApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
