package org.webrtcims.webauthproxy;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.TestDatabase;

/** A proxy started like production (its main class through the test kit's {@link RunningApp}, a real port) on a given database, for restart tests. */
final class ProxyInstance implements AutoCloseable {

    private final RunningApp app;
    private final ConfigurableApplicationContext context;

    private ProxyInstance(RunningApp app) {
        this.app = app;
        this.context = app.context();
    }

    static ProxyInstance start(TestDatabase database, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.putAll(extraProperties);
        // its test profile (application-test settings) on top of web-auth-proxy.yml
        properties.putIfAbsent("spring.profiles.active", "test");
        return new ProxyInstance(new RunningApp(Service.WEB_AUTH_PROXY, properties).start());
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port())
                .responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    /** Probes and metrics: the management port. */
    WebTestClient management() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:"
                + context.getEnvironment().getProperty("local.management.port")).build();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        app.stop();
    }
}
