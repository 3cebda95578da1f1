package org.webrtcims.hss;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The HSS: who may register (web identity mappings), where (S-CSCF assignment) and with which vector. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HssApplication {

    /** Settings come from {@code hss.yml} (plus profile variants), not {@code application.yml}. */
    public static final String CONFIG_NAME = "hss";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as {@code main} runs it; other modules' tests and the launcher start it this way. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(HssApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
