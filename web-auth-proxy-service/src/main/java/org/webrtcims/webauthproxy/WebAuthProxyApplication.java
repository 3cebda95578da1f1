package org.webrtcims.webauthproxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The web-auth proxy: digest vectors synchronized from the third-party web authentication service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebAuthProxyApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebAuthProxyApplication.class, args);
    }
}
