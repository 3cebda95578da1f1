package org.webrtcims.webauthproxy.credential;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.http.HttpStatus;
import org.webrtcims.av.DigestVector;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.digest.Qop;
import org.webrtcims.identity.IdentityRules;

/**
 * Checks one synced credential (profile §4.6, §5.4): missing fields and a realm that is not the WWSF's → 400;
 * unknown or repeated algorithm, H(A1) not lower-case hex of the algorithm's length, bad identity syntax,
 * negative version, unknown qop → 422. Details name the field, never its secret value.
 */
public final class CredentialValidator {


    private final UnaryOperator<String> realmOfWwsf;

    /** @param realmOfWwsf the realm each WWSF's credentials must carry (D4: by default the WWSF identity) */
    public CredentialValidator(UnaryOperator<String> realmOfWwsf) {
        this.realmOfWwsf = realmOfWwsf;
    }

    /** Either the validated credential or why it was rejected. */
    public record Outcome(ValidCredential credential, Rejection rejection) {
        public boolean valid() {
            return credential != null;
        }
    }

    public Outcome validate(CredentialSyncRequest request) {
        Optional<Rejection> missing = missingField(request);
        if (missing.isPresent()) {
            return rejected(missing.get());
        }
        if (!IdentityRules.isWwsfIdentity(request.wwsfIdentity())) {
            return rejected(unprocessable("INVALID_WWSF_IDENTITY", "wwsfIdentity must be a lower-case host name."));
        }
        if (!IdentityRules.isWebIdentity(request.webIdentity())) {
            return rejected(unprocessable("INVALID_WEB_IDENTITY", "webIdentity must be 1-" + IdentityRules.MAX_WEB_IDENTITY
                    + " printable ASCII characters without quote or backslash."));
        }
        if (!IdentityRules.isQuotableToken(request.realm(), IdentityRules.MAX_REALM)) {
            return rejected(unprocessable("INVALID_REALM", "realm must be 1-" + IdentityRules.MAX_REALM
                    + " printable ASCII characters without quote or backslash."));
        }
        String expectedRealm = realmOfWwsf.apply(request.wwsfIdentity());
        if (!expectedRealm.equals(request.realm())) {
            return rejected(new Rejection(HttpStatus.BAD_REQUEST, "REALM_MISMATCH",
                    "realm must be '" + expectedRealm + "', the realm configured for this WWSF."));
        }
        String qop = request.qop() == null ? Qop.AUTH.token() : request.qop();
        if (!isQopList(qop)) {
            return rejected(unprocessable("INVALID_QOP", "qop must be 'auth', 'auth-int' or 'auth,auth-int'."));
        }
        if (request.credentialVersion() < 0) {
            return rejected(unprocessable("INVALID_CREDENTIAL_VERSION", "credentialVersion must not be negative."));
        }
        Map<DigestAlgorithm, String> ha1s = new EnumMap<>(DigestAlgorithm.class);
        for (int i = 0; i < request.vectors().size(); i++) {
            DigestVector vector = request.vectors().get(i);
            if (vector == null || vector.algorithm() == null || vector.ha1() == null) {
                return rejected(new Rejection(HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                        "vectors[" + i + "] needs algorithm and ha1."));
            }
            Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(vector.algorithm());
            if (algorithm.isEmpty()) {
                return rejected(unprocessable("UNKNOWN_ALGORITHM", "vectors[" + i + "].algorithm '"
                        + printable(vector.algorithm()) + "' is not MD5, SHA-256 or SHA-512-256."));
            }
            if (!algorithm.get().isWellFormedHash(vector.ha1())) {
                return rejected(unprocessable("INVALID_HA1", "vectors[" + i + "].ha1 must be " + algorithm.get()
                        .hexLength() + " lower-case hex characters for " + algorithm.get().token() + "."));
            }
            if (ha1s.put(algorithm.get(), vector.ha1()) != null) {
                return rejected(unprocessable("DUPLICATE_ALGORITHM", "vectors has " + algorithm.get().token()
                        + " twice."));
            }
        }
        return new Outcome(new ValidCredential(new CredentialKey(request.wwsfIdentity(), request.webIdentity()),
                request.realm(), qop, request.credentialVersion(), ha1s), null);
    }

    private static Optional<Rejection> missingField(CredentialSyncRequest request) {
        String missing = request.wwsfIdentity() == null ? "wwsfIdentity"
                : request.webIdentity() == null ? "webIdentity"
                : request.realm() == null ? "realm"
                : request.vectors() == null || request.vectors().isEmpty() ? "vectors"
                : request.credentialVersion() == null ? "credentialVersion"
                : null;
        return Optional.ofNullable(missing).map(field -> new Rejection(HttpStatus.BAD_REQUEST, "MISSING_FIELD",
                field + " is required."));
    }

    private static boolean isQopList(String qop) {
        String[] parts = qop.split(",", -1);
        for (String part : parts) {
            if (Qop.fromToken(part.trim()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Algorithm names are echoed, but only as far as they are short and printable. */
    private static String printable(String value) {
        String cut = value.length() > 32 ? value.substring(0, 32) + "…" : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Rejection unprocessable(String cause, String detail) {
        return new Rejection(HttpStatus.UNPROCESSABLE_CONTENT, cause, detail);
    }

    private static Outcome rejected(Rejection rejection) {
        return new Outcome(null, rejection);
    }
}
