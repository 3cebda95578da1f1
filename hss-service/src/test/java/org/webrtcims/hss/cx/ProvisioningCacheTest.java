package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.webrtcims.hss.cx.ProvisioningCache.Kind;

class ProvisioningCacheTest {

    private final AtomicInteger loads = new AtomicInteger();

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void sameVersionAnswersFromTheCacheWithoutLoadingAgain() {
        ProvisioningCache cache = new ProvisioningCache(10);
        assertThat(cache.get(7, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("a1"))).isEqualTo("a1");
        assertThat(cache.get(7, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("a2"))).isEqualTo("a1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void newerVersionDropsEverythingCachedUnderTheOlderOne() {
        ProvisioningCache cache = new ProvisioningCache(10);
        cache.get(7, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("old"));
        assertThat(cache.get(8, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("new"))).isEqualTo("new");
        assertThat(cache.get(8, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("newer"))).isEqualTo("new");
    }

    @Test
    void callerWithAnOlderVersionLoadsAndNeitherReadsNorReplacesTheNewerCache() {
        ProvisioningCache cache = new ProvisioningCache(10);
        cache.get(8, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("v8"));
        assertThat(cache.get(7, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("v7"))).isEqualTo("v7");
        assertThat(cache.get(7, Kind.MAPPINGS_OF_WEB_IDENTITY, "bob", () -> load("b7"))).isEqualTo("b7");
        assertThat(cache.get(8, Kind.MAPPINGS_OF_WEB_IDENTITY, "alice", () -> load("again"))).isEqualTo("v8");
        assertThat(cache.get(8, Kind.MAPPINGS_OF_WEB_IDENTITY, "bob", () -> load("b8"))).isEqualTo("b8");
    }

    @Test
    void kindsAreSeparateKeySpaces() {
        ProvisioningCache cache = new ProvisioningCache(10);
        cache.get(1, Kind.MAPPINGS_OF_WEB_IDENTITY, "sip:x@example.net", () -> load("mappings"));
        assertThat(cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "sip:x@example.net", () -> load("subscription")))
                .isEqualTo("subscription");
    }

    @Test
    void fullCacheStillAnswersButStopsKeeping() {
        ProvisioningCache cache = new ProvisioningCache(2);
        cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "a", () -> load("a"));
        cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "b", () -> load("b"));
        assertThat(cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "c", () -> load("c"))).isEqualTo("c");
        assertThat(cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "c", () -> load("c"))).isEqualTo("c");
        assertThat(loads).hasValue(4); // a, b, and c twice
        cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "a", () -> load("a"));
        assertThat(loads).hasValue(4);
    }

    @Test
    void zeroEntriesLoadsEveryTime() {
        ProvisioningCache cache = new ProvisioningCache(0);
        cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "a", () -> load("a"));
        cache.get(1, Kind.SUBSCRIPTION_OF_IMPU, "a", () -> load("a"));
        assertThat(loads).hasValue(2);
    }
}
