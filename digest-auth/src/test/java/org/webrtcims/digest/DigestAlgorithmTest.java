package org.webrtcims.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestAlgorithmTest {

    @Test
    void tokensAreTheRfc7616RegistryNamesAndMatchCaseInsensitively() {
        assertThat(DigestAlgorithm.fromToken("MD5")).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.fromToken("SHA-512-256")).contains(DigestAlgorithm.SHA_512_256);
        assertThat(DigestAlgorithm.fromToken("MD5-sess")).isEmpty();
        assertThat(DigestAlgorithm.fromToken("SHA-1")).isEmpty();
        assertThat(DigestAlgorithm.fromToken(null)).isEmpty();
    }

    @Test
    void ha1LengthIs32HexForMd5And64ForShaVariants() {
        assertThat(DigestAlgorithm.MD5.hexLength()).isEqualTo(32);
        assertThat(DigestAlgorithm.SHA_256.hexLength()).isEqualTo(64);
        assertThat(DigestAlgorithm.SHA_512_256.hexLength()).isEqualTo(64);
    }

    @Test
    void wellFormedHashIsLowerCaseHexOfTheAlgorithmsLength() {
        assertThat(DigestAlgorithm.MD5.isWellFormedHash("2774221d5d92ce890250a1af4d3b3903")).isTrue();
        assertThat(DigestAlgorithm.MD5.isWellFormedHash("2774221D5D92CE890250A1AF4D3B3903")).isFalse();
        assertThat(DigestAlgorithm.MD5.isWellFormedHash("2774221d5d92ce890250a1af4d3b390")).isFalse();
        assertThat(DigestAlgorithm.MD5.isWellFormedHash("2774221d5d92ce890250a1af4d3b390g")).isFalse();
        assertThat(DigestAlgorithm.SHA_256.isWellFormedHash("2774221d5d92ce890250a1af4d3b3903")).isFalse();
        assertThat(DigestAlgorithm.SHA_256.isWellFormedHash(null)).isFalse();
    }
}
