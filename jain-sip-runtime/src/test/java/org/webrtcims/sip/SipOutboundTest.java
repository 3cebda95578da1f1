package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class SipOutboundTest {

    @Test
    void aSendFromAThreadThatMayBlockRunsInPlace() {
        Scheduler outbound = SipOutbound.newScheduler();
        try {
            Thread[] ranOn = new Thread[1];
            SipOutbound.send(outbound, () -> ranOn[0] = Thread.currentThread());
            assertThat(ranOn[0]).isSameAs(Thread.currentThread());
        } finally {
            outbound.dispose();
        }
    }

    @Test
    void aSendFromANonBlockingThreadHopsToSipOut() throws Exception {
        Scheduler outbound = SipOutbound.newScheduler();
        try {
            CompletableFuture<String> ranOn = new CompletableFuture<>();
            Mono.fromRunnable(() -> {
                assertThat(SipOutbound.onEventLoop()).isTrue();
                SipOutbound.send(outbound, () -> ranOn.complete(Thread.currentThread().getName()));
            }).subscribeOn(Schedulers.parallel()).subscribe();
            assertThat(ranOn.get(5, TimeUnit.SECONDS)).startsWith("sip-out");
        } finally {
            outbound.dispose();
        }
    }
}
