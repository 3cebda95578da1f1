package org.webrtcims.sip;

import java.util.List;

import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/** Requests the tests send from a {@link SipStackRunner}. */
final class SipTestMessages {

    private SipTestMessages() {
    }

    /** An OPTIONS (or {@code method}) from {@code from} to 127.0.0.1:{@code port} over TCP, Max-Forwards 70. */
    static Request request(SipStackRunner from, String method, int port, int maxForwards) throws Exception {
        SipURI target = from.addresses().createSipURI(null, "127.0.0.1");
        target.setPort(port);
        target.setTransportParam("tcp");
        CallIdHeader callId = from.provider().getNewCallId();
        CSeqHeader cseq = from.headers().createCSeqHeader(1L, method);
        FromHeader fromHeader = from.headers().createFromHeader(
                from.addresses().createAddress("sip:alice@ims.example.net"), "f" + System.nanoTime());
        ToHeader to = from.headers().createToHeader(from.addresses().createAddress("sip:alice@ims.example.net"),
                null);
        ViaHeader via = from.headers().createViaHeader("127.0.0.1", from.settings().port(), "tcp", null);
        MaxForwardsHeader maxForwardsHeader = from.headers().createMaxForwardsHeader(maxForwards);
        return from.messages().createRequest(target, method, callId, cseq, fromHeader, to, List.of(via),
                maxForwardsHeader);
    }

    static Request options(SipStackRunner from, int port) throws Exception {
        return request(from, Request.OPTIONS, port, 70);
    }
}
