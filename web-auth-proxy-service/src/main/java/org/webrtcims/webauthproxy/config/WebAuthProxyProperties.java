package org.webrtcims.webauthproxy.config;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the web-auth proxy ({@code web-auth-proxy.*}).
 *
 * @param realms     digest realm per WWSF identity where it differs from the WWSF identity itself; by
 *                   default (empty) the realm of a WWSF's credentials must equal its identity (profile D4).
 *                   Keys with dots need brackets: {@code web-auth-proxy.realms[wwsf.example.com]=...}
 * @param sync       limits of the sync API
 * @param encryption keys that seal H(A1) at rest
 */
@ConfigurationProperties("web-auth-proxy")
public record WebAuthProxyProperties(Map<String, String> realms, Sync sync, Encryption encryption) {

    public WebAuthProxyProperties {
        realms = realms == null ? Map.of() : Map.copyOf(realms);
        sync = sync == null ? new Sync(null, null) : sync;
        encryption = encryption == null ? new Encryption(null, null) : encryption;
    }

    /** The realm credentials of {@code wwsfIdentity} must carry. */
    public String realmOf(String wwsfIdentity) {
        return realms.getOrDefault(wwsfIdentity, wwsfIdentity);
    }

    /**
     * @param maxBatchItems items accepted in one {@code credentials:batch} request (default 100000; the body
     *                      also has to fit {@code spring.http.codecs.max-in-memory-size}, 64MB by default)
     * @param chunkSize     items written per database transaction within a batch (default 1000)
     */
    public record Sync(Integer maxBatchItems, Integer chunkSize) {
        public Sync {
            maxBatchItems = maxBatchItems == null ? 100_000 : maxBatchItems;
            chunkSize = chunkSize == null ? 1_000 : chunkSize;
        }
    }

    /**
     * @param activeKeyId the key that seals new and re-encrypted H(A1) values (required)
     * @param keys        key id → 32-byte AES key, base64 (required; keep retired keys until
     *                    {@code POST /admin/v1/encryption:reencrypt} has moved every row off them)
     */
    public record Encryption(String activeKeyId, Map<String, String> keys) {
        public Encryption {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
        }

        @Override
        public String toString() {
            return "Encryption[activeKeyId=" + activeKeyId + ", keys=" + keys.keySet() + "]";
        }
    }
}
