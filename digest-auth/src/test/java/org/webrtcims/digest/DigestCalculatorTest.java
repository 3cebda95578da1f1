package org.webrtcims.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestCalculatorTest {

    /** RFC 7616 §3.9.1: the HTTP example with Mufasa / "Circle of Life". */
    @Nested
    class Rfc7616Section391Example {
        private static final String USER = "Mufasa";
        private static final String REALM = "http-auth@example.org";
        private static final String PASSWORD = "Circle of Life";
        private final DigestInput input = DigestInput.auth("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "GET", "/dir/index.html");

        @Test
        void md5ResponseMatchesRfc7616Example() {
            String ha1 = DigestCalculator.ha1(DigestAlgorithm.MD5, USER, REALM, PASSWORD);
            assertThat(DigestCalculator.response(DigestAlgorithm.MD5, ha1, input))
                    .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        }

        @Test
        void sha256ResponseMatchesRfc7616Example() {
            String ha1 = DigestCalculator.ha1(DigestAlgorithm.SHA_256, USER, REALM, PASSWORD);
            assertThat(DigestCalculator.response(DigestAlgorithm.SHA_256, ha1, input))
                    .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        }
    }

    /** Profile §4.3: alice@idp.example.com / wwsf.example.com / wonderland, REGISTER sip:ims.example.net. */
    @Nested
    class ProfileSection43Vectors {
        private static final String NONCE = "AAABk2cF3QD6oQh1X0s7ZlQJm9rY4v2LqQy7kN3P0Zc";

        private DigestInput input(Qop qop) {
            return new DigestInput(NONCE, "00000001", "b7c1a9f2d3e4", qop, "REGISTER", "sip:ims.example.net", null);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "MD5, 2774221d5d92ce890250a1af4d3b3903",
                "SHA-256, 7a335cd11309936be853966854198263ec8bb572a1ff81a81076de526e2d53ec",
                "SHA-512-256, da7d6bf885727aae07eae92a69742db9c8b254985f055c90bdbece2f6ee8b154"})
        void ha1OfTheWebPasswordMatchesProfile(String token, String expectedHa1) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromToken(token).orElseThrow();
            assertThat(DigestCalculator.ha1(algorithm, "alice@idp.example.com", "wwsf.example.com", "wonderland"))
                    .isEqualTo(expectedHa1);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "MD5, 2774221d5d92ce890250a1af4d3b3903, bf06b1b21453901c4434c2644de037fd",
                "SHA-256, 7a335cd11309936be853966854198263ec8bb572a1ff81a81076de526e2d53ec, "
                        + "38df426d5cecc431038e668c645c1ac4e55a98724fb4841e7b416d5ce7244699",
                "SHA-512-256, da7d6bf885727aae07eae92a69742db9c8b254985f055c90bdbece2f6ee8b154, "
                        + "d1a6f1ea808f51b6452aa7feaa035289b6e795e54b1afcfccb67cd4789881c7e"})
        void qopAuthResponseMatchesProfile(String token, String ha1, String expected) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromToken(token).orElseThrow();
            assertThat(DigestCalculator.response(algorithm, ha1, input(Qop.AUTH))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "MD5, 2774221d5d92ce890250a1af4d3b3903, ec086fed56fa80f33f43b900e984a82c",
                "SHA-256, 7a335cd11309936be853966854198263ec8bb572a1ff81a81076de526e2d53ec, "
                        + "64380f2c8b6254462335db75871c298d85b9911940a4ca1661c34a9e6a9c2bda",
                "SHA-512-256, da7d6bf885727aae07eae92a69742db9c8b254985f055c90bdbece2f6ee8b154, "
                        + "fca6cb02424b0b0550fc2b44cd825afd8a4bc4f6eca8d54ea01fd1dcdc08da19"})
        void qopAuthIntResponseOverEmptyBodyMatchesProfile(String token, String ha1, String expected) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromToken(token).orElseThrow();
            assertThat(DigestCalculator.response(algorithm, ha1, input(Qop.AUTH_INT))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "MD5, 2774221d5d92ce890250a1af4d3b3903, 2f325429c13811da1bc55eca5e433253",
                "SHA-256, 7a335cd11309936be853966854198263ec8bb572a1ff81a81076de526e2d53ec, "
                        + "c024a446cdab2e34059a8e90ace5bf6e09027d8e637753d86f78c3e91dc53750",
                "SHA-512-256, da7d6bf885727aae07eae92a69742db9c8b254985f055c90bdbece2f6ee8b154, "
                        + "fe5971cd86aa7fecbe200080b8fcba547b7db7b3bdbdc3c56df8f1f436e56fd2"})
        void rspauthOfAuthenticationInfoMatchesProfile(String token, String ha1, String expected) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromToken(token).orElseThrow();
            assertThat(DigestCalculator.rspauth(algorithm, ha1, input(Qop.AUTH))).isEqualTo(expected);
        }

        @Test
        void authIntResponseDependsOnTheBody() {
            String ha1 = "2774221d5d92ce890250a1af4d3b3903";
            DigestInput withBody = new DigestInput(NONCE, "00000001", "b7c1a9f2d3e4", Qop.AUTH_INT, "REGISTER",
                    "sip:ims.example.net", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(DigestCalculator.response(DigestAlgorithm.MD5, ha1, withBody))
                    .isNotEqualTo("ec086fed56fa80f33f43b900e984a82c");
        }
    }

    @Test
    void sha512Slash256IsNotTruncatedSha512() {
        String truncated = sha512Hex("abc").substring(0, 64);
        assertThat(DigestAlgorithm.SHA_512_256.hash("abc"))
                // FIPS 180-4 example for SHA-512/256("abc")
                .isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")
                .isNotEqualTo(truncated);
    }

    @Test
    void digestsMatchOnlyWhenEqual() {
        assertThat(DigestCalculator.digestsMatch("abc", "abc")).isTrue();
        assertThat(DigestCalculator.digestsMatch("abc", "abd")).isFalse();
        assertThat(DigestCalculator.digestsMatch("abc", "abcd")).isFalse();
        assertThat(DigestCalculator.digestsMatch(null, "abc")).isFalse();
    }

    private static String sha512Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
