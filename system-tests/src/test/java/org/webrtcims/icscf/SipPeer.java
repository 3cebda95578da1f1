package org.webrtcims.icscf;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.ports.FreePorts;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.SipStackSettings;

/**
 * A SIP peer over real TCP for the I-CSCF's terminating tests: as the originating S-CSCF it sends raw requests
 * (and CANCELs) and collects every response, provisional ones included; as the serving S-CSCF stand-in it records
 * what arrives and answers like a UAS: 200 to MESSAGE/OPTIONS/SUBSCRIBE, 180 to INVITE (then waits), 200 to CANCEL
 * and 487 to the INVITE it cancels, nothing to a request carrying {@code X-Test: silent}.
 */
final class SipPeer implements SipListener, AutoCloseable {

    /** One request sent: its responses in arrival order. */
    static final class Exchange {
        final ClientTransaction transaction;
        final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();

        Exchange(ClientTransaction transaction) {
            this.transaction = transaction;
        }

        /** The next response, provisional or final. */
        Response next() throws InterruptedException {
            Response response = responses.poll(30, TimeUnit.SECONDS);
            if (response == null) {
                throw new AssertionError("no response within 30 s");
            }
            return response;
        }

        /** The final response, skipping provisional ones. */
        Response last() throws InterruptedException {
            for (;;) {
                Response response = next();
                if (response.getStatusCode() >= 200) {
                    return response;
                }
            }
        }
    }

    private final SipStackRunner sip;
    private final Map<ClientTransaction, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, ServerTransaction> invites = new ConcurrentHashMap<>();
    final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    /** Responses no transaction of this peer claims (e.g. a retransmitted 2xx after the transaction ended). */
    final BlockingQueue<Response> strays = new LinkedBlockingQueue<>();

    SipPeer() {
        this(FreePorts.next());
    }

    SipPeer(int port) {
        this.sip = SipStackRunner.start(new SipStackSettings("peer-" + UUID.randomUUID(), "127.0.0.1", port,
                List.of("tcp"), 4, 65_536), this);
    }

    int port() {
        return sip.settings().port();
    }

    /** Sends a request given as its start line and header lines (Via and Content-Length are added), with a body. */
    Exchange send(String startLine, List<String> headers, String body) throws Exception {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        text.append("Via: SIP/2.0/TCP 127.0.0.1:").append(port()).append(";branch=z9hG4bK")
                .append(UUID.randomUUID().toString().replace("-", "")).append("\r\n");
        headers.forEach(line -> text.append(line).append("\r\n"));
        byte[] content = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        text.append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body == null ? "" : body);
        Request request = sip.messages().createRequest(text.toString());
        ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
        Exchange exchange = new Exchange(transaction);
        exchanges.put(transaction, exchange);
        transaction.sendRequest();
        return exchange;
    }

    /** Sends a request without a transaction (an ACK for a 2xx), along its Route. */
    void sendStateless(String startLine, List<String> headers) throws Exception {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        text.append("Via: SIP/2.0/TCP 127.0.0.1:").append(port()).append(";branch=z9hG4bK")
                .append(UUID.randomUUID().toString().replace("-", "")).append("\r\n");
        headers.forEach(line -> text.append(line).append("\r\n"));
        text.append("Content-Length: 0\r\n\r\n");
        sip.provider().sendRequest(sip.messages().createRequest(text.toString()));
    }

    /** CANCEL for a sent INVITE (RFC 3261 §9.1), in a transaction of its own. */
    Exchange cancel(Exchange invite) throws Exception {
        ClientTransaction transaction = sip.provider().getNewClientTransaction(invite.transaction.createCancel());
        Exchange exchange = new Exchange(transaction);
        exchanges.put(transaction, exchange);
        transaction.sendRequest();
        return exchange;
    }

    /** The next request that arrived, or an AssertionError. */
    Request nextReceived() throws InterruptedException {
        Request request = received.poll(30, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request within 30 s");
        }
        return request;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            received.add(request);
            return;
        }
        try {
            ServerTransaction server = event.getServerTransaction() != null ? event.getServerTransaction()
                    : sip.provider().getNewServerTransaction(request);
            received.add(request);
            if (request.getHeader("X-Test") != null && request.getHeader("X-Test").toString().contains("silent")) {
                return;
            }
            String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
            switch (request.getMethod()) {
                case Request.INVITE -> {
                    invites.put(callId, server);
                    server.sendResponse(answer(180, request));
                    if (request.getHeader("X-Test") != null
                            && request.getHeader("X-Test").toString().contains("answer-twice")) {
                        invites.remove(callId);
                        Response ok = answer(200, request);
                        server.sendResponse(ok);
                        Thread.sleep(200);
                        sip.provider().sendResponse((Response) ok.clone()); // as a UAS retransmits its 2xx
                    }
                }
                case Request.CANCEL -> {
                    server.sendResponse(answer(200, request));
                    ServerTransaction invite = invites.remove(callId);
                    if (invite != null) {
                        invite.sendResponse(answer(487, invite.getRequest()));
                    }
                }
                default -> server.sendResponse(answer(200, request));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Response answer(int status, Request request) throws Exception {
        Response response = sip.messages().createResponse(status, request);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            to.setTag("standin");
        }
        if (status / 100 == 2 && (Request.SUBSCRIBE.equals(request.getMethod())
                || Request.INVITE.equals(request.getMethod()))) {
            // a 2xx that creates a dialog carries the UAS's Contact (RFC 3261 §12.1.1; jain-sip insists)
            response.addHeader(sip.headers().createHeader("Contact", "<sip:127.0.0.1:" + port() + ";transport=tcp>"));
            if (Request.SUBSCRIBE.equals(request.getMethod())) {
                response.addHeader(sip.headers().createHeader("Expires", "600000"));
            }
        }
        return response;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Exchange exchange = event.getClientTransaction() == null ? null : exchanges.get(event.getClientTransaction());
        if (exchange != null) {
            exchange.responses.add(event.getResponse());
        } else {
            strays.add(event.getResponse());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
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
}
