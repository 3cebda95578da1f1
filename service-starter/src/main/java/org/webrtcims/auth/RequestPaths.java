package org.webrtcims.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a request's raw (still percent-encoded) path before any access rule or routing decision, so that the
 * path the rules see is the path the router sees.
 *
 * <p>WebFlux routes on the <em>decoded</em> path <em>without matrix parameters</em>: {@code /cx;x=1/v1/...} and
 * {@code /%63x/v1/...} both reach the {@code /cx/v1/...} controllers (issue 11, finding 1). Rather than
 * re-implement the router's decoding, a path that could be spelled differently from the way the router reads it
 * is refused:
 * <ul>
 *   <li>a {@code ;} (matrix or path parameters, RFC 3986 §3.3);</li>
 *   <li>an encoded {@code /} or {@code \} ({@code %2F}, {@code %5C}) or a raw {@code \};</li>
 *   <li>an empty segment ({@code //}), a {@code .} or {@code ..} segment (RFC 3986 §5.2.4; the encoded forms are
 *       refused by the next rule);</li>
 *   <li>a percent-encoded unreserved character (letters, digits, {@code -._~}; RFC 3986 §2.3 says they are
 *       equivalent to the plain character and should not be encoded) or control character, or a malformed
 *       {@code %} escape.</li>
 * </ul>
 * Everything else, in particular the encoded identities of the HSS paths ({@code sip%3Aalice%40example.org},
 * {@code %3B}, {@code %2B}, {@code %20}), passes unchanged. A path that passes has exactly one spelling per
 * decoded path as far as its literal segments go, so comparing its raw segments with a rule's literal segments
 * is the same as comparing decoded ones.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** Why a raw path was refused: a stable cause for the problem answer and a sentence for people. */
    public record Refusal(String cause, String detail) {
    }

    /** Cause of every refusal (one cause; the detail says which trick). */
    public static final String CAUSE = "NON_CANONICAL_PATH";

    /**
     * @param rawPath the path as received, percent-encoded, without query
     * @return why the path is refused, or empty when it is canonical
     */
    public static Optional<Refusal> check(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return refuse("The path must start with '/'.");
        }
        if (rawPath.indexOf(';') >= 0) {
            return refuse("Path parameters (';') are not accepted.");
        }
        if (rawPath.indexOf('\\') >= 0) {
            return refuse("A backslash is not accepted in the path.");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return refuse("A control character or space is not accepted in the path.");
            }
            if (c != '%') {
                continue;
            }
            if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                return refuse("Malformed percent-encoding in the path.");
            }
            int decoded = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
            if (decoded == '/' || decoded == '\\') {
                return refuse("An encoded '/' or '\\' is not accepted in the path.");
            }
            if (isUnreserved(decoded)) {
                return refuse("Letters, digits and '-._~' must not be percent-encoded in the path (RFC 3986 §2.3).");
            }
            if (decoded < 0x20 || decoded == 0x7f) {
                return refuse("An encoded control character is not accepted in the path.");
            }
            i += 2;
        }
        List<String> segments = segments(rawPath);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.equals(".") || segment.equals("..")) {
                return refuse("Dot segments ('.', '..') are not accepted in the path.");
            }
            // a trailing slash leaves one empty last segment; an empty segment anywhere else is '//'
            if (segment.isEmpty() && i < segments.size() - 1) {
                return refuse("Empty path segments ('//') are not accepted.");
            }
        }
        return Optional.empty();
    }

    /** Whether the raw path passes {@link #check}. */
    public static boolean isCanonical(String rawPath) {
        return check(rawPath).isEmpty();
    }

    /**
     * The segments of a path starting with {@code /}: {@code "/"} → {@code []}, {@code "/a/b"} → {@code [a, b]},
     * {@code "/a/"} → {@code [a, ""]}.
     */
    public static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        if (path.length() <= 1) {
            return segments;
        }
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                segments.add(path.substring(start));
                return segments;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
    }

    private static Optional<Refusal> refuse(String detail) {
        return Optional.of(new Refusal(CAUSE, detail));
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
