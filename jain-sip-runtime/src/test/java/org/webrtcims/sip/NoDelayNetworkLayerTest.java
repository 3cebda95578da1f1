package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.Transaction;
import javax.sip.message.Request;

import org.junit.jupiter.api.Test;
import org.webrtcims.ports.FreePorts;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionImpl;

class NoDelayNetworkLayerTest {

    @Test
    void socketsTheLayerOpensAndAcceptsHaveTcpNoDelay() throws Exception {
        NoDelayNetworkLayer layer = new NoDelayNetworkLayer();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = layer.createServerSocket(0, 50, loopback);
             Socket outgoing = layer.createSocket(loopback, server.getLocalPort(), loopback, 0);
             Socket accepted = server.accept()) {
            assertThat(outgoing.getTcpNoDelay()).isTrue();
            assertThat(accepted.getTcpNoDelay()).isTrue();
        }
        try (ServerSocket server = layer.createServerSocket(0, 50, loopback);
             Socket outgoing = layer.createSocket(loopback, server.getLocalPort());
             Socket accepted = server.accept()) {
            assertThat(outgoing.getTcpNoDelay()).isTrue();
            assertThat(accepted.getTcpNoDelay()).isTrue();
        }
    }

    /** Two stacks talk over TCP: the connection one opens and the one the other accepts both have TCP_NODELAY. */
    @Test
    void aSipConnectionHasTcpNoDelayOnBothEnds() throws Exception {
        CompletableFuture<Boolean> acceptedNoDelay = new CompletableFuture<>();
        CompletableFuture<Boolean> openedNoDelay = new CompletableFuture<>();
        SipStackRunner[] server = new SipStackRunner[1];
        server[0] = SipStackRunner.start(new SipListening("127.0.0.1", FreePorts.next(), List.of("tcp"), null, 2,
                null, null, null).resolve(0).stackSettings("nodelay-uas"), new Listener() {
                    @Override
                    public void processRequest(RequestEvent event) {
                        try {
                            ServerTransaction transaction = server[0].provider()
                                    .getNewServerTransaction(event.getRequest());
                            acceptedNoDelay.complete(noDelay(transaction));
                            transaction.sendResponse(server[0].messages().createResponse(200, event.getRequest()));
                        } catch (Exception e) {
                            acceptedNoDelay.completeExceptionally(e);
                        }
                    }
                });
        SipStackRunner client = SipStackRunner.start(new SipListening("127.0.0.1", FreePorts.next(), List.of("tcp"),
                null, 2, null, null, null).resolve(0).stackSettings("nodelay-uac"), new Listener() {
                    @Override
                    public void processResponse(ResponseEvent event) {
                        try {
                            openedNoDelay.complete(noDelay(event.getClientTransaction()));
                        } catch (Exception e) {
                            openedNoDelay.completeExceptionally(e);
                        }
                    }
                });
        try {
            assertThat(server[0].networkLayer()).isInstanceOf(NoDelayNetworkLayer.class);
            Request options = SipTestMessages.options(client, server[0].settings().port());
            ClientTransaction transaction = client.provider().getNewClientTransaction(options);
            transaction.sendRequest();
            assertThat(acceptedNoDelay.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(openedNoDelay.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            client.close();
            server[0].close();
        }
    }

    private static boolean noDelay(Transaction transaction) throws Exception {
        ConnectionOrientedMessageChannel channel =
                (ConnectionOrientedMessageChannel) ((SIPTransactionImpl) transaction).getMessageChannel();
        Field socket = ConnectionOrientedMessageChannel.class.getDeclaredField("mySock");
        socket.setAccessible(true);
        return ((Socket) socket.get(channel)).getTcpNoDelay();
    }

    private abstract static class Listener extends QuietListener {
    }
}
