package org.webrtcims.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Every manifest the chart renders (default values, production values, bundled-database/TLS variant) validates
 * against the Kubernetes API schemas, through the npm package {@code kubernetes-models} (deployment-tests/js, run
 * with Node; {@code npm ci} installs it when node_modules is missing). A missing Node fails the test.
 */
class KubernetesSchemaTest {

    @Test
    void renderedManifestsMatchTheKubernetesSchemas() throws Exception {
        Path js = Repo.root().resolve("deployment-tests/js");
        boolean hasNode = runs(js, "node", "--version") && runs(js, "npm", "--version");
        // never skipped: without the schema check a broken manifest would pass (README prerequisites: Node 20+)
        assertThat(hasNode).as("node and npm on PATH (Node 20+ is a prerequisite of the tests)").isTrue();
        if (!Files.isDirectory(js.resolve("node_modules/kubernetes-models"))) {
            Result install = run(js, 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit()).as("npm ci: %s", install.output()).isZero();
        }

        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Manifests rendering : Manifests.all()) {
            manifests.addAll(rendering.items());
        }
        Path input = Files.createTempFile("manifests", ".json");
        try {
            new ObjectMapper().writeValue(input.toFile(), manifests);
            Result validation = run(js, 120, "node", "validate-k8s.mjs", input.toString());
            assertThat(validation.exit()).as("kubernetes schema validation:%n%s", validation.output()).isZero();
            assertThat(validation.output()).contains("validated " + manifests.size() + " manifests, 0 invalid");
        } finally {
            Files.deleteIfExists(input);
        }
    }

    record Result(int exit, String output) {
    }

    private static boolean runs(Path dir, String... command) {
        try {
            return run(dir, 30, command).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Result run(Path dir, int timeoutSeconds, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, "interrupted");
        }
    }
}
