package org.webrtcims.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.webrtcims.fixture.Ports;
import org.webrtcims.fixture.Service;

class LocalSystemStartFailureTest {

    /** The HSS cannot bind its port: the proxy that had started is stopped again and the error names the port. */
    @Test
    void aServiceThatCannotStartStopsTheOnesBeforeItAndNamesItsPort() throws IOException {
        Ports ports = Ports.random("127.0.0.1");
        LaunchOptions withPortTaken = TestDatabaseOptions.apply(LaunchOptions.defaults().withPorts(ports),
                "launcher_it_failure_");
        try (ServerSocket taken = new ServerSocket(ports.hssHttp(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LocalSystem.start(withPortTaken))
                    .hasMessageContaining("Cannot start hss (HTTP port " + ports.hssHttp() + ", management port "
                            + ports.management(Service.HSS) + ")");
        }
        try (ServerSocket proxyPortAgain = new ServerSocket(ports.proxyHttp(), 1,
                InetAddress.getByName("127.0.0.1"))) {
            assertThat(proxyPortAgain.isBound()).isTrue();
        }
    }
}
