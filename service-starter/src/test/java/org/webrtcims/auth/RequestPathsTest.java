package org.webrtcims.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/cx;x=1/v1/impis/alice/auth-data",     // matrix parameter: the router drops it
            "/cx/v1;/impis/alice/auth-data",
            "/%63x/v1/impis/alice/auth-data",       // encoded letter: the router decodes it
            "/cx/v1/impis/alice/auth%2Ddata",       // encoded '-'
            "/cx/v1/impis/alice%7E/auth-data",      // encoded '~'
            "/cx/%31/x",                            // encoded digit
            "/cx%2Fv1/impis/alice/auth-data",       // encoded '/'
            "/cx%2fv1/impis/alice/auth-data",
            "/cx%5Cv1/impis/alice/auth-data",       // encoded '\'
            "/cx\\v1",                              // raw '\'
            "//cx/v1/wwsfs",                        // empty segment
            "/cx//v1/wwsfs",
            "/admin/../cx/v1/wwsfs",                // dot segments
            "/admin/./x",
            "/cx/v1/wwsfs/..",
            "/admin/%2E%2E/cx/v1/wwsfs",            // encoded dot segment
            "/admin/%2e/cx",
            "/cx/v1/impis/a%0Ab/auth-data",         // encoded control character
            "/cx/v1/impis/a%/auth-data",            // malformed escapes
            "/cx/v1/impis/a%4/auth-data",
            "/cx/v1/impis/a%zz/auth-data",
            "cx/v1/wwsfs",
            ""})
    void pathsTheRouterCouldReadDifferentlyAreRefused(String raw) {
        assertThat(RequestPaths.check(raw)).hasValueSatisfying(
                refusal -> assertThat(refusal.cause()).isEqualTo("NON_CANONICAL_PATH"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/",
            "/cx/v1/wwsfs",
            "/cx/v1/wwsfs/",                                          // a trailing slash routes nowhere, but is not a trick
            "/cx/v1/impis/sip%3Aalice%40example.org/auth-data",      // identities as HssCxClient encodes them
            "/cx/v1/impus/tel%3A%2B15551234567/authorize",
            "/cx/v1/impus/sip%3Aa%3Bb%40x.example/location",
            "/cx/v1/impus/sip%3Aa%20b%40x.example/location",
            "/cx/v1/impus/sip%3Aa~b.c_d-e%40x.example/location",
            "/cx/v1/impus/sip%3A%C3%A9%40x.example/location",       // UTF-8
            "/av/v1/digest-vectors:fetch",
            "/cx/v1/impus/a%252F/location",                          // a literal '%2F' in an identity
            "/admin/v1/a.b/..c/c.."})
    void canonicalPathsPass(String raw) {
        assertThat(RequestPaths.check(raw)).isEmpty();
    }

    @Test
    void segmentsSplitOnSlashesKeepingATrailingEmptySegment() {
        assertThat(RequestPaths.segments("/")).isEmpty();
        assertThat(RequestPaths.segments("/a/b")).containsExactly("a", "b");
        assertThat(RequestPaths.segments("/a/")).containsExactly("a", "");
    }
}
