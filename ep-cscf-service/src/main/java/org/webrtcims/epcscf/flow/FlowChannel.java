package org.webrtcims.epcscf.flow;

/** The way back to the WIC: one SIP message per WebSocket text message (RFC 7118 §4.2). */
public interface FlowChannel {

    /** Queues a message; never blocks. Ignored once the connection is closed. */
    void send(String sipMessage);

    /** Closes the connection with a WebSocket close code (RFC 6455 §7.4). */
    void close(int code, String reason);
}
