package org.webrtcims.db;

import java.util.concurrent.Callable;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking database work (JPA, JDBC) on a bounded pool with as many threads as the connection pool has
 * connections, so no Netty event-loop thread ever waits for PostgreSQL and no more threads wait than there
 * are connections to serve them. Work beyond the queue capacity is refused ({@link DatabaseBusyException}).
 */
public final class DatabaseScheduler implements AutoCloseable {

    private final Scheduler scheduler;

    public DatabaseScheduler(int threads, int queueCapacity) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queueCapacity, "db", 60, true);
    }

    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(scheduler)
                .onErrorMap(java.util.concurrent.RejectedExecutionException.class, DatabaseBusyException::new);
    }

    public Mono<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        }).then();
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
