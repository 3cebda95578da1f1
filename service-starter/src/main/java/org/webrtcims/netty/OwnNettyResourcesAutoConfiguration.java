package org.webrtcims.netty;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each Spring application its own Reactor Netty event loops instead of the JVM-wide ones. By default
 * closing one WebFlux application disposes the global loops and silently kills every other Netty server of
 * the JVM; the local launcher and the tests run several services in one JVM, so each keeps its own.
 * <p>
 * The loops stop after a quiet period of 100 ms instead of Reactor Netty's 2 s: by then the web server's graceful
 * shutdown ({@code server.shutdown=graceful}) has already let in-flight requests finish, so the loops have nothing
 * left to run, and stopping five services one after another (local launcher) took 10 s longer than needed.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration")
public class OwnNettyResourcesAutoConfiguration {

    static final Duration SHUTDOWN_QUIET_PERIOD = Duration.ofMillis(100);

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setShutdownQuietPeriod(SHUTDOWN_QUIET_PERIOD);
        return factory;
    }
}
