package org.webrtcims.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The build's own structure: every project module a pom declares is used by the declaring module's code, and no
 * module is only one class (issue 14). "Used" means the sources of the dependency's scope (main code for compile
 * scope, main and test code for test scope) name one of the dependency's packages, or, for a service module,
 * start that service through the test kit ({@code Service.HSS}, or every service with {@code Service.values()}).
 * The check reads the poms and sources as text: it needs no build output and runs in a second.
 */
class ModuleDependenciesTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern DEPENDENCIES = Pattern.compile("\\n  <dependencies>(.*?)\\n  </dependencies>",
            Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    /** The service modules and the test kit's name for each ({@code org.webrtcims.fixture.Service}). */
    private static final Map<String, String> SERVICES = Map.of("web-auth-proxy-service", "WEB_AUTH_PROXY",
            "hss-service", "HSS", "scscf-service", "SCSCF", "icscf-service", "ICSCF", "ep-cscf-service", "EP_CSCF");

    private record Declared(String module, String artifact, String scope, boolean testJar) {
    }

    @Test
    void everyDeclaredProjectModuleIsUsedByTheDeclaringModule() {
        List<String> unused = new ArrayList<>();
        for (String module : modules()) {
            for (Declared dependency : declared(module)) {
                Set<String> packages = packages(dependency.artifact(), dependency.testJar() ? "test" : "main");
                String code = sources(module, "main")
                        + (dependency.scope().equals("test") ? sources(module, "test") : "");
                boolean named = packages.stream().anyMatch(p -> code.contains(p + "."));
                String service = SERVICES.get(dependency.artifact());
                // CoreUnderTest runs the proxy, HSS and S-CSCF
                boolean started = service != null && (code.contains("Service." + service)
                        || code.contains("Service.values()") || code.contains("CoreUnderTest")
                        && List.of("WEB_AUTH_PROXY", "HSS", "SCSCF").contains(service));
                if (!named && !started) {
                    unused.add(module + " declares " + dependency.artifact()
                            + (dependency.testJar() ? " (test-jar)" : "") + " [" + dependency.scope()
                            + "] but its code uses none of " + packages);
                }
            }
        }
        assertThat(unused).as("project modules declared but not used; remove them from the pom").isEmpty();
    }

    @Test
    void noModuleIsASingleClass() {
        Map<String, Integer> classes = new LinkedHashMap<>();
        for (String module : modules()) {
            Path main = Repo.root().resolve(module).resolve("src/main/java");
            if (Files.isDirectory(main)) {
                classes.put(module, javaFiles(main).size());
            }
        }
        assertThat(classes).as("main classes per module").allSatisfy((module, count) ->
                assertThat(count).as(module).isGreaterThan(1));
    }

    private static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Repo.read(Repo.root().resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertThat(modules).isNotEmpty();
        return modules;
    }

    private static List<Declared> declared(String module) {
        String pom = Repo.read(Repo.root().resolve(module).resolve("pom.xml"));
        Matcher section = DEPENDENCIES.matcher(pom);
        List<Declared> declared = new ArrayList<>();
        if (!section.find()) {
            return declared;
        }
        Matcher m = DEPENDENCY.matcher(section.group(1));
        while (m.find()) {
            String body = m.group(1);
            if (!body.contains("<groupId>org.webrtcims</groupId>")) {
                continue;
            }
            declared.add(new Declared(module, tag(body, "artifactId"),
                    tag(body, "scope").isEmpty() ? "compile" : tag(body, "scope"),
                    tag(body, "type").equals("test-jar")));
        }
        return declared;
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).trim() : "";
    }

    private static Set<String> packages(String module, String sourceSet) {
        Set<String> packages = new TreeSet<>();
        for (Path file : javaFiles(Repo.root().resolve(module).resolve("src").resolve(sourceSet).resolve("java"))) {
            Matcher m = PACKAGE.matcher(Repo.read(file));
            if (m.find()) {
                packages.add(m.group(1));
            }
        }
        assertThat(packages).as("packages of " + module + " " + sourceSet).isNotEmpty();
        return packages;
    }

    private static String sources(String module, String sourceSet) {
        StringBuilder all = new StringBuilder();
        for (Path file : javaFiles(Repo.root().resolve(module).resolve("src").resolve(sourceSet).resolve("java"))) {
            // the module's own package lines would name its own packages, not a dependency's
            all.append(PACKAGE.matcher(Repo.read(file)).replaceAll("")).append('\n');
        }
        return all.toString();
    }

    private static List<Path> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
