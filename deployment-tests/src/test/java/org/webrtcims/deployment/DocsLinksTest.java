package org.webrtcims.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The links of the documentation lead somewhere: every Markdown file under {@code docs/}, the top
 * {@code README.md} and every {@code <module>/README.md}.
 * <ul>
 * <li>A relative link names a file or directory that exists, resolved against the linking file's directory
 * ({@code /…} against the repository root), query and fragment stripped.</li>
 * <li>A fragment ({@code #…}, in the same file or in another Markdown file) is a heading's anchor as GitHub
 * generates it (lower case, punctuation other than {@code -} and {@code _} dropped, spaces → {@code -}, repeats
 * numbered {@code -1}, {@code -2}, …) or an explicit {@code <a id>}/{@code <a name>}. On any other file only GitHub's
 * line fragments ({@code #L10}, {@code #L10-L20}) are allowed, and the file must have that many lines.</li>
 * <li>External ({@code http:}, {@code https:}, {@code mailto:} …) links are only checked to be syntactically valid
 * URIs with a host where the scheme needs one: CI has no general network access, so whether they answer is not
 * tested.</li>
 * </ul>
 * Links inside fenced code blocks and inline code are not links and are skipped. A failure lists every broken link
 * as {@code file:line → target}.
 */
class DocsLinksTest {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    /** {@code `Name`} or {@code `Name.member(…)`}, optionally as the text of a link: {@code [`Name`](target)}. */
    private static final Pattern CLASS_IN_CODE = Pattern.compile(
            "(\\[)?`([A-Z][A-Za-z0-9]*)((?:\\.[A-Za-z]\\w*)*(?:\\([^`]*\\))?)`(?:]\\(([^)\\s]+)\\))?");
    private static final Pattern LINE_FRAGMENT = Pattern.compile("L(\\d+)(?:C\\d+)?(?:-L(\\d+)(?:C\\d+)?)?");

    private final Path root = Repo.root();
    private final Map<Path, Set<String>> anchorCache = new HashMap<>();

    @Test
    void everyRelativeLinkInTheDocsResolves() {
        assertThat(broken(link -> !isExternal(link.target()), this::relativeTargetProblem))
                .as("relative links whose file or directory does not exist").isEmpty();
    }

    @Test
    void everyFragmentNamesAHeadingOrAnAnchor() {
        assertThat(broken(link -> !isExternal(link.target()) && link.target().contains("#"), this::fragmentProblem))
                .as("fragments that name no heading or anchor (or no line) of their file").isEmpty();
    }

    @Test
    void everyExternalLinkIsAValidUri() {
        assertThat(broken(link -> isExternal(link.target()), DocsLinksTest::externalProblem))
                .as("external links that are not valid URIs").isEmpty();
    }

    /**
     * docs/architecture.md names classes in inline code ({@code `CxService`}, {@code `CxService.authorize`}); each
     * such name of a main class of this repository is a link to that class's file (whose existence the test above
     * checks).
     */
    @Test
    void everyClassTheArchitectureNamesLinksToItsFile() throws IOException {
        Set<String> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(path -> path.toString().contains("/src/main/java/")
                            && path.toString().endsWith(".java") && !path.toString().contains("/target/"))
                    .map(path -> path.getFileName().toString().replace(".java", ""))
                    .collect(java.util.stream.Collectors.toSet());
        }
        Path architecture = root.resolve("docs/architecture.md");
        String text = Repo.read(architecture);
        List<String> unlinked = new ArrayList<>();
        Matcher code = CLASS_IN_CODE.matcher(text);
        while (code.find()) {
            String name = code.group(2);
            if (!classes.contains(name)) {
                continue;
            }
            String target = code.group(4);
            boolean linked = code.group(1) != null && target != null
                    && pathPart(target).endsWith("/" + name + ".java");
            if (!linked) {
                long line = text.substring(0, code.start()).chars().filter(c -> c == '\n').count() + 1;
                unlinked.add("docs/architecture.md:" + line + " → `" + name + code.group(3) + "`"
                        + (target == null ? " (no link)" : " (links " + target + ")"));
            }
        }
        assertThat(classes).as("main classes found").hasSizeGreaterThan(100);
        assertThat(unlinked).as("classes named without a link to their file").isEmpty();
    }

    @Test
    void theCheckedFilesAreTheDocsAndTheReadmes() {
        List<String> files = documents().stream().map(file -> root.relativize(file).toString()).toList();
        assertThat(files).contains("README.md", "docs/architecture.md", "docs/protocol-profile.md",
                "hss-service/README.md");
        assertThat(documents().stream().mapToLong(file -> Markdown.links(Repo.read(file)).size()).sum())
                .as("links found").isGreaterThan(50);
    }

    @Test
    void headingAnchorsAreGitHubs() {
        String text = """
                # Architecture
                ## 3. Wire-level flow (steps 1–10)
                ### Step 3/4 — S-CSCF → HSS (MAR) → AV-proxy
                ## `CxMemory` and [the profile](x.md): *what* is_kept
                ## Notes
                ## Notes
                ```
                ## not a heading
                ```
                <a id="explicit"></a>
                """;
        assertThat(Markdown.anchors(text)).containsExactly("architecture", "3-wire-level-flow-steps-110",
                "step-34--s-cscf--hss-mar--av-proxy", "cxmemory-and-the-profile-what-is_kept", "notes", "notes-1",
                "explicit");
    }

    @Test
    void linksInCodeAreNotLinks() {
        String text = """
                see [the profile](protocol-profile.md#scope-and-phases) and `[not](a-link.md)`,
                [`CxMemory`](../hss-service/src/main/java/CxMemory.java "title"), [wrapped
                text](wrapped.md)
                ```
                [in a block](nowhere.md)
                ```
                """;
        assertThat(Markdown.links(text)).containsExactly(
                new Markdown.Link(1, "protocol-profile.md#scope-and-phases"),
                new Markdown.Link(2, "../hss-service/src/main/java/CxMemory.java"),
                new Markdown.Link(3, "wrapped.md"));
    }

    /** Every link of every document that {@code applies}, with what is wrong with it (null: nothing). */
    private List<String> broken(Predicate<Markdown.Link> applies, Problem problem) {
        List<String> broken = new ArrayList<>();
        for (Path file : documents()) {
            for (Markdown.Link link : Markdown.links(Repo.read(file))) {
                if (!applies.test(link)) {
                    continue;
                }
                String why = problem.of(file, link.target());
                if (why != null) {
                    broken.add(root.relativize(file) + ":" + link.line() + " → " + link.target() + " (" + why + ")");
                }
            }
        }
        return broken;
    }

    @FunctionalInterface
    private interface Problem {
        String of(Path file, String target);
    }

    private List<Path> documents() {
        List<Path> documents = new ArrayList<>();
        documents.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"));
                Stream<Path> modules = Files.list(root)) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
            modules.filter(Files::isDirectory).map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile)
                    .sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static boolean isExternal(String target) {
        return SCHEME.matcher(target).find();
    }

    private String relativeTargetProblem(Path file, String target) {
        String path = pathPart(target);
        if (path.isEmpty()) {
            return null; // same file
        }
        return Files.exists(resolve(file, path)) ? null : "no such file or directory";
    }

    private String fragmentProblem(Path file, String target) {
        String path = pathPart(target);
        String fragment = decode(target.substring(target.indexOf('#') + 1));
        Path linked = path.isEmpty() ? file : resolve(file, path);
        if (!Files.isRegularFile(linked)) {
            return path.isEmpty() ? "empty" : null; // reported by the relative-link test
        }
        if (linked.toString().endsWith(".md")) {
            Set<String> anchors = anchorCache.computeIfAbsent(linked, md -> Markdown.anchors(Repo.read(md)));
            return anchors.contains(fragment) ? null : "no heading or anchor #" + fragment;
        }
        Matcher lines = LINE_FRAGMENT.matcher(fragment);
        if (!lines.matches()) {
            return "not a line fragment (#L<n>) of a non-Markdown file";
        }
        long last = Long.parseLong(lines.group(2) != null ? lines.group(2) : lines.group(1));
        long count = Repo.read(linked).lines().count();
        return last >= 1 && last <= count ? null : "the file has " + count + " lines";
    }

    private static String externalProblem(Path file, String target) {
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme().toLowerCase();
            if ((scheme.equals("http") || scheme.equals("https")) && (uri.getHost() == null || uri.getHost().isBlank())) {
                return "no host";
            }
            return null;
        } catch (URISyntaxException e) {
            return e.getMessage();
        }
    }

    /** The target without query and fragment, percent-decoded. */
    private static String pathPart(String target) {
        String path = target;
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        return decode(path);
    }

    private Path resolve(Path file, String path) {
        Path base = path.startsWith("/") ? root : file.getParent();
        return base.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
