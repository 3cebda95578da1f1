package org.webrtcims.scscf.digest;

/** Which authentication a REGISTER asks for, decided as TS 33.203 Annex P.4.1 says (profile §1.3). */
public enum AuthScheme {
    /** No Authorization header: derive the IMPI from To, let the HSS name the scheme (MAR "Unknown", P.6). */
    UNKNOWN_ASK_HSS,
    /** Authorization present, integrity-protected tls-pending/tls-yes (or absent): SIP Digest (P.4.1 step 3). */
    SIP_DIGEST,
    /** integrity-protected yes/no, or tls-connected with AKAv2-SHA-256: IMS AKA, not offered here. */
    IMS_AKA,
    /** integrity-protected auth-done: Trusted Node Authentication (Annex U), not offered here. */
    TRUSTED_NODE;

    /**
     * @param authorizationPresent whether the REGISTER carried an Authorization header
     * @param integrityProtected   its {@code integrity-protected} parameter, or null
     * @param algorithm            its {@code algorithm} parameter, or null
     */
    public static AuthScheme decide(boolean authorizationPresent, String integrityProtected, String algorithm) {
        if (!authorizationPresent) {
            return UNKNOWN_ASK_HSS;
        }
        if ("yes".equals(integrityProtected) || "no".equals(integrityProtected)) {
            return IMS_AKA;
        }
        if ("tls-connected".equals(integrityProtected) && "AKAv2-SHA-256".equalsIgnoreCase(algorithm)) {
            return IMS_AKA;
        }
        if ("auth-done".equals(integrityProtected)) {
            return TRUSTED_NODE;
        }
        return SIP_DIGEST;
    }
}
