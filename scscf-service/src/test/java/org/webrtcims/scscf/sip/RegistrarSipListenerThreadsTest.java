package org.webrtcims.scscf.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.netty.util.concurrent.FastThreadLocalThread;

/** Where a REGISTER's reply may be sent without a hop to {@code sip-out} (issue 12; no blocking on SIP or Netty threads). */
class RegistrarSipListenerThreadsTest {

    @Test
    void theListenerThreadItselfHandsTheReplyOn() {
        assertThat(RegistrarSipListener.mayBlock(Thread.currentThread())).isFalse();
    }

    @Test
    void aNettyEventLoopThreadHandsTheReplyOn() throws InterruptedException {
        AtomicBoolean mayBlock = new AtomicBoolean(true);
        Thread listener = Thread.currentThread();
        Thread loop = new FastThreadLocalThread(() -> mayBlock.set(RegistrarSipListener.mayBlock(listener)));
        loop.start();
        loop.join();
        assertThat(mayBlock).isFalse();
    }

    @Test
    void aDatabaseThreadSendsTheReplyItself() throws InterruptedException {
        AtomicBoolean mayBlock = new AtomicBoolean(false);
        Thread listener = Thread.currentThread();
        Thread db = new Thread(() -> mayBlock.set(RegistrarSipListener.mayBlock(listener)), "db-1");
        db.start();
        db.join();
        assertThat(mayBlock).isTrue();
    }
}
