package org.webrtcims.webauthproxy.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web-auth proxy ({@code web-auth-proxy.*}). Every default is the {@link DefaultValue} of its
 * component; the configuration processor copies them and the {@code @param} texts into the metadata the README's
 * table is made from.
 *
 * @param realms     digest realm per WWSF identity where it differs from the WWSF identity itself; by
 *                   default (empty) the realm of a WWSF's credentials must equal its identity (profile D4).
 *                   Keys with dots need brackets: {@code web-auth-proxy.realms[wwsf.example.com]=...}
 * @param sync       limits of the sync API
 * @param encryption keys that seal H(A1) at rest
 * @param hss        where credential changes are notified (profile §5.4)
 */
@ConfigurationProperties("web-auth-proxy")
public record WebAuthProxyProperties(Map<String, String> realms, @DefaultValue Sync sync,
                                     @DefaultValue Encryption encryption, @DefaultValue Hss hss) {

    public WebAuthProxyProperties {
        realms = realms == null ? Map.of() : Map.copyOf(realms);
    }

    /** The realm credentials of {@code wwsfIdentity} must carry. */
    public String realmOf(String wwsfIdentity) {
        return realms.getOrDefault(wwsfIdentity, wwsfIdentity);
    }

    /**
     * @param maxBatchItems items accepted in one {@code credentials:batch} request (413 BATCH_TOO_LARGE above; a
     *                      larger sync is several requests)
     * @param chunkSize     items written per database transaction within a batch; each chunk is a separate task, so
     *                      concurrent batches and other sync work take turns between chunks
     * @param threads       database threads (and so at most pooled connections) of batch sync, apart from the
     *                      threads that serve the vector fetch (keep it below
     *                      {@code spring.datasource.hikari.maximum-pool-size})
     * @param queueCapacity batch chunks that may wait for a sync thread before a batch gets 503 DATABASE_BUSY
     */
    public record Sync(@DefaultValue("10000") Integer maxBatchItems, @DefaultValue("500") Integer chunkSize,
                       @DefaultValue("2") Integer threads, @DefaultValue("1000") Integer queueCapacity) {
        public Sync {
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
     * @param baseUrl         the HSS, e.g. {@code http://hss:8091}; none or empty (default) turns notifications
     *                        off, with a WARN at start: revoked users then stay registered until their next refresh
     * @param token           the proxy's bearer token at the HSS (role WEB_AUTH_PROXY; INTERNAL until the
     *                        per-caller roles land)
     * @param connectTimeout  TCP connect timeout
     * @param responseTimeout time for the HSS's whole answer
     * @param pollInterval    how often due notifications are (re)sent
     * @param maxBackoff      longest wait between two attempts of one notification
     */
    public record Hss(URI baseUrl, @DefaultValue("") String token, @DefaultValue("1s") Duration connectTimeout,
                      @DefaultValue("2s") Duration responseTimeout, @DefaultValue("1s") Duration pollInterval,
                      @DefaultValue("5m") Duration maxBackoff) {
        public Hss {
            baseUrl = baseUrl == null || baseUrl.toString().isBlank() ? null : baseUrl;
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
