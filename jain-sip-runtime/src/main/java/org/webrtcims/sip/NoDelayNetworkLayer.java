package org.webrtcims.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;

/**
 * jain-sip's sockets with {@code TCP_NODELAY}: a SIP message is written in one go and waits for nothing, so Nagle's
 * algorithm only delays it (by up to the peer's delayed-ACK time, 40 ms on Linux) when a connection has an
 * unacknowledged segment in flight, which at load it always has. jain-sip's {@link DefaultNetworkLayer} never sets
 * the option; {@link SipStackRunner} names this class in {@code gov.nist.javax.sip.NETWORK_LAYER}. Connections the
 * stack opens get it at once; connections it accepts get it from {@link NoDelayServerSocket#accept()}. UDP sockets
 * are jain-sip's own. Applies to jain-sip's blocking message processors (the default), which take their sockets from
 * here; its NIO processors open {@code SocketChannel}s themselves and would bypass this class.
 */
public final class NoDelayNetworkLayer implements NetworkLayer {

    private final NetworkLayer sockets = DefaultNetworkLayer.SINGLETON;

    /** jain-sip instantiates the class named in its properties through this constructor. */
    public NoDelayNetworkLayer() {
    }

    /** A listening socket whose accepted connections have {@code TCP_NODELAY}. */
    static final class NoDelayServerSocket extends ServerSocket {

        NoDelayServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
            super(port, backlog, bindAddress);
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            return noDelay(socket);
        }
    }

    static <S extends Socket> S noDelay(S socket) throws SocketException {
        try {
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            // the connection is gone already: the caller's next read or write reports it
            if (!socket.isClosed()) {
                throw e;
            }
        }
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new NoDelayServerSocket(port, backlog, bindAddress);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return sockets.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return noDelay(sockets.createSocket(address, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return noDelay(sockets.createSocket(address, port, localAddress));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(sockets.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return noDelay(sockets.createSSLSocket(address, port));
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return noDelay(sockets.createSSLSocket(address, port, localAddress));
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return sockets.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress localAddress) throws SocketException {
        return sockets.createDatagramSocket(port, localAddress);
    }

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        sockets.setSipStack(sipStack);
    }
}
