package org.webrtcims.webauthproxy.credential;

import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.webauthproxy.config.WebAuthProxyProperties;

import jakarta.annotation.PreDestroy;
import reactor.core.publisher.Mono;

/**
 * The database threads of bulk sync ({@code credentials:batch}), apart from the {@link DatabaseScheduler} that
 * serves the HSS's vector fetch: however many batches run, they hold at most {@code web-auth-proxy.sync.threads}
 * connections of the pool, and each chunk is a task of its own, so batches take turns chunk by chunk. Work
 * beyond the queue is refused with 503 DATABASE_BUSY.
 */
@Component
public class SyncWorkers {

    private final DatabaseScheduler scheduler;

    public SyncWorkers(WebAuthProxyProperties properties) {
        this.scheduler = new DatabaseScheduler(properties.sync().threads(), properties.sync().queueCapacity());
    }

    public <T> Mono<T> call(Callable<T> work) {
        return scheduler.call(work);
    }

    @PreDestroy
    void close() {
        scheduler.close();
    }
}
