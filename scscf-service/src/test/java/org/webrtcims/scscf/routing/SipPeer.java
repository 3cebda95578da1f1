package org.webrtcims.scscf.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
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
import javax.sip.header.Header;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.ports.FreePorts;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.SipStackSettings;

/**
 * A jain-sip stand-in over real TCP for the nodes around the S-CSCF (an eP-CSCF holding a user's flow, the
 * I-CSCF): sends requests built from raw header lines and collects their provisional and final responses; keeps
 * every request it receives (with its server transaction) for the test to answer. A CANCEL is answered here
 * (200, and 487 to the INVITE it cancels) and kept too.
 */
final class SipPeer implements SipListener, AutoCloseable {

    /** A request received, with its server transaction (null for ACK). */
    record Incoming(Request request, ServerTransaction transaction) {
    }

    /** A request sent: its provisional responses and its final one. */
    static final class Exchange {
        final ClientTransaction transaction;
        final BlockingQueue<Response> provisionals = new LinkedBlockingQueue<>();
        final CompletableFuture<Response> finalResponse = new CompletableFuture<>();
        /** A 100 Trying came (hop by hop, never relayed). */
        volatile boolean trying;

        Exchange(ClientTransaction transaction) {
            this.transaction = transaction;
        }

        Response awaitFinal() {
            try {
                return finalResponse.get(40, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("no final response: " + e, e);
            }
        }

        Response awaitProvisional() {
            try {
                Response r = provisionals.poll(20, TimeUnit.SECONDS);
                if (r == null) {
                    throw new IllegalStateException("no provisional response");
                }
                return r;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final SipStackRunner sip;
    private final Map<ClientTransaction, Exchange> pending = new ConcurrentHashMap<>();
    private final Map<String, ServerTransaction> invites = new ConcurrentHashMap<>();
    final BlockingQueue<Incoming> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Response> strays = new LinkedBlockingQueue<>();

    SipPeer() {
        this.sip = SipStackRunner.start(new SipStackSettings("peer-" + UUID.randomUUID(), "127.0.0.1",
                FreePorts.next("127.0.0.1"), List.of("tcp"), 4, 65_536), this);
    }

    int port() {
        return sip.settings().port();
    }

    String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** A request from header lines (Via and Content-Length are added); {@code body} may be null. */
    Request build(String method, String requestUri, List<String> lines, String body) {
        try {
            StringBuilder text = new StringBuilder(method + " " + requestUri + " SIP/2.0\r\n");
            text.append("Via: SIP/2.0/TCP ").append(hostPort()).append(";branch=z9hG4bK")
                    .append(UUID.randomUUID().toString().replace("-", "")).append("\r\n");
            for (String line : lines) {
                text.append(line).append("\r\n");
            }
            String content = body == null ? "" : body;
            text.append("Content-Length: ").append(content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .append("\r\n\r\n").append(content);
            return sip.messages().createRequest(text.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Exchange send(Request request) {
        try {
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            Exchange exchange = new Exchange(transaction);
            pending.put(transaction, exchange);
            transaction.sendRequest();
            return exchange;
        } catch (Exception e) {
            throw new IllegalStateException("send failed: " + e, e);
        }
    }

    Exchange send(String method, String requestUri, List<String> lines) {
        return send(build(method, requestUri, lines, null));
    }

    /** ACK for a 2xx: no transaction. */
    void sendStateless(Request request) {
        try {
            sip.provider().sendRequest(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** CANCEL of a request sent with {@link #send} (RFC 3261 §9.1). */
    Exchange cancel(Exchange invite) {
        try {
            return send(invite.transaction.createCancel());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Incoming next() {
        try {
            Incoming in = received.poll(20, TimeUnit.SECONDS);
            if (in == null) {
                throw new IllegalStateException("nothing received at " + hostPort());
            }
            return in;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    Incoming poll(long millis) {
        try {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers as a UAS would: To tag on final and 18x, Record-Route copied, the given extra header lines. */
    Response answer(Incoming in, int status, String toTag, String... headerLines) {
        try {
            Response response = sip.messages().createResponse(status, in.request());
            if (status > 100 && toTag != null) {
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(toTag);
            }
            if (response.getHeader(RecordRouteHeader.NAME) == null) {
                var rr = in.request().getHeaders(RecordRouteHeader.NAME);
                while (rr.hasNext()) {
                    response.addLast((Header) ((Header) rr.next()).clone());
                }
            }
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                response.addHeader(sip.headers().createHeader(line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim()));
            }
            in.transaction().sendResponse(response);
            return response;
        } catch (Exception e) {
            throw new IllegalStateException("answer failed: " + e, e);
        }
    }

    static List<String> values(Message message, String name) {
        List<String> values = new ArrayList<>();
        var headers = message.getHeaders(name);
        while (headers.hasNext()) {
            String text = ((Header) headers.next()).toString().trim();
            values.add(text.substring(text.indexOf(':') + 1).trim());
        }
        return values;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction transaction = event.getServerTransaction();
        try {
            if (transaction == null && !Request.ACK.equals(request.getMethod())) {
                transaction = sip.provider().getNewServerTransaction(request);
            }
        } catch (Exception e) {
            return;
        }
        String branch = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
        if (Request.INVITE.equals(request.getMethod())) {
            invites.put(branch, transaction);
        }
        if (Request.CANCEL.equals(request.getMethod())) {
            try {
                transaction.sendResponse(sip.messages().createResponse(200, request));
                ServerTransaction invite = invites.get(branch);
                if (invite != null) {
                    Response terminated = sip.messages().createResponse(487, invite.getRequest());
                    ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag("cancelled");
                    invite.sendResponse(terminated);
                }
            } catch (Exception e) {
                // the test sees the CANCEL anyway
            }
        }
        received.add(new Incoming(request, transaction));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        Exchange exchange = transaction == null ? null : pending.get(transaction);
        if (exchange == null) {
            strays.add(event.getResponse());
            return;
        }
        if (event.getResponse().getStatusCode() == 100) {
            exchange.trying = true;
        } else if (event.getResponse().getStatusCode() < 200) {
            exchange.provisionals.add(event.getResponse());
        } else if (!exchange.finalResponse.complete(event.getResponse())) {
            strays.add(event.getResponse());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        Exchange exchange = event.getClientTransaction() == null ? null : pending.get(event.getClientTransaction());
        if (exchange != null) {
            exchange.finalResponse.completeExceptionally(new IllegalStateException("Timer F"));
        }
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
