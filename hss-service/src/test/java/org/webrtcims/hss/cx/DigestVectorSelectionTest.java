package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.av.DigestVector;
import org.webrtcims.av.DigestVectors;
import org.webrtcims.cx.SipDigestAuthenticate;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.hss.wwsf.AlgorithmPolicy;

/** Profile D9: MD5 stays Digest-HA1, a stronger algorithm goes into the Alternate-Digest fields. */
class DigestVectorSelectionTest {

    private static final String MD5 = "2774221d5d92ce890250a1af4d3b3903";
    private static final String SHA = "7a335cd11309936be853966854198263ec8bb572a1ff81a81076de526e2d53ec";

    @Test
    void md5OnlyPolicyFetchesMd5() {
        assertThat(DigestVectorSelection.algorithmsToFetch(AlgorithmPolicy.MD5_ONLY, null))
                .containsExactly(DigestAlgorithm.MD5);
    }

    @Test
    void sha256FirstFetchesBothMostPreferredFirstLimitedToWhatTheScscfAccepts() {
        assertThat(DigestVectorSelection.algorithmsToFetch(AlgorithmPolicy.SHA256_FIRST, List.of()))
                .containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
        assertThat(DigestVectorSelection.algorithmsToFetch(AlgorithmPolicy.SHA256_FIRST, List.of("MD5")))
                .containsExactly(DigestAlgorithm.MD5);
        assertThatThrownBy(() -> DigestVectorSelection.algorithmsToFetch(AlgorithmPolicy.MD5_ONLY,
                List.of("SHA-256"))).isInstanceOf(CxException.class);
    }

    @Test
    void md5IsTheDigestHa1AndSha256TheAlternate() {
        SipDigestAuthenticate digest = DigestVectorSelection.toSipDigest(new DigestVectors("a", "w", "w", "auth",
                List.of(new DigestVector("SHA-256", SHA), new DigestVector("MD5", MD5)), 1, Instant.EPOCH));
        assertThat(digest.digestAlgorithm()).isEqualTo("MD5");
        assertThat(digest.digestHa1()).isEqualTo(MD5);
        assertThat(digest.alternateDigestAlgorithm()).isEqualTo("SHA-256");
        assertThat(digest.alternateDigestHa1()).isEqualTo(SHA);
        assertThat(digest.toString()).doesNotContain(MD5).doesNotContain(SHA);
    }

    @Test
    void withoutMd5TheStrongerVectorIsTheDigestHa1() {
        SipDigestAuthenticate digest = DigestVectorSelection.toSipDigest(new DigestVectors("a", "w", "w", "auth",
                List.of(new DigestVector("SHA-256", SHA)), 1, Instant.EPOCH));
        assertThat(digest.digestAlgorithm()).isEqualTo("SHA-256");
        assertThat(digest.alternateDigestAlgorithm()).isNull();
    }
}
