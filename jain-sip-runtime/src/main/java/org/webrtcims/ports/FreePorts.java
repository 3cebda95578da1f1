package org.webrtcims.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Free ports for services that tests and the local launcher start on "some free port" while other services must be
 * configured with that port before it starts (so the service cannot simply bind port 0).
 * <p>
 * Why not {@code new ServerSocket(0)}: that port comes from the kernel's ephemeral range, the very range every
 * outgoing connection (JDBC pools, HTTP clients, SIP over TCP) and every other port-0 bind (an embedded PostgreSQL
 * choosing its port) draws from. Between closing the probe socket and the service binding, which can be many
 * seconds when five services start in turn, any of them may take it ({@code bind(..) failed: Address already in
 * use}). A port outside the ephemeral range is never assigned implicitly: only an explicit bind can take it.
 * <p>
 * Each port is free on both TCP and UDP (SIP listens on both) when handed out, and none is handed out twice by
 * one JVM.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 1_000;

    private FreePorts() {
    }

    /** A free port on the loopback address. */
    public static int next() {
        return next(InetAddress.getLoopbackAddress());
    }

    /** A free port on {@code host} (a name or address; {@code 0.0.0.0} checks all addresses). */
    public static int next(String host) {
        try {
            return next(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("Unknown host " + host, e);
        }
    }

    private static int next(InetAddress address) {
        PortRange candidates = PortRange.candidatesOutside(PortRange.ephemeral());
        return next(address, () -> ThreadLocalRandom.current().nextInt(candidates.first(), candidates.last() + 1));
    }

    /** The first port {@code random} proposes that no call handed out before and that binds on TCP and UDP. */
    static int next(InetAddress address, IntSupplier random) {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random.getAsInt();
            if (!HANDED_OUT.contains(port) && bindsTcpAndUdp(address, port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port on " + address.getHostAddress() + " after " + ATTEMPTS
                + " attempts");
    }

    private static boolean bindsTcpAndUdp(InetAddress address, int port) {
        InetSocketAddress endpoint = new InetSocketAddress(address, port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(endpoint, 1);
            udp.bind(endpoint);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
