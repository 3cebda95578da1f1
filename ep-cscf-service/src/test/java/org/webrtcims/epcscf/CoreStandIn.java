package org.webrtcims.epcscf;

import java.time.Duration;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.header.ContactHeader;
import javax.sip.header.Header;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.ports.FreePorts;
import org.webrtcims.sip.SipHeaders;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.SipStackSettings;
import org.webrtcims.sip.StatelessDefaults;

/**
 * The IMS core as the eP-CSCF sees it, over real TCP (jain-sip): the I-CSCF and S-CSCF in one stand-in. It answers
 * REGISTER with 200 OK (Service-Route {@code <sip:orig@127.0.0.1:port;transport=tcp;lr>}, P-Associated-URI: the
 * IMPU and {@link #TEL}, Path echoed) and the eP-CSCF's reg-event SUBSCRIBE with {@link #subscribeStatus}; every
 * other request waits in {@link #requests} for the test to answer. CANCEL is answered 200 and its INVITE 487 (a UAS).
 * It sends requests toward the eP-CSCF and collects every response to them (provisional ones too).
 */
final class CoreStandIn implements StatelessDefaults, AutoCloseable {

    static final String TEL = "tel:+15551230001";
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** A request the stand-in received, and its server transaction. */
    record Incoming(Request request, ServerTransaction server) {
        String header(String name) {
            return SipHeaders.first(request, name).orElse(null);
        }

        List<String> headers(String name) {
            return SipHeaders.all(request, name);
        }
    }

    final SipStackRunner sip;
    final int port;
    final BlockingQueue<Incoming> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> acks = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> subscribes = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> cancels = new LinkedBlockingQueue<>();
    final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    volatile int subscribeStatus = 200;
    private final Map<String, ServerTransaction> invites = new ConcurrentHashMap<>();
    private final Map<ServerTransaction, String> toTags = new ConcurrentHashMap<>();

    CoreStandIn() {
        port = FreePorts.next();
        sip = SipStackRunner.start(new SipStackSettings("core-standin-" + port, "127.0.0.1", port, List.of("tcp"), 4,
                65_536), this);
    }

    String serviceRoute() {
        return "<sip:orig@127.0.0.1:" + port + ";transport=tcp;lr>";
    }

