package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;


import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.webrtcims.ports.FreePorts;

class SipStackRunnerTest {

    @Test
    void onlyTcpAndUdpAreAcceptedBecauseJainSipTlsIsNotSetUp() {
        assertThatThrownBy(() -> new SipStackSettings("s", "127.0.0.1", 5060, List.of("tcp", "tls"), 2, 65_536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls");
        assertThat(new SipStackSettings("s", "127.0.0.1", 5060, List.of("TCP", "udp"), 2, 65_536).transports())
                .containsExactly("TCP", "udp");
    }

    @Test
    void aStackStartsOnTcpAndUdpWithoutWarningsAboutTlsMaterialItDoesNotUse() throws IOException {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(events);
        SipStackRunner runner = SipStackRunner.start(
                new SipStackSettings("no-tls-test", "127.0.0.1", FreePorts.next(), List.of("tcp", "udp"), 2, 65_536),
                new QuietListener());
        try {
            assertThat(runner.listeningPoint("tcp")).isNotNull();
            assertThat(runner.listeningPoint("udp")).isNotNull();
            assertThat(events.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            runner.close();
            root.detachAppender(events);
        }
    }
}
