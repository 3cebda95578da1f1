package org.webrtcims.deployment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/** The chart rendered by the embedded Helm ({@code helm template}) and parsed. */
record Manifests(String name, List<Map<String, Object>> items) {

    static final String RELEASE = "ims";
    static final String NAMESPACE = "ims";
    /** the Kubernetes version rendered for (the embedded Helm defaults to an old one) */
    static final String KUBE_VERSION = "1.30.0";

    /** @param valuesFile a values file of the chart directory, or null for the defaults */
    static Manifests render(String valuesFile, Map<String, Object> sets) {
        TemplateCommand template = new Helm(Repo.chart()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template = template.withValuesFile(Repo.chart().resolve(valuesFile));
        }
        // the embedded Helm renders like an install that talks to a cluster, so the chart's lookup of an earlier
        // generated Secret would try to connect; a real `helm template` or install does not need this
        template = template.set("secrets.reuseExisting", "false");
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        String name = (valuesFile == null ? "default values" : valuesFile) + (sets.isEmpty() ? "" : " " + sets);
        return new Manifests(name, Repo.yamlDocuments(template.call()));
    }

    static Manifests defaults() {
        return render(null, Map.of());
    }

    static Manifests production() {
        return render("values-production.yaml", Map.of());
    }

    /** Trial variant: bundled PostgreSQL, TLS in the eP-CSCF behind a LoadBalancer. */
    static Manifests bundled() {
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("postgresql.enabled", "true");
        sets.put("epcscf.service.type", "LoadBalancer");
        sets.put("epcscf.tls.enabled", "true");
        sets.put("epcscf.tls.secretName", "ep-cscf-tls");
        return render(null, sets);
    }

    static List<Manifests> all() {
        return List.of(defaults(), production(), bundled());
    }

    Stream<Map<String, Object>> ofKind(String kind) {
        return items.stream().filter(item -> kind.equals(item.get("kind")));
    }

    Map<String, Object> get(String kind, String resourceName) {
        return ofKind(kind).filter(item -> resourceName.equals(Repo.at(item, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no " + kind + " " + resourceName));
    }

    /** Deployments, StatefulSets and (test) Pods with their pod spec. */
    Stream<Map<String, Object>> workloads() {
        return items.stream().filter(item -> List.of("Deployment", "StatefulSet", "Pod").contains(item.get("kind")));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return "Pod".equals(workload.get("kind")) ? Repo.map(workload, "spec")
                : Repo.map(workload, "spec", "template", "spec");
    }

    static String component(Map<String, Object> item) {
        return Objects.toString(Repo.at(item, "metadata", "labels", "app.kubernetes.io/component"));
    }

    static boolean isHook(Map<String, Object> item) {
        return Repo.at(item, "metadata", "annotations", "helm.sh/hook") != null;
    }

    static String resourceName(Map<String, Object> item) {
        return item.get("kind") + "/" + Repo.at(item, "metadata", "name");
    }

    Path chart() {
        return Repo.chart();
    }
}
