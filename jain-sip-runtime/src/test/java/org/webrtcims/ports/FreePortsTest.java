package org.webrtcims.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void portsLieOutsideTheKernelsEphemeralRangeSoNoOutgoingConnectionCanTakeThem() {
        PortRange ephemeral = PortRange.ephemeral();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            assertThat(ephemeral.contains(port)).as("port %d in ephemeral range %s", port, ephemeral).isFalse();
            assertThat(port).isGreaterThanOrEqualTo(PortRange.LOWEST_CANDIDATE);
        }
    }

    @Test
    void aHandedOutPortBindsOnTcpAndUdp() throws IOException {
        int port = FreePorts.next("127.0.0.1");
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(new InetSocketAddress(LOOPBACK, port));
            udp.bind(new InetSocketAddress(LOOPBACK, port));
        }
    }

    @Test
    void noPortIsHandedOutTwiceByOneJvm() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertThat(ports.add(FreePorts.next())).isTrue();
        }
    }

    @Test
    void aPortTakenOnUdpOnlyIsSkippedBecauseSipListensOnBoth() throws IOException {
        try (DatagramSocket udpOnly = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            assertTakenPortIsSkipped(udpOnly.getLocalPort());
        }
    }

    @Test
    void aPortTakenOnTcpIsSkipped() throws IOException {
        try (ServerSocket tcpOnly = new ServerSocket(0, 1, LOOPBACK)) {
            assertTakenPortIsSkipped(tcpOnly.getLocalPort());
        }
    }

    @Test
    void givesUpWithAClearMessageWhenNothingBinds() throws IOException {
        try (ServerSocket tcpOnly = new ServerSocket(0, 1, LOOPBACK)) {
            int taken = tcpOnly.getLocalPort();
            assertThatThrownBy(() -> FreePorts.next(LOOPBACK, () -> taken))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("No free port on 127.0.0.1");
        }
    }

    /** Proposed {@code taken} first, then a port that binds, the chooser returns the second. */
    private static void assertTakenPortIsSkipped(int taken) throws IOException {
        int free = freeNeighbour(taken);
        Iterator<Integer> proposals = List.of(taken, free).iterator();
        assertThat(FreePorts.next(LOOPBACK, proposals::next)).isEqualTo(free);
    }

    /** A port above {@code taken} that binds on TCP and UDP now. */
    private static int freeNeighbour(int taken) throws IOException {
        for (int candidate = taken + 1; candidate < 65_535; candidate++) {
            try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
                tcp.bind(new InetSocketAddress(LOOPBACK, candidate));
                udp.bind(new InetSocketAddress(LOOPBACK, candidate));
                return candidate;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IOException("no free neighbour of " + taken);
    }
}
