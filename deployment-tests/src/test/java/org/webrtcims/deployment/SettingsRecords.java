package org.webrtcims.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The settings of one service, as the environment variables Spring's relaxed binding maps onto them: the
 * service's {@code @ConfigurationProperties} records (walked reflectively), the keys of its {@code <name>.yml}, and
 * Spring Boot's own properties (the {@code META-INF/spring-configuration-metadata.json} of the jars on the
 * classpath). An environment variable is known when it is the upper-case, dash-free, underscore-joined form of one
 * of them, with list indexes ({@code _0_}) and map keys where the property is a list or map.
 */
final class SettingsRecords {

    /** Variables of the JVM or the container rather than Spring properties. */
    static final Set<String> NON_PROPERTY_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "TZ",
            "POD_NAME", "POD_IP");

    /** Module → (config name, application class, settings records of the service's own modules). */
    record Service(String module, String configName, List<String> propertiesClasses) {
    }

    static final Map<String, Service> SERVICES = Map.of(
            "web-auth-proxy-service", new Service("web-auth-proxy-service", "web-auth-proxy", List.of(
                    "org.webrtcims.webauthproxy.config.WebAuthProxyProperties", "org.webrtcims.auth.ApiAuthProperties",
                    "org.webrtcims.db.DatabaseSchedulerProperties")),
            "hss-service", new Service("hss-service", "hss", List.of(
                    "org.webrtcims.hss.config.HssProperties", "org.webrtcims.auth.ApiAuthProperties",
                    "org.webrtcims.db.DatabaseSchedulerProperties")),
            "icscf-service", new Service("icscf-service", "icscf", List.of(
                    "org.webrtcims.icscf.config.IcscfProperties")),
            "scscf-service", new Service("scscf-service", "scscf", List.of(
                    "org.webrtcims.scscf.config.ScscfProperties", "org.webrtcims.auth.ApiAuthProperties",
                    "org.webrtcims.db.DatabaseSchedulerProperties")),
            "ep-cscf-service", new Service("ep-cscf-service", "ep-cscf", List.of(
                    "org.webrtcims.epcscf.config.EpCscfProperties", "org.webrtcims.auth.ApiAuthProperties")));

    private static volatile List<Pattern> springBootPatterns;

    private final Service service;
    private final Map<String, Object> yml;
    private final List<Pattern> ownPatterns = new ArrayList<>();

    private SettingsRecords(Service service) {
        this.service = service;
        this.yml = loadYml(service.configName());
        for (String className : service.propertiesClasses()) {
            Class<?> type = load(className);
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            walk(envForm(prefix), type, ownPatterns, new LinkedHashSet<>());
        }
        flattenYml("", yml, ownPatterns);
    }

    static SettingsRecords of(String module) {
        Service service = SERVICES.get(module);
        if (service == null) {
            throw new IllegalArgumentException("not a service module: " + module);
        }
        return new SettingsRecords(service);
    }

    Service service() {
        return service;
    }

    /** A key of the service's yml, e.g. {@code server.port}. */
    Object ymlValue(String dottedKey) {
        Object current = yml;
        for (String part : dottedKey.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /**
     * The value a property of the service's settings records has when nothing but its yml is set: the yml's value
     * or the record's default, as the service binds it (e.g. {@code icscf.sip.port} → 5060, {@code SipListening}'s
     * default for the I-CSCF).
     */
    Object boundValue(String dottedKey) {
        for (String className : service.propertiesClasses()) {
            Class<?> type = load(className);
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            if (dottedKey.startsWith(prefix + ".")) {
                Object value = ymlBinder().bindOrCreate(prefix, type);
                for (String part : dottedKey.substring(prefix.length() + 1).split("\\.")) {
                    try {
                        value = value.getClass().getMethod(camel(part)).invoke(value);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalArgumentException("no property " + dottedKey, e);
                    }
                }
                return value;
            }
        }
        throw new IllegalArgumentException("no settings record of " + service.module() + " has " + dottedKey);
    }

    private Binder ymlBinder() {
        try {
            return new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader()
                    .load(service.configName(), new ClassPathResource(service.configName() + ".yml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int httpPort() {
        return ((Number) ymlValue("server.port")).intValue();
    }

    /** The port of health, info and prometheus ({@code management.server.port}): never the API port. */
    int managementPort() {
        return ((Number) ymlValue("management.server.port")).intValue();
    }

    /** Whether the environment variable sets a real property of this service. */
    boolean knows(String variable) {
        if (NON_PROPERTY_VARIABLES.contains(variable)) {
            return true;
        }
        // database settings only for services that have a database
        if (variable.startsWith("SPRING_DATASOURCE_") || variable.startsWith("SPRING_FLYWAY_")) {
            if (ymlValue("spring.datasource") == null) {
                return false;
            }
        }
        return ownPatterns.stream().anyMatch(p -> p.matcher(variable).matches())
                || springBoot().stream().anyMatch(p -> p.matcher(variable).matches());
    }

    // --- records -------------------------------------------------------------------------------------------

    private static void walk(String envPrefix, Class<?> type, List<Pattern> out, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            out.add(Pattern.compile(envPrefix));
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = envPrefix + "_" + envForm(kebab(component.getName()));
            element(name, component.getGenericType(), out, seen);
        }
        seen.remove(type);
    }

    private static void element(String envName, Type type, List<Pattern> out, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                out.add(Pattern.compile(envName)); // comma-separated
                element(envName + "_[0-9]+", arguments[0], out, seen);
                return;
            }
            if (Map.class.isAssignableFrom(raw)) {
                element(envName + "_[A-Z0-9]+", arguments[1], out, seen);
                return;
            }
            out.add(Pattern.compile(envName));
            return;
        }
        if (type instanceof Class<?> plain && plain.isRecord()) {
            walk(envName, plain, out, seen);
            return;
        }
        out.add(Pattern.compile(envName));
    }

    // --- <name>.yml ----------------------------------------------------------------------------------------

    private static Map<String, Object> loadYml(String configName) {
        try (InputStream in = SettingsRecords.class.getClassLoader().getResourceAsStream(configName + ".yml")) {
            if (in == null) {
                throw new IllegalStateException(configName + ".yml not on the classpath");
            }
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flattenYml(String prefix, Object node, List<Pattern> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.isEmpty() && !prefix.isEmpty()) {
                out.add(Pattern.compile(envForm(prefix) + "(_[A-Z0-9_]+)?"));
            }
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                flattenYml(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), out);
            }
        } else if (node instanceof List<?>) {
            out.add(Pattern.compile(envForm(prefix) + "(_[0-9]+(_[A-Z0-9_]+)?)?"));
        } else {
            out.add(Pattern.compile(envForm(prefix)));
        }
    }

    // --- Spring Boot's metadata ----------------------------------------------------------------------------

    private static List<Pattern> springBoot() {
        List<Pattern> patterns = springBootPatterns;
        if (patterns == null) {
            patterns = new ArrayList<>();
            for (JsonNode property : ConfigurationReference.metadataProperties()) {
                if (property.path("sourceType").asText("").startsWith("org.webrtcims.")) {
                    continue; // the services' own records: walked per service above, not for every service
                }
                String name = property.path("name").asText();
                String type = property.path("type").asText("");
                String env = envForm(name.replaceAll("\\[.*?]", ""));
                if (type.startsWith("java.util.Map")) {
                    patterns.add(Pattern.compile(env + "(_[A-Z0-9_]+)?"));
                } else if (type.startsWith("java.util.List") || type.startsWith("java.util.Set")
                        || type.endsWith("[]")) {
                    patterns.add(Pattern.compile(env + "(_[0-9]+(_[A-Z0-9_]+)?)?"));
                } else {
                    patterns.add(Pattern.compile(env));
                }
            }
            springBootPatterns = patterns;
        }
        return patterns;
    }

    // --- names ---------------------------------------------------------------------------------------------

    /** {@code hss.av-proxy.base-url} → {@code HSS_AVPROXY_BASEURL} (Spring's rule for environment variables). */
    static String envForm(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase();
    }

    private static String camel(String kebab) {
        return Pattern.compile("-([a-z0-9])").matcher(kebab).replaceAll(m -> m.group(1).toUpperCase());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " not on the test classpath", e);
        }
    }
}
