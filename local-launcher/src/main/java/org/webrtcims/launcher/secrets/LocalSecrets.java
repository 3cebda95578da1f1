package org.webrtcims.launcher.secrets;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API tokens and keys of one local system: one token per caller and link (docs/security.md), so that no
 * credential opens more than its caller needs. Generated with {@link SecureRandom}; never logged (the
 * {@link #toString()} is redacted), only written to the 0600 secrets file.
 *
 * @param proxyHssToken    the HSS's token at the web-auth proxy (role HSS: the vector fetch)
 * @param proxyAdminToken  the operator's token at the proxy (role ADMIN: provisioning syncs credentials for every
 *                         WWSF; there is no {@code *} sync scope)
 * @param hssScscfToken    the S-CSCF's token at the HSS (role S_CSCF, scope: its Server-Name)
 * @param hssIcscfToken    the I-CSCF's token at the HSS (role I_CSCF)
 * @param hssEpcscfToken   the eP-CSCF's token at the HSS (role EP_CSCF)
 * @param hssAdminToken    the operator's token at the HSS (role ADMIN)
 * @param hssProxyToken    the proxy's token at the HSS (role WEB_AUTH_PROXY: credential-change notifications)
 * @param scscfNotifyToken the HSS's token at the S-CSCF's cx-notify API (role HSS)
 * @param ha1KeyId         id of the proxy's H(A1) encryption key (stored next to every sealed H(A1))
 * @param ha1Key           the proxy's AES-256 H(A1) encryption key, 32 bytes base64
 * @param scscfNonceKey    the S-CSCF's nonce HMAC key, 32 bytes base64
 * @param epcscfFlowKey    the eP-CSCF's flow-token HMAC key, 32 bytes base64
 */
public record LocalSecrets(String proxyHssToken, String proxyAdminToken, String hssScscfToken, String hssIcscfToken,
                           String hssEpcscfToken, String hssAdminToken, String hssProxyToken, String scscfNotifyToken,
                           String ha1KeyId, String ha1Key, String scscfNonceKey, String epcscfFlowKey) {

    /**
     * Names of the lines of the secrets file, in this record's order. A file of an older launcher (one
     * {@code IMS_HSS_CSCF_TOKEN} for every CSCF, {@code IMS_PROXY_SYNC_TOKEN} with scope {@code *}) gets fresh
     * tokens for the new names; the old lines are no longer read.
     */
    static final String[] NAMES = {"IMS_PROXY_HSS_TOKEN", "IMS_PROXY_ADMIN_TOKEN", "IMS_HSS_SCSCF_TOKEN",
            "IMS_HSS_ICSCF_TOKEN", "IMS_HSS_EPCSCF_TOKEN", "IMS_HSS_ADMIN_TOKEN", "IMS_HSS_PROXY_TOKEN",
            "IMS_SCSCF_NOTIFY_TOKEN", "IMS_HA1_KEY_ID", "IMS_HA1_KEY", "IMS_SCSCF_NONCE_KEY",
            "IMS_EPCSCF_FLOW_TOKEN_KEY"};

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh tokens (24 random bytes, hex, like {@code openssl rand -hex 24}) and keys (32 random bytes, base64). */
    public static LocalSecrets generate() {
        return new LocalSecrets(token(), token(), token(), token(), token(), token(), token(), token(),
                "k" + HexFormat.of().formatHex(bytes(4)), key(), key(), key());
    }

    /** The values by secrets-file name, in file order. */
    public Map<String, String> byName() {
        String[] values = {proxyHssToken, proxyAdminToken, hssScscfToken, hssIcscfToken, hssEpcscfToken,
                hssAdminToken, hssProxyToken, scscfNotifyToken, ha1KeyId, ha1Key, scscfNonceKey, epcscfFlowKey};
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            named.put(NAMES[i], values[i]);
        }
        return named;
    }

    /** The record from secrets-file values; a missing one is generated (a file written by an older launcher). */
    static LocalSecrets fromNames(Map<String, String> named) {
        LocalSecrets fresh = generate();
        Map<String, String> merged = new LinkedHashMap<>(fresh.byName());
        named.forEach((name, value) -> {
            if (merged.containsKey(name) && !value.isBlank()) {
                merged.put(name, value);
            }
        });
        String[] v = merged.values().toArray(String[]::new);
        return new LocalSecrets(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }

    // Rule: no secret in logs; a record's generated toString would print every token.
    @Override
    public String toString() {
        return "LocalSecrets[<redacted>]";
    }

    private static String token() {
        return HexFormat.of().formatHex(bytes(24));
    }

    private static String key() {
        return Base64.getEncoder().encodeToString(bytes(32));
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
