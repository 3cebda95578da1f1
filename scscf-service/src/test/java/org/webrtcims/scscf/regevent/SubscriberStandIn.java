package org.webrtcims.scscf.regevent;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.ports.FreePorts;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.SipStackSettings;

/**
 * A reg event subscriber over real TCP (jain-sip): sends SUBSCRIBEs built from raw header lines, collects the
 * NOTIFYs it receives and answers them with {@link #notifyAnswer} (200 unless a test says otherwise).
 */
final class SubscriberStandIn implements SipListener, AutoCloseable {

    final SipStackRunner sip;
    final BlockingQueue<Request> notifies = new LinkedBlockingQueue<>();
    final AtomicInteger notifyAnswer = new AtomicInteger(200);
    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();

    SubscriberStandIn() {
        sip = SipStackRunner.start(new SipStackSettings("test-subscriber-" + UUID.randomUUID(), "127.0.0.1",
                FreePorts.next("127.0.0.1"), List.of("tcp"), 4, 65_536), this);
    }

    int port() {
        return sip.settings().port();
    }

    /** This subscriber's own address, as Contact or Record-Route entry. */
    String address() {
        return "sip:127.0.0.1:" + port() + ";transport=tcp";
    }

    Response send(String method, String requestUri, List<String> headerLines) {
        try {
            StringBuilder text = new StringBuilder(method + " " + requestUri + " SIP/2.0\r\n");
            text.append("Via: SIP/2.0/TCP 127.0.0.1:").append(port()).append(";branch=z9hG4bK")
                    .append(UUID.randomUUID().toString().replace("-", "")).append("\r\n");
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

    /** The next NOTIFY, or fails after {@code seconds}. */
    Request nextNotify(int seconds) throws InterruptedException {
        Request notify = notifies.poll(seconds, TimeUnit.SECONDS);
        if (notify == null) {
            throw new AssertionError("no NOTIFY within " + seconds + " s");
        }
        return notify;
    }

    static String body(Request request) {
        return new String(request.getRawContent(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                    : sip.provider().getNewServerTransaction(request);
            int status = Request.NOTIFY.equals(request.getMethod()) ? notifyAnswer.get() : 405;
            transaction.sendResponse(sip.messages().createResponse(status, request));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (Request.NOTIFY.equals(request.getMethod())) {
            notifies.add(request);
        }
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
