package org.webrtcims.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.webrtcims.testdb.JdbcTarget;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.Ports;
import org.webrtcims.fixture.Service;

/**
 * How to start a {@link LocalSystem}. Start from {@link #defaults()} (or {@link #fromEnvironment()}) and change
 * what you need with the {@code with…} methods.
 *
 * @param externalDatabase an existing PostgreSQL server (any database on it; the services' databases are created
 *                         there), or null for an embedded PostgreSQL
 * @param dataDirectory    a directory that keeps the embedded PostgreSQL's data and the secrets file between runs,
 *                         or null for a temporary one deleted on close
 * @param databasePrefix   prefix of the services' database names ({@code web_auth_proxy}, {@code hss},
 *                         {@code scscf}); lets tests use a shared external server without touching a local run's data
 * @param host             address every listener binds and the URLs name (default 127.0.0.1; {@code 0.0.0.0} binds
 *                         every interface and advertises 127.0.0.1)
 * @param ports            the ports when {@code randomPorts} is false (default 8090–8094, SIP 5060/5062/5064)
 * @param randomPorts      pick free ports at start instead (tests)
 * @param provisionDemo    provision {@code demoUser} once all services are up
 * @param demoUser         the demo user (default: the protocol profile's test vectors, {@link WebUser#demo()})
 * @param overrides        extra settings per service, applied last (e.g. shorter timers in tests)
 */
public record LaunchOptions(JdbcTarget externalDatabase, Path dataDirectory, String databasePrefix, String host,
                            Ports ports, boolean randomPorts, boolean provisionDemo, WebUser demoUser,
                            Map<Service, Map<String, Object>> overrides) {

    /** Environment variables selecting an external PostgreSQL (user default {@code postgres}, password empty). */
    public static final String JDBC_URL_VARIABLE = "IMS_JDBC_URL";
    public static final String JDBC_USER_VARIABLE = "IMS_JDBC_USER";
    public static final String JDBC_PASSWORD_VARIABLE = "IMS_JDBC_PASSWORD";

    public LaunchOptions {
        databasePrefix = databasePrefix == null ? "" : databasePrefix;
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        ports = ports == null ? Ports.defaults() : ports;
        demoUser = demoUser == null ? WebUser.demo() : demoUser;
        Map<Service, Map<String, Object>> copy = new EnumMap<>(Service.class);
        if (overrides != null) {
            overrides.forEach((service, settings) -> copy.put(service, Map.copyOf(settings)));
        }
        overrides = Map.copyOf(copy);
    }

    /** Embedded PostgreSQL in a temporary directory, 127.0.0.1, the default ports, no demo user. */
    public static LaunchOptions defaults() {
        return new LaunchOptions(null, null, "", "127.0.0.1", Ports.defaults(), false, false, WebUser.demo(), Map.of());
    }

    /** {@link #defaults()}, with the external PostgreSQL of {@code IMS_JDBC_URL} (and user, password) if set. */
    public static LaunchOptions fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static LaunchOptions fromEnvironment(Map<String, String> environment) {
        String url = environment.get(JDBC_URL_VARIABLE);
        LaunchOptions options = defaults();
        return url == null || url.isBlank() ? options : options.withExternalDatabase(url,
                environment.get(JDBC_USER_VARIABLE), environment.get(JDBC_PASSWORD_VARIABLE));
    }

    /** An existing server; {@code user} null means {@code postgres}, {@code password} null means empty. */
    public LaunchOptions withExternalDatabase(String url, String user, String password) {
        return new LaunchOptions(new JdbcTarget(url, user, password), dataDirectory, databasePrefix, host, ports,
                randomPorts, provisionDemo, demoUser, overrides);
    }

    public LaunchOptions withEmbeddedDatabase() {
        return new LaunchOptions(null, dataDirectory, databasePrefix, host, ports, randomPorts, provisionDemo, demoUser,
                overrides);
    }

    public LaunchOptions withDataDirectory(Path directory) {
        return new LaunchOptions(externalDatabase, directory, databasePrefix, host, ports, randomPorts, provisionDemo,
                demoUser, overrides);
    }

    public LaunchOptions withDatabasePrefix(String prefix) {
        return new LaunchOptions(externalDatabase, dataDirectory, prefix, host, ports, randomPorts, provisionDemo,
                demoUser, overrides);
    }

    public LaunchOptions withHost(String newHost) {
        return new LaunchOptions(externalDatabase, dataDirectory, databasePrefix, newHost, ports, randomPorts,
                provisionDemo, demoUser, overrides);
    }

    /** Fixed ports (turns {@code randomPorts} off). */
    public LaunchOptions withPorts(Ports newPorts) {
        return new LaunchOptions(externalDatabase, dataDirectory, databasePrefix, host, newPorts, false,
                provisionDemo, demoUser, overrides);
    }

    public LaunchOptions withRandomPorts(boolean random) {
        return new LaunchOptions(externalDatabase, dataDirectory, databasePrefix, host, ports, random, provisionDemo,
                demoUser, overrides);
    }

    public LaunchOptions withDemo(boolean provision) {
        return new LaunchOptions(externalDatabase, dataDirectory, databasePrefix, host, ports, randomPorts, provision,
                demoUser, overrides);
    }

    /** Another demo user (turns demo provisioning on). */
    public LaunchOptions withDemoUser(WebUser user) {
        return new LaunchOptions(externalDatabase, dataDirectory, databasePrefix, host, ports, randomPorts, true,
                Objects.requireNonNull(user), overrides);
    }

    /** One more setting for {@code service}, e.g. {@code withSetting(SCSCF, "scscf.registrar.min-expires", "2s")}. */
    public LaunchOptions withSetting(Service service, String key, Object value) {
        Map<Service, Map<String, Object>> changed = new EnumMap<>(Service.class);
        changed.putAll(overrides);
        Map<String, Object> settings = new LinkedHashMap<>(overrides.getOrDefault(service, Map.of()));
        settings.put(key, value);
        changed.put(service, settings);
        return new LaunchOptions(externalDatabase, dataDirectory, databasePrefix, host, ports, randomPorts,
                provisionDemo, demoUser, changed);
    }
}