    String contact() {
        return "<sip:standin@127.0.0.1:" + port + ";transport=tcp>";
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            if (Request.ACK.equals(request.getMethod())) {
                if (event.getServerTransaction() == null) {
                    acks.add(request);
                }
                return;
            }
            ServerTransaction server = event.getServerTransaction() != null ? event.getServerTransaction()
                    : sip.provider().getNewServerTransaction(request);
            switch (request.getMethod()) {
                case Request.REGISTER -> server.sendResponse(registered(request));
                case Request.SUBSCRIBE -> {
                    if (SipHeaders.first(request, "Event").orElse("").startsWith("reg")
                            && SipHeaders.first(request, "P-Asserted-Identity").orElse("").startsWith("<sip:127")) {
                        subscribes.add(request);
                        Response response = sip.messages().createResponse(subscribeStatus, request);
                        ((ToHeader) response.getHeader(ToHeader.NAME)).setTag("notifier");
                        if (subscribeStatus == 200) {
                            response.addHeader(sip.headers().createExpiresHeader(600_000));
                            response.addHeader(sip.headers().createHeader("Contact", contact()));
                        }
                        server.sendResponse(response);
                    } else {
                        requests.add(new Incoming(request, server));
                    }
                }
                case Request.CANCEL -> {
                    cancels.add(request);
                    server.sendResponse(sip.messages().createResponse(200, request));
                    ServerTransaction invite = invites.remove(((ViaHeader) request.getHeader(ViaHeader.NAME))
                            .getBranch());
                    if (invite != null) {
                        respond(new Incoming(invite.getRequest(), invite), 487);
                    }
                }
                default -> {
                    if (Request.INVITE.equals(request.getMethod())) {
                        invites.put(((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch(), server);
                    }
                    requests.add(new Incoming(request, server));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Response registered(Request register) throws Exception {
        Response ok = sip.messages().createResponse(200, register);
        ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag("reg" + UUID.randomUUID().toString().substring(0, 6));
        ListIterator<?> contacts = register.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ok.addHeader((Header) ((Header) contacts.next()).clone());
        }
        for (String path : SipHeaders.all(register, "Path")) {
            ok.addHeader(sip.headers().createHeader("Path", path));
        }
        String impu = ((ToHeader) register.getHeader(ToHeader.NAME)).getAddress().getURI().toString();
        ok.addHeader(sip.headers().createHeader("Service-Route", serviceRoute()));
        ok.addHeader(sip.headers().createHeader("P-Associated-URI", "<" + impu + ">"));
        ok.addHeader(sip.headers().createHeader("P-Associated-URI", "<" + TEL + ">"));
        ok.addHeader(sip.headers().createHeader("P-Charging-Vector", "icid-value=\"scscf.1\""));
        return ok;
    }

    Incoming nextRequest() {
        return poll(requests, "a request at the core");
    }

    Response nextResponse() {
        return poll(responses, "a response at the core");
    }

    /** The next response with a status ≥ {@code atLeast} (skips 100 Trying and the like). */
    Response nextResponse(int atLeast) {
        while (true) {
            Response response = nextResponse();
            if (response.getStatusCode() >= atLeast) {
                return response;
            }
        }
    }

    static <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Answers a received request; a 2xx to INVITE or SUBSCRIBE copies the Record-Route and carries the stand-in's
     * Contact. Every response of one transaction has the same To tag.
     */
    Response respond(Incoming incoming, int status, String... headerLines) {
        try {
            Response response = sip.messages().createResponse(status, incoming.request());
            if (status > 100) {
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(toTags.computeIfAbsent(incoming.server(),
                        s -> "core" + UUID.randomUUID().toString().substring(0, 6)));
            }
            String method = incoming.request().getMethod();
            if (status / 100 != 2 || !Request.INVITE.equals(method) && !Request.SUBSCRIBE.equals(method)) {
                response.removeHeader(RecordRouteHeader.NAME); // jain-sip copies it into every response
            } else {
                // the Record-Route is already copied (jain-sip's createResponse, RFC 3261 §12.1.1)
                response.addHeader(sip.headers().createHeader("Contact", contact()));
            }
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                response.addHeader(sip.headers().createHeader(line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim()));
            }
            if (status >= 200 && Request.INVITE.equals(method)) {
                invites.values().remove(incoming.server());
            }
            incoming.server().sendResponse(response);
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request in a client transaction; its text has everything but Via and Content-Length. */
    ClientTransaction send(String startLine, List<String> headerLines, String body) {
        try {
            Request request = sip.messages().createRequest(text(startLine, headerLines, body));
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            transaction.sendRequest();
            return transaction;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request statelessly (an ACK for a 2xx). */
    void sendStateless(String startLine, List<String> headerLines) {
        try {
            sip.provider().sendRequest(sip.messages().createRequest(text(startLine, headerLines, "")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** CANCEL for a sent INVITE (RFC 3261 §9.1). */
    void cancel(ClientTransaction invite) {
        try {
            sip.provider().getNewClientTransaction(invite.createCancel()).sendRequest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(String startLine, List<String> headerLines, String body) {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        text.append("Via: SIP/2.0/TCP 127.0.0.1:").append(port).append(";branch=z9hG4bK")
                .append(UUID.randomUUID().toString().replace("-", "")).append("\r\n");
        for (String line : headerLines) {
            text.append(line).append("\r\n");
        }
        text.append("Content-Length: ").append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .append("\r\n\r\n").append(body);
        return text.toString();
    }

    @Override
    public void processResponse(ResponseEvent event) {
        responses.add(event.getResponse());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
    }

    @Override
    public void close() {
        sip.close();
    }
}
