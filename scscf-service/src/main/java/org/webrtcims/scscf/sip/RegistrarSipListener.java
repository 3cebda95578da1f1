package org.webrtcims.scscf.sip;

import java.text.ParseException;
import java.util.Map;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webrtcims.scscf.registrar.RegisterReply;
import org.webrtcims.scscf.registrar.RegistrarService;
import org.webrtcims.sip.SipStackRunner;

/**
 * The jain-sip side of the S-CSCF: reads a REGISTER, hands it to the {@link RegistrarService} and returns at
 * once; the answer is sent from whichever thread completes the registrar's work. Nothing here blocks a SIP
 * stack thread.
 */
public class RegistrarSipListener implements SipListener {

    private static final Logger log = LoggerFactory.getLogger(RegistrarSipListener.class);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final RegistrarService registrar;
    private volatile SipStackRunner sip;

    public RegistrarSipListener(RegistrarService registrar) {
        this.registrar = registrar;
    }

    /** The stack this listener answers through; set right after the stack starts. */
    public void attach(SipStackRunner runner) {
        this.sip = runner;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction transaction = event.getServerTransaction();
        try {
            if (transaction == null) {
                transaction = sip.provider().getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission: the transaction answers it
        } catch (Exception e) {
            log.warn("No server transaction for {}: {}", request.getMethod(), e.getMessage());
            return;
        }
        ServerTransaction serverTransaction = transaction;
        if (!Request.REGISTER.equals(request.getMethod())) {
            // originating/terminating routing arrives with a later issue
            send(serverTransaction, request, RegisterReply.of(501, "Not Implemented"));
            return;
        }
        try {
            registrar.register(RegisterRequests.from(request)).subscribe(
                    reply -> send(serverTransaction, request, reply),
                    error -> {
                        log.error("REGISTER processing failed", error);
                        send(serverTransaction, request, RegisterReply.of(500, "Server Internal Error"));
                    });
        } catch (RegisterRequests.Malformed malformed) {
            send(serverTransaction, request, RegisterReply.of(400, malformed.getMessage()));
        }
    }

    private void send(ServerTransaction transaction, Request request, RegisterReply reply) {
        try {
            Response response = sip.messages().createResponse(reply.status(), request);
            response.setReasonPhrase(reply.reason());
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(Long.toHexString(RANDOM.nextLong()));
            }
            for (Map.Entry<String, String> header : reply.headers()) {
                for (String value : LIST_HEADERS.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))
                        ? splitTopLevel(header.getValue()) : java.util.List.of(header.getValue())) {
                    response.addHeader(sip.headers().createHeader(header.getKey(), value));
                }
            }
            transaction.sendResponse(response);
        } catch (ParseException e) {
            log.error("Could not build the {} response: {}", reply.status(), e.getMessage());
            if (reply.status() != 500) {
                send(transaction, request, RegisterReply.of(500, "Server Internal Error"));
            }
        } catch (Exception e) {
            log.warn("Could not send the {} response: {}", reply.status(), e.getMessage());
        }
    }

    /** Headers jain-sip builds one value at a time (RFC 3261 §7.3.1 comma-separated lists). */
    private static final java.util.Set<String> LIST_HEADERS = java.util.Set.of("supported", "require", "unsupported",
            "allow", "p-associated-uri", "path", "service-route");

    /** Splits at commas that are not inside {@code <…>} or quotes. */
    static java.util.List<String> splitTopLevel(String value) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(value.substring(start).trim());
        return parts;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        log.debug("Unexpected response {} ignored", event.getResponse().getStatusCode());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        log.debug("SIP transaction timed out");
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("SIP I/O error toward {}:{}", event.getHost(), event.getPort());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing kept per transaction
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // a registrar keeps no dialogs
    }
}
