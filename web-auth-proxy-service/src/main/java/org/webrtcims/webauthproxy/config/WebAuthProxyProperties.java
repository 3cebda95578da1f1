package org.webrtcims.webauthproxy.config;

import java.net.URI;
import java.time.Duration;
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
 * @param hss        where credential changes are notified (profile §5.4)
 */
@ConfigurationProperties("web-auth-proxy")
public record WebAuthProxyProperties(Map<String, String> realms, Sync sync, Encryption encryption,
                                     Hss hss) {

    public WebAuthProxyProperties {
        realms = realms == null ? Map.of() : Map.copyOf(realms);
        sync = sync == null ? new Sync(null, null, null, null) : sync;
        encryption = encryption == null ? new Encryption(null, null) : encryption;
        hss = hss == null ? new Hss(null, null, null, null, null, null) : hss;
    }

    /** The realm credentials of {@code wwsfIdentity} must carry. */
    public String realmOf(String wwsfIdentity) {
        return realms.getOrDefault(wwsfIdentity, wwsfIdentity);
    }

    /**
     * @param maxBatchItems items accepted in one {@code credentials:batch} request (default 10000; 413
     *                      BATCH_TOO_LARGE above; a larger sync is several requests)
     * @param chunkSize     items written per database transaction within a batch (default 500); each chunk is a
     *                      separate task, so concurrent batches and other sync work take turns between chunks
     * @param threads       database threads (and so at most pooled connections) of batch sync, apart from the
     *                      threads that serve the vector fetch (default 2; keep it below
     *                      {@code spring.datasource.hikari.maximum-pool-size})
     * @param queueCapacity batch chunks that may wait for a sync thread before a batch gets 503 DATABASE_BUSY
     *                      (default 1000)
     */
    public record Sync(Integer maxBatchItems, Integer chunkSize, Integer threads, Integer queueCapacity) {
        public Sync {
            maxBatchItems = maxBatchItems == null ? 10_000 : maxBatchItems;
            chunkSize = chunkSize == null ? 500 : chunkSize;
            threads = threads == null ? 2 : threads;
            queueCapacity = queueCapacity == null ? 1_000 : queueCapacity;
            if (chunkSize < 1 || threads < 1 || maxBatchItems < 1) {
                throw new IllegalArgumentException("web-auth-proxy.sync: max-batch-items, chunk-size and threads "
                        + "must be >= 1");
            }
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

    /**
     * The HSS that hears of revoked and updated credentials ({@code POST /admin/v1/notifications/credential-changes},
     * profile §5.4), through a durable outbox in the proxy's database.
     *
     * @param baseUrl         the HSS, e.g. {@code http://hss:8091}; empty (default) turns notifications off, with a
     *                        WARN at start: revoked users then stay registered until their next refresh
     * @param token           the proxy's bearer token at the HSS (role WEB_AUTH_PROXY; INTERNAL until the
     *                        per-caller roles land); default empty
     * @param connectTimeout  TCP connect timeout (default 1s)
     * @param responseTimeout time for the HSS's whole answer (default 2s)
     * @param pollInterval    how often due notifications are (re)sent (default 1s)
     * @param maxBackoff      longest wait between two attempts of one notification (default 5m)
     */
    public record Hss(URI baseUrl, String token, Duration connectTimeout, Duration responseTimeout,
                      Duration pollInterval, Duration maxBackoff) {
        public Hss {
            baseUrl = baseUrl == null || baseUrl.toString().isBlank() ? null : baseUrl;
            token = token == null ? "" : token;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
            responseTimeout = responseTimeout == null ? Duration.ofSeconds(2) : responseTimeout;
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
        }

        public boolean enabled() {
            return baseUrl != null;
        }

        @Override
        public String toString() {
            return "Hss[" + baseUrl + ", token=<redacted>]";
        }
    }
}
