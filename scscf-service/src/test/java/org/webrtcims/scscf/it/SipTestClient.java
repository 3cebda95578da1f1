package org.webrtcims.scscf.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.SipStackSettings;

/**
 * A SIP client over real sockets (jain-sip) that plays the eP-CSCF of profile step 2a/8: it sends REGISTERs
 * built from raw header lines, so tests control every header, and waits for the final response.
 */
public final class SipTestClient implements SipListener, AutoCloseable {

    private final SipStackRunner sip;
    private final String transport;
    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();

    public SipTestClient(String transport) {
        this.transport = transport;
        this.sip = SipStackRunner.start(new SipStackSettings("test-client-" + UUID.randomUUID(), "127.0.0.1",
                freePort(), List.of(transport), 4, 65_536), this);
    }

    public int port() {
        return sip.settings().port();
    }

    public String transport() {
        return transport;
    }

    /**
     * Sends a request given as lines "Name: value" (Via, Content-Length are added) and returns the final
     * response.
     */
    public Response send(String method, String requestUri, List<String> headerLines) {
        try {
            StringBuilder text = new StringBuilder(method + " " + requestUri + " SIP/2.0\r\n");
            text.append("Via: SIP/2.0/").append(transport.toUpperCase()).append(" 127.0.0.1:").append(port())
                    .append(";branch=z9hG4bK").append(UUID.randomUUID().toString().replace("-", "")).append("\r\n");
            for (String line : headerLines) {
                text.append(line).append("\r\n");
            }
            text.append("Content-Length: 0\r\n\r\n");
            Request request = sip.messages().createRequest(text.toString());
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            CompletableFuture<Response> answer = new CompletableFuture<>();
            pending.put(transaction, answer);
            transaction.sendRequest();
            return answer.get(40, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("SIP exchange failed: " + e, e);
        }
    }

    public static List<String> values(Response response, String header) {
        List<String> values = new ArrayList<>();
        var headers = response.getHeaders(header);
        while (headers.hasNext()) {
            String text = ((Header) headers.next()).toString().trim();
            values.add(text.substring(text.indexOf(':') + 1).trim());
        }
        return values;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (event.getResponse().getStatusCode() < 200 || event.getClientTransaction() == null) {
            return;
        }
        CompletableFuture<Response> answer = pending.remove(event.getClientTransaction());
        if (answer != null) {
            answer.complete(event.getResponse());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        CompletableFuture<Response> answer = pending.remove(event.getClientTransaction());
        if (answer != null) {
            answer.completeExceptionally(new IllegalStateException("no response (Timer F)"));
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    @Override
    public void close() {
        sip.close();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
