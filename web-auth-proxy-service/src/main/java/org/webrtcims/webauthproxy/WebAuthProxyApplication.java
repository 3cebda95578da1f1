package org.webrtcims.webauthproxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The web-auth proxy: digest vectors synchronized from the third-party web authentication service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WebAuthProxyApplication {

    /** Settings come from {@code web-auth-proxy.yml} (plus profile variants), not {@code application.yml}. */
    public static final String CONFIG_NAME = "web-auth-proxy";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as {@code main} runs it; other modules' tests and the launcher start it this way. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(WebAuthProxyApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
