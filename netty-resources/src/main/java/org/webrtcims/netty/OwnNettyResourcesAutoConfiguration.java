package org.webrtcims.netty;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each Spring application its own Reactor Netty event loops instead of the JVM-wide ones. By default
 * closing one WebFlux application disposes the global loops and silently kills every other Netty server of
 * the JVM; the local launcher and the tests run several services in one JVM, so each keeps its own.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration")
public class OwnNettyResourcesAutoConfiguration {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
