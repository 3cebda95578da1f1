package org.webrtcims.scscf.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** One service of the core running in the test JVM, with its settings as command-line arguments; restartable. */
public final class RunningApp implements AutoCloseable {

    private final Supplier<SpringApplication> application;
    private final Map<String, Object> settings;
    private ConfigurableApplicationContext context;

    public RunningApp(Supplier<SpringApplication> application, Map<String, Object> settings) {
        this.application = application;
        this.settings = new LinkedHashMap<>(settings);
    }

    public synchronized RunningApp start() {
        if (context == null) {
            context = application.get().run(settings.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        }
        return this;
    }

    public synchronized void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        stop();
    }
}
