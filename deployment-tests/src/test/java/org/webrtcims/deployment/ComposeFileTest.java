package org.webrtcims.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml (and the wss override) against the Compose specification's JSON schema, and against the
 * services themselves: every environment variable is a real setting of its service, hosts and ports between
 * services are the compose service names and the services' default ports, secrets come from .env only, and only
 * the eP-CSCF's WebSocket port and the loopback-bound admin APIs are published.
 */
class ComposeFileTest {

    static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?([-?])([^}]*))?}");
    static final Pattern SECRET_NAME = HelmChartTest.SECRET_NAME;

    private final Map<String, Object> compose = Repo.yaml(Repo.root().resolve("docker-compose.yml"));
    private final Map<String, Object> wss = Repo.yaml(Repo.root().resolve("docker-compose.wss.yml"));

    @Test
    void matchesTheComposeSpecification() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode schemaDocument;
        try (InputStream in = getClass().getResourceAsStream("/compose-spec/compose-spec.json")) {
            schemaDocument = mapper.readTree(in);
        }
        // the spec's schema still carries draft-04 "id" annotations, which a 2019-09 validator refuses
        dropIdAnnotations(schemaDocument, false);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schemaDocument);
        for (Map.Entry<String, Map<String, Object>> file : Map.of("docker-compose.yml", compose,
                "docker-compose.wss.yml", wss).entrySet()) {
            JsonNode document = mapper.valueToTree(file.getValue());
            Set<ValidationMessage> errors = schema.validate(document);
            assertThat(errors).as(file.getKey()).isEmpty();
        }
        // docker-compose v1 (still common) rejects a top-level name:
        assertThat(compose).doesNotContainKey("name");
    }

    @Test
    void everyEnvironmentVariableIsASettingOfItsService() {
        for (Map.Entry<String, String> service : springServices().entrySet()) {
            SettingsRecords settings = SettingsRecords.of(service.getValue());
            Set<String> names = new LinkedHashSet<>(environment(compose, service.getKey()).keySet());
            names.addAll(environment(wss, service.getKey()).keySet());
            assertThat(names).as(service.getKey()).isNotEmpty()
                    .allSatisfy(name -> assertThat(settings.knows(name))
                            .as("%s is a setting of %s", name, service.getValue()).isTrue());
        }
    }

    @Test
    void unknownVariablesAreRecognised() {
        SettingsRecords hss = SettingsRecords.of("hss-service");
        assertThat(hss.knows("HSS_SCSCFS_0_NOTIFYURL")).isTrue();
        assertThat(hss.knows("HSS_AVPROXY_TOKEN")).isTrue();
        assertThat(hss.knows("SPRING_DATASOURCE_URL")).isTrue();
        assertThat(hss.knows("HSS_AVPROXY_URL")).isFalse();
        assertThat(hss.knows("HSS_SCSCF_0_NAME")).isFalse();
        assertThat(SettingsRecords.of("icscf-service").knows("SPRING_DATASOURCE_URL")).isFalse();
        assertThat(SettingsRecords.of("ep-cscf-service").knows("EPCSCF_FLOWS_TOKENKEY")).isTrue();
        assertThat(SettingsRecords.of("ep-cscf-service").knows("SPRING_SSL_BUNDLE_PEM_WSS_KEYSTORE_CERTIFICATE"))
                .isTrue();
    }

    @Test
    void servicesAreHealthCheckedOrderedAndRestarted() {
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            String name = service.getKey();
            Map<String, Object> definition = service.getValue();
            if (List.of("demo-provision").contains(name)) {
                continue;
            }
            assertThat(definition.get("restart")).as(name + " restart").isEqualTo("unless-stopped");
            assertThat(Repo.<Object>at(definition, "healthcheck", "test")).as(name + " healthcheck").isNotNull();
            Repo.map(definition, "depends_on").forEach((dependency, condition) -> assertThat(
                    Repo.<Object>at(condition, "condition")).as(name + " -> " + dependency).isEqualTo("service_healthy"));
        }
        for (Map.Entry<String, String> service : springServices().entrySet()) {
            Map<String, Object> definition = services().get(service.getKey());
            int port = SettingsRecords.of(service.getValue()).managementPort();
            assertThat(port).as(service.getKey() + " management port")
                    .isNotEqualTo(SettingsRecords.of(service.getValue()).httpPort());
            String test = String.valueOf(Repo.<Object>at(definition, "healthcheck", "test"));
            // probes go to the management port: actuator is not on the public API/WebSocket port
            assertThat(test).as(service.getKey()).contains("http://127.0.0.1:" + port + "/actuator/health/readiness")
                    .doesNotContain(":" + SettingsRecords.of(service.getValue()).httpPort() + "/actuator");
            assertThat(definition.get("read_only")).as(service.getKey() + " read_only").isEqualTo(true);
            assertThat(definition.get("mem_limit")).as(service.getKey() + " mem_limit").isNotNull();
            assertThat(Repo.<String>at(definition, "image")).startsWith("webrtc-ims/" + service.getValue() + ":");
        }
        Map<String, Object> postgres = services().get("postgres");
        assertThat((String) postgres.get("image")).matches("postgres:\\d+\\.\\d+.*");
        assertThat(Repo.<List<Object>>at(postgres, "volumes")).anySatisfy(v -> assertThat(String.valueOf(v))
                .startsWith("pgdata:"));
    }

    @Test
    void onlyTheWebSocketAndLoopbackAdminPortsArePublished() {
        Map<String, List<String>> published = new LinkedHashMap<>();
        services().forEach((name, definition) -> published.put(name,
                Repo.<List<Object>>at(definition, "ports") == null ? List.of()
                        : Repo.<List<Object>>at(definition, "ports").stream().map(String::valueOf).toList()));
        assertThat(published.get("ep-cscf")).containsExactly("${EPCSCF_PUBLISH_ADDRESS:-127.0.0.1}:8094:8094");
        assertThat(published.get("web-auth-proxy")).containsExactly("127.0.0.1:8090:8090");
        assertThat(published.get("hss")).containsExactly("127.0.0.1:8091:8091");
        // the reference WIC page (issue 13): an origin of the demo WWSF, on loopback like the admin ports
        assertThat(published.get("wic-page")).containsExactly("127.0.0.1:8080:8080");
        published.forEach((name, ports) -> {
            if (!List.of("ep-cscf", "web-auth-proxy", "hss", "wic-page").contains(name)) {
                assertThat(ports).as(name + " publishes nothing").isEmpty();
            }
        });
        assertThat(SettingsRecords.of("ep-cscf-service").httpPort()).isEqualTo(8094);
        assertThat(environment(compose, "ep-cscf")).doesNotContainKey("SERVER_PORT");
    }

    @Test
    void hostsAndPortsBetweenServicesAreTheComposeNamesAndTheDefaultPorts() {
        Map<String, String> spring = springServices();
        for (String service : spring.keySet()) {
            environment(compose, service).forEach((name, value) -> {
                Matcher http = Pattern.compile("^https?://([^:/]+):(\\d+)").matcher(value);
                if (http.find()) {
                    String target = http.group(1);
                    assertThat(spring).as("%s %s names a service", service, name).containsKey(target);
                    assertThat(Integer.parseInt(http.group(2))).as("%s %s port", service, name)
                            .isEqualTo(SettingsRecords.of(spring.get(target)).httpPort());
                }
                Matcher sip = Pattern.compile("^sip:([^:;]+):(\\d+);transport=(\\w+)").matcher(value);
                if (sip.find()) {
                    String target = sip.group(1);
                    assertThat(spring).as("%s %s names a service", service, name).containsKey(target);
                    SettingsRecords settings = SettingsRecords.of(spring.get(target));
                    String prefix = settings.service().configName().replace("-", "");
                    assertThat(Integer.parseInt(sip.group(2))).as("%s %s SIP port", service, name)
                            .isEqualTo(((Number) settings.boundValue(prefix + ".sip.port")).intValue());
                    assertThat((List<Object>) settings.boundValue(prefix + ".sip.transports"))
                            .as("%s %s transport", service, name).contains(sip.group(3));
                }
                Matcher jdbc = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/(\\w+)$").matcher(value);
                if (jdbc.find()) {
                    assertThat(jdbc.group(1)).isEqualTo("postgres");
                    assertThat(jdbc.group(2)).isEqualTo("5432");
                    assertThat(Repo.read(Repo.root().resolve("docker/postgres/init-databases.sh")))
                            .as("the init script creates database " + jdbc.group(3))
                            .contains("create_database " + jdbc.group(3) + " ");
                }
            });
        }
        Map<String, String> hss = environment(compose, "hss");
        Map<String, String> scscf = environment(compose, "scscf");
        assertThat(hss.get("HSS_SCSCFS_0_NAME")).isEqualTo(scscf.get("SCSCF_SERVERNAME"));
        assertThat(environment(compose, "ep-cscf").get("EPCSCF_SIP_ADVERTISEDHOST")).isEqualTo("ep-cscf");
        assertThat(environment(compose, "icscf").get("ICSCF_SIP_ADVERTISEDHOST")).isEqualTo("icscf");
        assertThat(environment(compose, "icscf").get("ICSCF_TRUSTEDPEERS_0"))
                .isEqualTo(String.valueOf(Repo.<Object>at(compose, "networks", "ims", "ipam", "config", 0, "subnet")));
    }

    /** The role each calling link has at its callee (docs/security.md): one role per caller. */
    static final Map<String, String> LINK_ROLES = Map.of(
            "HSS_AVPROXY_TOKEN", "HSS",
            "HSS_DEREGISTRATIONNOTICES_TOKEN", "HSS",
            "SCSCF_HSS_TOKEN", "S_CSCF",
            "ICSCF_HSS_TOKEN", "I_CSCF",
            "EPCSCF_HSS_TOKEN", "EP_CSCF",
            "WEBAUTHPROXY_HSS_TOKEN", "WEB_AUTH_PROXY");

    @Test
    void everyClientTokenIsATokenTheCalledServiceAccepts() {
        Map<String, String> spring = springServices();
        for (String service : spring.keySet()) {
            Map<String, String> env = environment(compose, service);
            env.forEach((name, value) -> {
                if (!name.endsWith("_TOKEN") || name.startsWith("APIAUTH_CLIENTS_")) {
                    return;
                }
                String urlName = name.equals("HSS_DEREGISTRATIONNOTICES_TOKEN") ? "HSS_SCSCFS_0_NOTIFYURL"
                        : name.replaceFirst("_TOKEN$", "_BASEURL");
                assertThat(env).as(service + " " + name + " has its URL").containsKey(urlName);
                String target = URI.create(env.get(urlName)).getHost();
                Map<String, String> targetEnv = environment(compose, target);
                String variable = variable(value);
                Set<String> accepted = targetEnv.entrySet().stream()
                        .filter(e -> e.getKey().matches("APIAUTH_CLIENTS_\\d+_TOKEN"))
                        .filter(e -> variable.equals(variable(e.getValue())))
                        .map(e -> targetEnv.get(e.getKey().replace("_TOKEN", "_ROLE")))
                        .collect(Collectors.toSet());
                assertThat(accepted).as("%s %s (%s) is a %s client token of %s", service, name, variable,
                        LINK_ROLES.get(name), target).containsExactly(LINK_ROLES.get(name));
            });
        }
        // demo provisioning uses the operators' tokens (the proxy's ADMIN syncs for any WWSF)
        Map<String, String> demo = environment(compose, "demo-provision");
        assertThat(variable(demo.get("HSS_ADMIN_TOKEN"))).isEqualTo(variable(environment(compose, "hss").get("APIAUTH_CLIENTS_3_TOKEN")));
        assertThat(environment(compose, "hss").get("APIAUTH_CLIENTS_3_ROLE")).isEqualTo("ADMIN");
        assertThat(variable(demo.get("PROXY_ADMIN_TOKEN")))
                .isEqualTo(variable(environment(compose, "web-auth-proxy").get("APIAUTH_CLIENTS_2_TOKEN")));
        assertThat(environment(compose, "web-auth-proxy").get("APIAUTH_CLIENTS_2_ROLE")).isEqualTo("ADMIN");
    }

    @Test
    void eachCallerHasItsOwnSecretAndNoWildcardScope() {
        Map<String, String> clientTokens = new LinkedHashMap<>();
        for (String service : springServices().keySet()) {
            environment(compose, service).forEach((name, value) -> {
                if (name.matches("APIAUTH_CLIENTS_\\d+_TOKEN")) {
                    String previous = clientTokens.put(variable(value), service + " " + name);
                    assertThat(previous).as("%s %s reuses the secret of %s", service, name, previous).isNull();
                }
                if (name.matches("APIAUTH_CLIENTS_\\d+_SCOPES(_\\d+)?")) {
                    assertThat(value).as("%s %s", service, name).doesNotContain("*");
                }
            });
        }
        assertThat(clientTokens).as("proxy 3, HSS 5, S-CSCF 1").hasSize(9);
        // the S-CSCF's credential at the HSS lists exactly its own Server-Name
        Map<String, String> hss = environment(compose, "hss");
        assertThat(hss.get("APIAUTH_CLIENTS_1_ROLE")).isEqualTo("S_CSCF");
        assertThat(variable(hss.get("APIAUTH_CLIENTS_1_TOKEN")))
                .isEqualTo(variable(environment(compose, "scscf").get("SCSCF_HSS_TOKEN")));
        assertThat(hss.get("APIAUTH_CLIENTS_1_SCOPES")).isEqualTo(environment(compose, "scscf").get("SCSCF_SERVERNAME"));
        assertThat(Repo.read(Repo.root().resolve("docker-compose.yml"))).doesNotContain(":-*}");
    }

    @Test
    void secretsComeFromDotEnvAndTheGeneratorCoversThem() throws Exception {
        Set<String> required = new TreeSet<>();
        Set<String> referenced = new TreeSet<>();
        Matcher matcher = INTERPOLATION.matcher(Repo.read(Repo.root().resolve("docker-compose.yml")));
        while (matcher.find()) {
            referenced.add(matcher.group(1));
            if ("?".equals(matcher.group(2))) {
                required.add(matcher.group(1));
            }
        }
        services().forEach((service, definition) -> environment(compose, service).forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches() && !name.endsWith("_NAME")) {
                assertThat(value).as("%s %s is not a literal secret", service, name).matches("\\$\\{[A-Z0-9_]+:\\?.*}");
            }
        }));

        String example = Repo.read(Repo.root().resolve(".env.example"));
        assertThat(referenced).allSatisfy(variable -> assertThat(example).as(".env.example documents " + variable)
                .containsPattern("(?m)^#? ?" + variable + "="));
        assertThat(example).doesNotContainPattern("(?m)^[A-Z0-9_]*(TOKEN|PASSWORD|KEY[A-Z0-9_]*)=.+$");

        Process generator = new ProcessBuilder("sh", "scripts/generate-env.sh", "--stdout")
                .directory(Repo.root().toFile()).redirectErrorStream(true).start();
        String generated = new String(generator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(generator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(generator.exitValue()).as(generated).isZero();
        for (String variable : required) {
            assertThat(generated).as("generate-env.sh sets " + variable).containsPattern("(?m)^" + variable + "=\\S{16,}$");
        }
        assertThat(Repo.read(Repo.root().resolve(".gitignore"))).containsPattern("(?m)^\\.env$");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static void dropIdAnnotations(JsonNode node, boolean isPropertyMap) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            if (!isPropertyMap && object.path("id").isTextual()) {
                object.remove("id");
            }
            object.properties().forEach(entry -> dropIdAnnotations(entry.getValue(),
                    List.of("properties", "patternProperties", "definitions").contains(entry.getKey())));
        } else if (node != null && node.isArray()) {
            node.forEach(element -> dropIdAnnotations(element, false));
        }
    }

    private Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Repo.map(compose, "services").forEach((name, definition) -> services.put(name, Repo.map(definition)));
        return services;
    }

    /** compose service → service module, for the services built from docker/Dockerfile */
    private Map<String, String> springServices() {
        Map<String, String> spring = new LinkedHashMap<>();
        services().forEach((name, definition) -> {
            String module = Repo.at(definition, "build", "args", "SERVICE");
            if (module != null) {
                spring.put(name, module);
            }
        });
        assertThat(spring.values()).containsExactlyInAnyOrderElementsOf(SettingsRecords.SERVICES.keySet());
        return spring;
    }

    private static Map<String, String> environment(Map<String, Object> file, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = Repo.at(file, "services", service, "environment");
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> env.put(String.valueOf(key), String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] parts = String.valueOf(entry).split("=", 2);
                env.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return env;
    }

    private static String variable(String value) {
        Matcher matcher = INTERPOLATION.matcher(value == null ? "" : value);
        return matcher.find() ? matcher.group(1) : "<literal>";
    }
}
