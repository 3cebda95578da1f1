package org.webrtcims.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The "Configuration" table of a service README, rendered from the configuration metadata that
 * spring-boot-configuration-processor writes from the settings records ({@code META-INF/spring-configuration-metadata.json}
 * of the service jars on this module's test classpath): property, type, default ({@code @DefaultValue} of the record
 * component) and description (its Javadoc {@code @param}). A service's table has its own prefixes, {@code api-auth.*}
 * and {@code db-scheduler.*} where {@link SettingsRecords} lists those records for it, and {@code db-timeouts.*} where
 * it has a database.
 * <p>
 * Properties of records compiled in another module (the shared {@code SipListening} and {@code HssConnection}) reach
 * the metadata without a description, since the processor sees only their class files: that text is taken from the
 * same {@code @param} in the record's source in this repository.
 */
final class ConfigurationReference {

    static final String START = "<!-- configuration-reference:start -->";
    static final String END = "<!-- configuration-reference:end -->";
    static final String WRITE_PROPERTY = "configuration-reference.write";

    /** One row of the table. */
    record Property(String name, String type, String defaultValue, String description, String sourceType) {
    }

    private static volatile Map<String, Property> all;

    private ConfigurationReference() {
    }

    /** The property prefixes of a service's table, e.g. {@code hss}, {@code api-auth}, {@code db-timeouts}. */
    static List<String> prefixes(String module) {
        SettingsRecords settings = SettingsRecords.of(module);
        Set<String> prefixes = new LinkedHashSet<>();
        for (String className : settings.service().propertiesClasses()) {
            ConfigurationProperties annotation = load(className).getAnnotation(ConfigurationProperties.class);
            prefixes.add(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix());
        }
        if (settings.ymlValue("spring.datasource") != null) {
            prefixes.add("db-timeouts");
        }
        return List.copyOf(prefixes);
    }

    /** The properties of a service's table, sorted by name. */
    static List<Property> properties(String module) {
        List<String> prefixes = prefixes(module);
        return metadata().values().stream()
                .filter(p -> prefixes.stream().anyMatch(prefix -> p.name().startsWith(prefix + ".")))
                .toList();
    }

    /** The Markdown table between the markers, without them. */
    static String render(String module) {
        StringBuilder table = new StringBuilder();
        table.append("| Property | Type | Default | Description |\n|---|---|---|---|\n");
        for (Property p : properties(module)) {
            table.append("| `").append(p.name()).append("` | `").append(p.type()).append("` | ")
                    .append(p.defaultValue() == null ? "—" : "`" + p.defaultValue() + "`").append(" | ")
                    .append(p.description().isEmpty() ? "—" : p.description()).append(" |\n");
        }
        return table.toString();
    }

    static Path readme(String module) {
        return Repo.root().resolve(module).resolve("README.md");
    }

    /** What stands between the markers of the module's README now, or empty when a marker is missing. */
    static Optional<String> current(String module) {
        String text = Repo.read(readme(module));
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            return Optional.empty();
        }
        return Optional.of(text.substring(start + START.length(), end).strip() + "\n");
    }

    /** Replaces what stands between the markers with the rendered table. */
    static void write(String module) {
        Path file = readme(module);
        String text = Repo.read(file);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(file + " has no " + START + " … " + END + " in its Configuration section");
        }
        String updated = text.substring(0, start + START.length()) + "\n" + render(module) + text.substring(end);
        try {
            Files.writeString(file, updated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- metadata ------------------------------------------------------------------------------------------

    private static Map<String, Property> metadata() {
        Map<String, Property> properties = all;
        if (properties == null) {
            properties = new TreeMap<>();
            for (JsonNode property : metadataProperties()) {
                String sourceType = property.path("sourceType").asText("");
                if (!sourceType.startsWith("org.webrtcims.")) {
                    continue; // Spring Boot's own and other libraries' properties
                }
                String name = property.path("name").asText();
                String description = property.path("description").asText("");
                if (description.isEmpty()) {
                    description = javadocParam(sourceType, camel(name.substring(name.lastIndexOf('.') + 1)));
                }
                String type = shortType(property.path("type").asText(""));
                properties.put(name, new Property(name, type, defaultValue(property.get("defaultValue"), type),
                        markdown(description), sourceType));
            }
            if (properties.isEmpty()) {
                throw new IllegalStateException("no configuration metadata of the services on the test classpath: "
                        + "build them in the same reactor (-am); service jars installed before the configuration "
                        + "processor was added have none");
            }
            all = properties;
        }
        return properties;
    }

    /**
     * Every property of every {@code META-INF/spring-configuration-metadata.json} on the test classpath: Spring
     * Boot's, other libraries' and the services' own (the services' when built in the same reactor).
     */
    static List<JsonNode> metadataProperties() {
        List<JsonNode> properties = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try {
            Enumeration<URL> files = ConfigurationReference.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json");
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    mapper.readTree(in).path("properties").forEach(properties::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String defaultValue(JsonNode value, String type) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(", ", items);
        }
        String text = value.asText();
        if ((type.startsWith("List<") || type.startsWith("Set<")) && text.startsWith("[") && text.endsWith("]")) {
            return text.substring(1, text.length() - 1); // several @DefaultValue values reach the metadata as "[a, b]"
        }
        return text.isEmpty() ? "\"\"" : text;
    }

    /** {@code java.util.List<org.webrtcims.hss.config.HssProperties$Scscf>} → {@code List<Scscf>}. */
    static String shortType(String type) {
        return type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "").replaceAll("\\w+\\$", "").replace(",", ", ");
    }

    /** Javadoc inline tags to Markdown; one line; pipes escaped for the table. */
    static String markdown(String javadoc) {
        return javadoc.replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
                .replaceAll("\\{@link(?:plain)? (?:[\\w.]*\\.)?([\\w#]+)(?:\\([^)]*\\))?(?: [^}]*)?}", "`$1`")
                .replaceAll("\\s+", " ").strip()
                .replace("|", "\\|");
    }

    // --- descriptions of records from other modules: their source --------------------------------------------

    /** The {@code @param} text of a record component, from the record's source anywhere under the repository. */
    static String javadocParam(String sourceType, String component) {
        String topLevel = sourceType.contains("$") ? sourceType.substring(0, sourceType.indexOf('$')) : sourceType;
        String simpleName = sourceType.substring(Math.max(sourceType.lastIndexOf('.'), sourceType.lastIndexOf('$')) + 1);
        String relative = "src/main/java/" + topLevel.replace('.', '/') + ".java";
        Path source;
        try (Stream<Path> modules = Files.list(Repo.root())) {
            source = modules.map(module -> module.resolve(relative)).filter(Files::isRegularFile).findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (source == null) {
            return "";
        }
        String text = Repo.read(source);
        int record = text.indexOf("record " + simpleName + "(");
        int javadoc = record < 0 ? -1 : text.lastIndexOf("/**", record);
        if (javadoc < 0) {
            return "";
        }
        String comment = text.substring(javadoc, text.indexOf("*/", javadoc));
        Matcher param = Pattern.compile("@param\\s+" + component + "\\s+(.*?)(?=\\n\\s*\\*\\s*@|\\z)", Pattern.DOTALL)
                .matcher(comment);
        return param.find() ? param.group(1).replaceAll("\\n\\s*\\*", " ").replaceAll("\\s+", " ").strip() : "";
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " not on the test classpath", e);
        }
    }
}
