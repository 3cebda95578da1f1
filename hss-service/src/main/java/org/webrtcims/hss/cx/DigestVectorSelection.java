package org.webrtcims.hss.cx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.webrtcims.av.DigestVector;
import org.webrtcims.av.DigestVectors;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.SipDigestAuthenticate;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.hss.wwsf.AlgorithmPolicy;

/**
 * Which vectors MAR asks the proxy for, and how the answer becomes SIP-Digest-Authenticate (profile D9):
 * {@code digestHa1} carries MD5 when it is there (backward compatibility), the alternate fields the stronger
 * algorithm a {@code sha256-first} WWSF prefers. The S-CSCF challenges with the alternate one first.
 */
public final class DigestVectorSelection {

    private DigestVectorSelection() {
    }

    /** The policy's algorithms that the S-CSCF also accepts (all of them if it names none), policy order. */
    public static List<DigestAlgorithm> algorithmsToFetch(AlgorithmPolicy policy, List<String> acceptAlgorithms) {
        List<DigestAlgorithm> wanted = new ArrayList<>();
        for (DigestAlgorithm algorithm : policy.algorithms()) {
            boolean accepted = acceptAlgorithms == null || acceptAlgorithms.isEmpty()
                    || acceptAlgorithms.stream().anyMatch(a -> DigestAlgorithm.fromToken(a).orElse(null) == algorithm);
            if (accepted) {
                wanted.add(algorithm);
            }
        }
        if (wanted.isEmpty()) {
            throw new CxException(CxCause.AUTH_DATA_UNAVAILABLE, 422,
                    "No digest algorithm is both allowed by the WWSF's policy (" + policy.token()
                            + ") and accepted by the S-CSCF.", Map.of());
        }
        return wanted;
    }

    public static SipDigestAuthenticate toSipDigest(DigestVectors vectors) {
        Optional<DigestVector> md5 = vectors.vectors().stream()
                .filter(v -> DigestAlgorithm.MD5.token().equals(v.algorithm())).findFirst();
        Optional<DigestVector> stronger = vectors.vectors().stream()
                .filter(v -> !DigestAlgorithm.MD5.token().equals(v.algorithm())).findFirst();
        DigestVector primary = md5.or(() -> stronger).orElseThrow(() -> new CxException(
                CxCause.AUTH_DATA_UNAVAILABLE, 422, "The AV source returned no vector.", Map.of()));
        DigestVector alternate = md5.isPresent() ? stronger.orElse(null) : null;
        return new SipDigestAuthenticate(vectors.realm(), primary.algorithm(), vectors.qop(), primary.ha1(),
                alternate == null ? null : alternate.algorithm(), alternate == null ? null : alternate.ha1());
    }
}
