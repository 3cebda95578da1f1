package org.webrtcims.testdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a service and its PostgreSQL that a test can freeze: while frozen, no byte is forwarded
 * in either direction and no connection is closed, which is what a hung server (SIGSTOP, a stuck disk, a
 * black-holing firewall) looks like from the client's side. New connections are accepted and then hang too.
 */
public final class FreezableTcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Object gate = new Object();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    private FreezableTcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        start("relay-accept", this::acceptLoop);
    }

    /** A relay on a free loopback port to {@code host:port}. */
    public static FreezableTcpRelay to(String host, int port) {
        try {
            return new FreezableTcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A relay to the server of {@code database}, and the same database reached through it. */
    public static FreezableTcpRelay to(TestDatabase database) {
        java.net.URI uri = java.net.URI.create(database.jdbcUrl().substring("jdbc:".length()));
        return to(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** {@code database} with its JDBC URL pointed at this relay. */
    public TestDatabase through(TestDatabase database) {
        String url = database.jdbcUrl();
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return new TestDatabase(url.replace(authority, "127.0.0.1:" + port()), database.username(),
                database.password(), database.schema());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Stops forwarding bytes; connections stay open. */
    public void freeze() {
        frozen = true;
    }

    /** Forwards again, including the bytes held while frozen. */
    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                sockets.add(client);
                sockets.add(upstream);
                start("relay-up", () -> pump(client, upstream));
                start("relay-down", () -> pump(upstream, client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitThaw();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitThaw() throws InterruptedException {
        synchronized (gate) {
            while (frozen && !closed) {
                gate.wait();
            }
        }
    }

    private static void start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        thaw();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        sockets.forEach(FreezableTcpRelay::closeQuietly);
    }
}
