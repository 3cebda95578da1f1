package org.webrtcims.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of GitHub-flavoured Markdown to check links: the links of a text (outside fenced code blocks and
 * inline code) with their line numbers, and the anchors GitHub gives its headings.
 */
final class Markdown {

    /** A link target as written, and the 1-based line its {@code (} or definition is on. */
    record Link(int line, String target) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    /** {@code [text](} or {@code ![alt](}; one level of brackets nested in the text. */
    private static final Pattern INLINE_LINK_START = Pattern.compile("\\[(?:[^\\[\\]]|\\[[^\\[\\]]*])*]\\(");
    private static final Pattern REFERENCE_DEFINITION =
            Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:[ \\t]*<?([^\\s>]+)>?");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|mailto):[^\\s<>]+)>");
    private static final Pattern HTML_LINK = Pattern.compile("<(?:a|img)\\b[^>]*?\\b(?:href|src)\\s*=\\s*\"([^\"]*)\"",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\b[^>]*?\\b(?:id|name)\\s*=\\s*\"([^\"]+)\"",
            Pattern.CASE_INSENSITIVE);
    /** What GitHub's slugger drops: everything but letters, marks, digits, connector punctuation, space and '-'. */
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    private Markdown() {
    }

    /**
     * The text with fenced code blocks and inline code spans replaced by spaces (line breaks kept), so offsets and
     * line numbers stay those of the original.
     */
    static String withoutCode(String text) {
        char[] out = text.toCharArray();
        String[] lines = text.split("\n", -1);
        int offset = 0;
        String fence = null;
        for (String line : lines) {
            Matcher opening = FENCE.matcher(line);
            boolean blank = false;
            if (fence == null && opening.find()) {
                fence = opening.group(1);
                blank = true;
            } else if (fence != null) {
                blank = true;
                String trimmed = line.strip();
                char fenceChar = fence.charAt(0);
                if (trimmed.length() >= fence.length() && trimmed.chars().allMatch(c -> c == fenceChar)) {
                    fence = null;
                }
            }
            if (blank) {
                for (int i = 0; i < line.length(); i++) {
                    out[offset + i] = ' ';
                }
            }
            offset += line.length() + 1;
        }
        blankCodeSpans(out);
        return new String(out);
    }

    /** Inline code: a run of backticks up to the next run of the same length (not across a blank line). */
    private static void blankCodeSpans(char[] text) {
        int i = 0;
        while (i < text.length) {
            if (text[i] != '`') {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < text.length && text[runEnd] == '`') {
                runEnd++;
            }
            int length = runEnd - i;
            int close = findClosingRun(text, runEnd, length);
            if (close < 0) {
                i = runEnd;
                continue;
            }
            for (int k = i; k < close + length; k++) {
                if (text[k] != '\n') {
                    text[k] = ' ';
                }
            }
            i = close + length;
        }
    }

    private static int findClosingRun(char[] text, int from, int length) {
        int i = from;
        while (i < text.length) {
            if (text[i] == '\n' && i + 1 < text.length && text[i + 1] == '\n') {
                return -1;
            }
            if (text[i] == '`') {
                int runEnd = i;
                while (runEnd < text.length && text[runEnd] == '`') {
                    runEnd++;
                }
                if (runEnd - i == length) {
                    return i;
                }
                i = runEnd;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Inline links and images, reference definitions, autolinks and HTML href/src, outside code. */
    static List<Link> links(String text) {
        String prose = withoutCode(text);
        List<Link> links = new ArrayList<>();
        Matcher start = INLINE_LINK_START.matcher(prose);
        while (start.find()) {
            String target = inlineTarget(prose, start.end());
            if (target != null) {
                links.add(new Link(lineOf(prose, start.end()), target));
            }
        }
        for (Pattern pattern : List.of(REFERENCE_DEFINITION, AUTOLINK, HTML_LINK)) {
            Matcher m = pattern.matcher(prose);
            while (m.find()) {
                links.add(new Link(lineOf(prose, m.start(1)), m.group(1)));
            }
        }
        links.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return links;
    }

    /** The destination after {@code ](}: {@code <...>}, or up to white space or the unbalanced {@code )}. */
    private static String inlineTarget(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '<') {
            int close = text.indexOf('>', i);
            return close < 0 ? null : text.substring(i + 1, close);
        }
        int depth = 0;
        StringBuilder target = new StringBuilder();
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                break;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            }
            target.append(c);
        }
        return target.isEmpty() ? null : target.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The fragments that lead somewhere in this text: the heading anchors as GitHub generates them (duplicates
     * numbered -1, -2, …) and explicit {@code <a id="…">}/{@code <a name="…">} anchors.
     */
    static Set<String> anchors(String text) {
        String prose = withoutCode(text);
        String[] proseLines = prose.split("\n", -1);
        String[] lines = text.split("\n", -1);
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            if (proseLines[i].isBlank() && !lines[i].isBlank()) {
                continue; // a line of a fenced code block
            }
            Matcher heading = HEADING.matcher(lines[i]);
            if (heading.matches() && proseLines[i].stripLeading().startsWith("#")) {
                String slug = slug(heading.group(2) == null ? "" : heading.group(2));
                // github-slugger: the n-th repeat of a slug gets "-n", skipping slugs already taken
                String unique = slug;
                while (seen.containsKey(unique)) {
                    int next = seen.merge(slug, 1, Integer::sum);
                    unique = slug + "-" + next;
                }
                seen.put(unique, 0);
                anchors.add(unique);
            }
        }
        Matcher explicit = HTML_ANCHOR.matcher(prose);
        while (explicit.find()) {
            anchors.add(explicit.group(1));
        }
        return anchors;
    }

    /** GitHub's anchor for a heading written as {@code markdown}: its text, lower case, punctuation dropped. */
    static String slug(String markdown) {
        return NOT_IN_SLUG.matcher(renderedText(markdown).toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    /** The text a heading renders to: code spans as their content, links as their text, no emphasis or tags. */
    static String renderedText(String markdown) {
        StringBuilder text = new StringBuilder();
        Matcher code = Pattern.compile("(`+)(.+?)\\1").matcher(markdown);
        int last = 0;
        while (code.find()) {
            text.append(renderedProse(markdown.substring(last, code.start())));
            text.append(code.group(2).strip());
            last = code.end();
        }
        text.append(renderedProse(markdown.substring(last)));
        return text.toString().strip();
    }

    private static String renderedProse(String markdown) {
        return markdown
                .replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("&amp;", "&")
                .replace("*", "")
                .replaceAll("(?<![\\p{L}\\p{N}])_+|_+(?![\\p{L}\\p{N}])", "");
    }
}
