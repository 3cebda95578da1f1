package org.webrtcims.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Helm chart, linted and rendered by the embedded Helm (no binary, no cluster) for the default values, the
 * production-like values file and a bundled-database/TLS variant, with the deployment invariants checked on the
 * rendered manifests. The Kubernetes schema validation of the same manifests is {@link KubernetesSchemaTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmChartTest {

    /** Environment variable names that carry secrets: they must come from a Secret, never a literal value. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN|PASSWORD|SECRET|_KEYS_|TOKENKEY|NONCEKEYS|PRIVATEKEY).*");

    static final Set<String> WORKLOAD_COMPONENTS = Set.of("web-auth-proxy", "hss", "icscf", "scscf", "ep-cscf");

    private List<Manifests> renderings;

    @BeforeAll
    void render() {
        renderings = Manifests.all();
    }

    @Test
    void lintStrictPasses() {
        LintResult lint = new Helm(Repo.chart()).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void everyRenderingHasTheWholeSystem() {
        for (Manifests manifests : renderings) {
            Set<String> workloads = manifests.workloads().filter(w -> !Manifests.isHook(w))
                    .map(Manifests::component).collect(Collectors.toSet());
            assertThat(workloads).as(manifests.name()).containsAll(WORKLOAD_COMPONENTS);
        }
    }

    @Test
    void helmTestHookChecksEveryService() {
        // the embedded Helm returns a release's manifest without its hooks: lint renders the test template, this
        // checks what it asks
        String test = Repo.read(Repo.chart().resolve("templates/tests/test-readiness.yaml"));
        assertThat(test).contains("helm.sh/hook: test", "kind: Pod", "/actuator/health/readiness");
        for (String component : WORKLOAD_COMPONENTS) {
            assertThat(test).contains("\"component\" \"" + component + "\")");
        }
    }

    @Test
    void badValuesFailAtInstallTime() {
        assertThatThrownBy(() -> Manifests.render(null, Map.of("unknownTopLevelKey", "x")))
                .hasMessageContaining("unknownTopLevelKey");
        assertThatThrownBy(() -> Manifests.render(null, Map.of("scscf.replicas", "0"))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> Manifests.render(null, Map.of("epcscf.service.type", "Magic")))
                .hasMessageContaining("type");
        assertThatThrownBy(() -> Manifests.render(null, Map.of("containerSecurityContext.runAsNonRoot", "false")))
                .hasMessageContaining("runAsNonRoot");
        assertThatThrownBy(() -> Manifests.render(null, Map.of("icscf.trustedPeers[0]", "everyone")))
                .hasMessageContaining("trustedPeers");
    }

    @Test
    void containersAreRestrictedAndSized() {
        for (Manifests manifests : renderings) {
            manifests.workloads().forEach(workload -> {
                Map<String, Object> pod = Manifests.podSpec(workload);
                String where = manifests.name() + " " + Manifests.resourceName(workload);
                assertThat(pod.get("automountServiceAccountToken")).as(where + " automount").isEqualTo(false);
                for (Map<String, Object> container : containers(pod)) {
                    String at = where + " container " + container.get("name");
                    Object nonRoot = Objects.requireNonNullElse(Repo.at(container, "securityContext", "runAsNonRoot"),
                            Repo.at(pod, "securityContext", "runAsNonRoot"));
                    assertThat(nonRoot).as(at + " runAsNonRoot").isEqualTo(true);
                    assertThat(Repo.<Object>at(container, "securityContext", "readOnlyRootFilesystem"))
                            .as(at + " readOnlyRootFilesystem").isEqualTo(true);
                    assertThat(Repo.<Object>at(container, "securityContext", "allowPrivilegeEscalation"))
                            .as(at + " allowPrivilegeEscalation").isEqualTo(false);
                    assertThat(Repo.<List<Object>>at(container, "securityContext", "capabilities", "drop"))
                            .as(at + " capabilities.drop").contains("ALL");
                    for (String kind : List.of("requests", "limits")) {
                        for (String resource : List.of("cpu", "memory")) {
                            assertThat(Repo.<Object>at(container, "resources", kind, resource))
                                    .as(at + " resources." + kind + "." + resource).isNotNull();
                        }
                    }
                    if (!Manifests.isHook(workload)) {
                        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                            assertThat(container.get(probe)).as(at + " " + probe).isNotNull();
                        }
                    }
                    assertThat((String) container.get("image")).as(at + " image tag").matches(".+:[^:/]+")
                            .doesNotEndWith(":latest");
                }
            });
        }
    }

    @Test
    void everyWorkloadHasAPodDisruptionBudget() {
        for (Manifests manifests : renderings) {
            List<Map<String, Object>> budgets = manifests.ofKind("PodDisruptionBudget").toList();
            manifests.workloads().filter(w -> !Manifests.isHook(w)).forEach(workload -> {
                Map<String, Object> labels = Repo.map(workload, "spec", "template", "metadata", "labels");
                assertThat(budgets).as(manifests.name() + " PDB for " + Manifests.resourceName(workload))
                        .anySatisfy(pdb -> assertThat(labels).containsAllEntriesOf(
                                Repo.map(pdb, "spec", "selector", "matchLabels")));
            });
        }
    }

    @Test
    void cscfsWithStableNamesAreStatefulSetsWithHeadlessServices() {
        for (Manifests manifests : renderings) {
            for (String component : List.of("ep-cscf", "scscf")) {
                Map<String, Object> set = manifests.get("StatefulSet", "ims-webrtc-ims-" + component);
                String headless = Repo.at(set, "spec", "serviceName");
                assertThat(Repo.<Object>at(manifests.get("Service", headless), "spec", "clusterIP")).as(headless)
                        .isEqualTo("None");
            }
            for (String component : List.of("web-auth-proxy", "hss", "icscf")) {
                assertThat(manifests.get("Deployment", "ims-webrtc-ims-" + component)).isNotNull();
            }
        }
    }

    @Test
    void theHssListsEveryScscfPodByItsStableName() {
        for (Manifests manifests : renderings) {
            Map<String, Object> scscf = manifests.get("StatefulSet", "ims-webrtc-ims-scscf");
            int replicas = ((Number) Repo.at(scscf, "spec", "replicas")).intValue();
            String domain = "ims-webrtc-ims-scscf-headless.ims.svc.cluster.local";
            Map<String, String> serverName = env(containers(Manifests.podSpec(scscf)).get(0)).get("SCSCF_SERVERNAME");
            assertThat(serverName.get("value")).isEqualTo("sip:$(POD_NAME)." + domain + ":5062;transport=tcp");
            Map<String, Object> hssConfig = Repo.map(manifests.get("ConfigMap", "ims-webrtc-ims-hss"), "data");
            for (int i = 0; i < replicas; i++) {
                String host = "ims-webrtc-ims-scscf-" + i + "." + domain;
                assertThat(hssConfig).as(manifests.name())
                        .containsEntry("HSS_SCSCFS_" + i + "_NAME", "sip:" + host + ":5062;transport=tcp")
                        .containsEntry("HSS_SCSCFS_" + i + "_NOTIFYURL", "http://" + host + ":8093");
            }
            assertThat(hssConfig).doesNotContainKey("HSS_SCSCFS_" + replicas + "_NAME");
            Map<String, Object> epcscf = manifests.get("StatefulSet", "ims-webrtc-ims-ep-cscf");
            assertThat(env(containers(Manifests.podSpec(epcscf)).get(0)).get("EPCSCF_SIP_ADVERTISEDHOST").get("value"))
                    .isEqualTo("$(POD_NAME).ims-webrtc-ims-ep-cscf-headless.ims.svc.cluster.local");
        }
        assertThat(Repo.map(Manifests.production().get("ConfigMap", "ims-webrtc-ims-hss"), "data"))
                .containsKey("HSS_SCSCFS_2_NAME");
    }

    @Test
    void restServicesScaleHorizontally() {
        for (Manifests manifests : renderings) {
            Set<String> targets = manifests.ofKind("HorizontalPodAutoscaler")
                    .map(hpa -> Repo.<String>at(hpa, "spec", "scaleTargetRef", "kind") + "/"
                            + Repo.at(hpa, "spec", "scaleTargetRef", "name"))
                    .collect(Collectors.toSet());
            assertThat(targets).as(manifests.name())
                    .contains("Deployment/ims-webrtc-ims-web-auth-proxy", "Deployment/ims-webrtc-ims-hss")
                    .noneMatch(target -> target.startsWith("StatefulSet"));
        }
    }

    @Test
    void secretsComeOnlyFromSecretReferences() {
        for (Manifests manifests : renderings) {
            manifests.workloads().forEach(workload -> {
                for (Map<String, Object> container : containers(Manifests.podSpec(workload))) {
                    env(container).forEach((name, entry) -> {
                        if (SECRET_NAME.matcher(name).matches()) {
                            assertThat(entry).as(manifests.name() + " " + Manifests.resourceName(workload) + " " + name)
                                    .doesNotContainKey("value").containsKey("secretKeyRef");
                        }
                    });
                }
            });
            manifests.ofKind("ConfigMap").forEach(configMap -> {
                for (String key : Repo.map(configMap, "data").keySet()) {
                    Object value = Repo.map(configMap, "data").get(key);
                    if (!key.endsWith(".sh") && !String.valueOf(value).startsWith("file:")) {
                        assertThat(key).as(manifests.name() + " " + Manifests.resourceName(configMap))
                                .doesNotMatch(SECRET_NAME);
                    }
                }
            });
        }
        // with existing Secrets (production) the chart renders none of its own
        assertThat(Manifests.production().ofKind("Secret")).isEmpty();
        assertThat(Manifests.defaults().ofKind("Secret").map(s -> Repo.<String>at(s, "metadata", "name")))
                .containsExactly("ims-webrtc-ims-secrets");
    }

    @Test
    void networkPoliciesLimitWhoReachesWhat() {
        for (Manifests manifests : renderings) {
            Map<String, Object> deny = manifests.get("NetworkPolicy", "ims-webrtc-ims-default-deny");
            assertThat(Repo.list(deny, "spec", "ingress")).isEmpty();
            assertThat(Repo.<List<Object>>at(deny, "spec", "policyTypes")).containsExactly("Ingress");

            // only the CSCFs, the proxy (notifications) and admins reach the HSS's port, which carries the Cx API;
            // the helm test and the scrapers only the management port
            assertThat(callers(manifests, "hss", 8091))
                    .containsExactlyInAnyOrder("icscf", "scscf", "ep-cscf", "web-auth-proxy", "namespace:ims-admin");
            for (Map.Entry<String, Integer> management : MANAGEMENT_PORTS.entrySet()) {
                assertThat(callers(manifests, management.getKey(), management.getValue()))
                        .filteredOn(c -> !c.equals("namespace:monitoring")).containsExactly("helm-test");
            }
            // only the HSS (and admins, sync clients, observers) reach the proxy, whose port carries the fetch API
            assertThat(callers(manifests, "web-auth-proxy", 8090)).contains("hss", "namespace:ims-admin")
                    .doesNotContain("icscf", "scscf", "ep-cscf");
            assertThat(callers(manifests, "scscf", 5062)).containsExactlyInAnyOrder("icscf", "ep-cscf");
            assertThat(callers(manifests, "scscf", 8093)).containsExactly("hss");
            assertThat(callers(manifests, "icscf", 5060)).containsExactlyInAnyOrder("ep-cscf", "scscf");
            assertThat(callers(manifests, "ep-cscf", 5064)).containsExactlyInAnyOrder("icscf", "scscf");
            assertThat(callers(manifests, "ep-cscf", 8094)).containsExactly("anyone");
        }
        assertThat(callers(Manifests.production(), "web-auth-proxy", 8090)).contains("namespace:idp");
        assertThat(callers(Manifests.bundled(), "postgresql", 5432))
                .containsExactlyInAnyOrder("web-auth-proxy", "hss", "scscf");
    }

    @Test
    void environmentVariablesAreRealSettingsOfTheirService() {
        for (Manifests manifests : renderings) {
            Map<String, Map<String, Object>> configMaps = manifests.ofKind("ConfigMap").collect(Collectors.toMap(
                    c -> Repo.<String>at(c, "metadata", "name"), c -> Repo.map(c, "data")));
            manifests.workloads().filter(w -> !Manifests.isHook(w)).forEach(workload -> {
                for (Map<String, Object> container : containers(Manifests.podSpec(workload))) {
                    String image = (String) container.get("image");
                    String module = image.replaceAll("^.*/([^/:]+):[^:]+$", "$1");
                    if (!SettingsRecords.SERVICES.containsKey(module)) {
                        continue; // PostgreSQL
                    }
                    SettingsRecords settings = SettingsRecords.of(module);
                    List<String> names = new ArrayList<>(env(container).keySet());
                    for (Map<String, Object> from : Repo.list(container, "envFrom")) {
                        String configMap = Repo.at(from, "configMapRef", "name");
                        assertThat(configMaps).as("ConfigMap " + configMap).containsKey(configMap);
                        names.addAll(configMaps.get(configMap).keySet());
                    }
                    assertThat(names).as(manifests.name() + " " + module + " environment")
                            .allSatisfy(name -> assertThat(settings.knows(name))
                                    .as("%s is a setting of %s", name, module).isTrue());
                    int port = settings.httpPort();
                    assertThat(Repo.list(container, "ports")).as(module + " http port")
                            .anySatisfy(p -> assertThat(p).containsEntry("name", "http").containsEntry("containerPort", port));
                }
            });
        }
    }

    /** Component → management port (management.server.port of its yml). */
    static final Map<String, Integer> MANAGEMENT_PORTS = Map.of("web-auth-proxy", 8190, "hss", 8191, "icscf", 8192,
            "scscf", 8193, "ep-cscf", 8194);

    @Test
    void probesUseTheManagementPortNeverTheApiPort() {
        for (Manifests manifests : renderings) {
            manifests.workloads().filter(w -> !Manifests.isHook(w)).forEach(workload -> {
                for (Map<String, Object> container : containers(Manifests.podSpec(workload))) {
                    String module = String.valueOf(container.get("image")).replaceAll("^.*/([^/:]+):[^:]+$", "$1");
                    if (!SettingsRecords.SERVICES.containsKey(module)) {
                        continue;
                    }
                    int management = SettingsRecords.of(module).managementPort();
                    assertThat(management).isEqualTo(MANAGEMENT_PORTS.get(Manifests.component(workload)));
                    assertThat(Repo.list(container, "ports")).as(module + " management port").anySatisfy(p ->
                            assertThat(p).containsEntry("name", "management").containsEntry("containerPort", management));
                    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                        assertThat(Repo.<Object>at(container, probe, "httpGet", "port")).as(module + " " + probe)
                                .isEqualTo("management");
                        assertThat(Repo.<Object>at(container, probe, "httpGet", "scheme")).isEqualTo("HTTP");
                    }
                }
            });
        }
        String test = Repo.read(Repo.chart().resolve("templates/tests/test-readiness.yaml"));
        for (int port : MANAGEMENT_PORTS.values()) {
            assertThat(test).contains(":" + port + "/actuator/health/readiness");
        }
        assertThat(test).doesNotContainPattern(":809[0-4]/actuator");
    }

    @Test
    void eachCallerHasItsOwnTokenAndEachScscfPodItsOwnServerName() {
        for (Manifests manifests : renderings) {
            Map<String, Object> hssConfig = Repo.map(manifests.get("ConfigMap", "ims-webrtc-ims-hss"), "data");
            Map<String, Object> hss = manifests.get("Deployment", "ims-webrtc-ims-hss");
            Map<String, Map<String, String>> hssEnv = env(containers(Manifests.podSpec(hss)).get(0));
            Map<String, Object> scscf = manifests.get("StatefulSet", "ims-webrtc-ims-scscf");
            int replicas = ((Number) Repo.at(scscf, "spec", "replicas")).intValue();
            java.util.Set<String> keys = new java.util.HashSet<>();
            hssEnv.forEach((name, entry) -> {
                if (name.matches("APIAUTH_CLIENTS_\\d+_TOKEN")) {
                    assertThat(keys.add(entry.get("secretKeyRef"))).as(manifests.name() + " " + name + " own key").isTrue();
                }
            });
            assertThat(keys).hasSize(4 + replicas);
            for (int i = 0; i < replicas; i++) {
                int client = 4 + i;
                assertThat(hssConfig).containsEntry("APIAUTH_CLIENTS_" + client + "_ROLE", "S_CSCF")
                        .containsEntry("APIAUTH_CLIENTS_" + client + "_SCOPES", hssConfig.get("HSS_SCSCFS_" + i + "_NAME"));
                assertThat(hssEnv.get("APIAUTH_CLIENTS_" + client + "_TOKEN").get("secretKeyRef"))
                        .contains("key=hss-scscf-token-" + i);
            }
            assertThat(hssConfig.values()).noneMatch(v -> "INTERNAL".equals(v));
            assertThat(hssConfig).containsEntry("APIAUTH_CLIENTS_0_ROLE", "I_CSCF")
                    .containsEntry("APIAUTH_CLIENTS_1_ROLE", "WEB_AUTH_PROXY")
                    .containsEntry("APIAUTH_CLIENTS_2_ROLE", "EP_CSCF").containsEntry("APIAUTH_CLIENTS_3_ROLE", "ADMIN");
            // the S-CSCF pod reads hss-scscf-token-<ordinal> as scscf.hss.token from its own sub-directory only
            Map<String, Object> pod = Manifests.podSpec(scscf);
            Map<String, Object> scscfConfig = Repo.map(manifests.get("ConfigMap", "ims-webrtc-ims-scscf"), "data");
            assertThat(scscfConfig).containsEntry("SPRING_CONFIG_IMPORT", "configtree:/etc/ims/pod-secrets/")
                    .containsEntry("APIAUTH_CLIENTS_0_ROLE", "HSS");
            assertThat(env(containers(pod).get(0))).doesNotContainKey("SCSCF_HSS_TOKEN");
            assertThat(Repo.list(containers(pod).get(0), "volumeMounts")).anySatisfy(mount -> assertThat(mount)
                    .containsEntry("mountPath", "/etc/ims/pod-secrets").containsEntry("subPathExpr", "$(POD_NAME)"));
            Map<String, Object> volume = Repo.list(pod, "volumes").stream()
                    .filter(v -> "hss-token".equals(v.get("name"))).findFirst().orElseThrow();
            List<Map<String, Object>> items = Repo.list(volume, "secret", "items");
            assertThat(items).hasSize(replicas);
            for (int i = 0; i < replicas; i++) {
                assertThat(items.get(i)).containsEntry("key", "hss-scscf-token-" + i)
                        .containsEntry("path", "ims-webrtc-ims-scscf-" + i + "/scscf/hss/token");
            }
            Map<String, Object> proxyConfig = Repo.map(manifests.get("ConfigMap", "ims-webrtc-ims-web-auth-proxy"), "data");
            assertThat(proxyConfig).containsEntry("APIAUTH_CLIENTS_0_ROLE", "HSS");
            assertThat(proxyConfig.values()).noneMatch(v -> String.valueOf(v).contains("*"));
        }
        assertThat(Repo.map(Manifests.production().get("ConfigMap", "ims-webrtc-ims-web-auth-proxy"), "data"))
                .containsEntry("APIAUTH_CLIENTS_2_ROLE", "SYNC").containsEntry("APIAUTH_CLIENTS_2_SCOPES", "wwsf.example.com");
        assertThat(Repo.map(Manifests.defaults().get("ConfigMap", "ims-webrtc-ims-web-auth-proxy"), "data"))
                .doesNotContainKey("APIAUTH_CLIENTS_2_ROLE");
        assertThatThrownBy(() -> Manifests.render(null, Map.of("webAuthProxy.syncScopes", "*")))
                .hasMessageContaining("syncScopes");
    }

    @Test
    void theBundledDatabaseScriptIsTheComposeOne() {
        assertThat(Repo.read(Repo.chart().resolve("files/init-databases.sh")))
                .isEqualTo(Repo.read(Repo.root().resolve("docker/postgres/init-databases.sh")));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
        List<Map<String, Object>> all = new ArrayList<>(Repo.list(podSpec, "initContainers"));
        all.addAll(Repo.list(podSpec, "containers"));
        return all;
    }

    /** name → {value} or {secretKeyRef: …} / {fieldRef: …} */
    static Map<String, Map<String, String>> env(Map<String, Object> container) {
        Map<String, Map<String, String>> env = new LinkedHashMap<>();
        for (Map<String, Object> entry : Repo.list(container, "env")) {
            Map<String, String> description = new LinkedHashMap<>();
            if (entry.containsKey("value")) {
                description.put("value", String.valueOf(entry.get("value")));
            }
            Repo.map(entry, "valueFrom").forEach((kind, ref) -> description.put(kind, String.valueOf(ref)));
            env.put((String) entry.get("name"), description);
        }
        return env;
    }

    /**
     * Who may connect to a port of a component's pods, after the policies that select them: the component of a
     * pod selector of this release, {@code namespace:<name>}, or {@code anyone}.
     */
    static List<String> callers(Manifests manifests, String component, int port) {
        List<String> callers = new ArrayList<>();
        manifests.ofKind("NetworkPolicy")
                .filter(policy -> component.equals(Repo.at(policy, "spec", "podSelector", "matchLabels",
                        "app.kubernetes.io/component")))
                .forEach(policy -> {
                    for (Map<String, Object> rule : Repo.list(policy, "spec", "ingress")) {
                        boolean portMatches = Repo.list(rule, "ports").isEmpty() || Repo.list(rule, "ports").stream()
                                .anyMatch(p -> Objects.equals(p.get("port"), port));
                        if (!portMatches) {
                            continue;
                        }
                        if (!rule.containsKey("from")) {
                            callers.add("anyone");
                            continue;
                        }
                        for (Map<String, Object> peer : Repo.list(rule, "from")) {
                            String podComponent = Repo.at(peer, "podSelector", "matchLabels", "app.kubernetes.io/component");
                            String namespace = Repo.at(peer, "namespaceSelector", "matchLabels",
                                    "kubernetes.io/metadata.name");
                            callers.add(namespace != null ? "namespace:" + namespace
                                    : podComponent != null ? podComponent : "peer:" + peer);
                        }
                    }
                });
        return callers;
    }
}
