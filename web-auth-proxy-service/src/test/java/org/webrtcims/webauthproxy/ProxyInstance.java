package org.webrtcims.webauthproxy;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.webrtcims.testdb.TestDatabase;

/** A proxy started like production (its main class, a real port) on a given database, for restart tests. */
final class ProxyInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ProxyInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ProxyInstance start(TestDatabase database, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.putAll(extraProperties);
        // as command-line arguments: they win over web-auth-proxy.yml, as they would in production
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        SpringApplication application = WebAuthProxyApplication.application();
        application.setAdditionalProfiles("test");
        ConfigurableApplicationContext context = application.run(args);
        return new ProxyInstance(context);
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
        context.close();
    }
}
