package org.webrtcims.epcscf.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.sip.ProxyRules;
import org.webrtcims.sip.SipHeaders;

/**
 * The INVITE dialogs anchored on each flow (D15 step 2): what the eP-CSCF needs to send a BYE toward the core on
 * the WIC's behalf when the WebSocket drops — the far end's target and route set (without the eP-CSCF's own entries),
 * both tags, the WIC's next CSeq. A dialog is remembered at its 2xx and forgotten at the first BYE in either
 * direction or when the flow closes.
 */
final class FlowDialogs {

    /** One confirmed dialog, seen from the WIC. */
    record Dialog(String callId, String wicParty, String wicTag, String remoteParty, String remoteTag,
                  String remoteTarget, List<String> routeSet, long wicCseq) {
        Dialog withCseq(long cseq) {
            return cseq <= wicCseq ? this : new Dialog(callId, wicParty, wicTag, remoteParty, remoteTag, remoteTarget,
                    routeSet, cseq);
        }

        /** RFC 3261 §12.2.1.1 with RFC 3326 Reason: the BYE the WIC would have sent. */
        String bye() {
            String target = routeSet.isEmpty() ? org.webrtcims.epcscf.routing.RouteSet.withTransport(remoteTarget, "tcp")
                    : remoteTarget;
            StringBuilder text = new StringBuilder("BYE ").append(target).append(" SIP/2.0\r\n");
            for (String route : routeSet) {
                text.append("Route: ").append(route).append("\r\n");
            }
            text.append("Max-Forwards: 70\r\n");
            text.append("From: ").append(wicParty).append(";tag=").append(wicTag).append("\r\n");
            text.append("To: ").append(remoteParty).append(";tag=").append(remoteTag).append("\r\n");
            text.append("Call-ID: ").append(callId).append("\r\n");
            text.append("CSeq: ").append(wicCseq + 1).append(" BYE\r\n");
            text.append("Reason: SIP;cause=480;text=\"WebSocket flow closed\"\r\n");
            text.append("Content-Length: 0\r\n\r\n");
            return text.toString();
        }
    }

    private final ProxyRules.OwnAddress own;
    private final Map<Long, Map<String, Dialog>> byFlow = new ConcurrentHashMap<>();

    FlowDialogs(ProxyRules.OwnAddress own) {
        this.own = own;
    }

    /** A 2xx to an initial INVITE the WIC sent (the WIC is the UAC; route set = reversed Record-Route). */
    void confirmedByCore(long flowId, Request wicInvite, Response ok) {
        List<String> routes = recordRoutes(ok);
        Collections.reverse(routes);
        remember(flowId, new Dialog(callId(wicInvite), party(wicInvite.getHeader(FromHeader.NAME)),
                ((FromHeader) wicInvite.getHeader(FromHeader.NAME)).getTag(), party(ok.getHeader(ToHeader.NAME)),
                ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag(), contact(ok), withoutOwn(routes),
                ((CSeqHeader) wicInvite.getHeader(CSeqHeader.NAME)).getSeqNumber()));
    }

    /** The WIC's 2xx to an initial INVITE from the core (the WIC is the UAS; route set = Record-Route in order). */
    void confirmedByWic(long flowId, Request sentInvite, Response ok) {
        remember(flowId, new Dialog(callId(sentInvite), party(sentInvite.getHeader(ToHeader.NAME)),
                ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag(), party(sentInvite.getHeader(FromHeader.NAME)),
                ((FromHeader) sentInvite.getHeader(FromHeader.NAME)).getTag(), contact(sentInvite),
                withoutOwn(recordRoutes(sentInvite)), 0));
    }

    /** An in-dialog request from the WIC: its CSeq counts; a BYE ends the dialog. */
    void fromWic(long flowId, Request request) {
        Map<String, Dialog> dialogs = byFlow.get(flowId);
        if (dialogs == null) {
            return;
        }
        String callId = callId(request);
        if (Request.BYE.equals(request.getMethod())) {
            dialogs.remove(callId);
        } else {
            long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialogs.computeIfPresent(callId, (id, dialog) -> dialog.withCseq(cseq));
        }
    }

    /** A BYE from the core toward the flow ends the dialog. */
    void byeFromCore(long flowId, Request bye) {
        Map<String, Dialog> dialogs = byFlow.get(flowId);
        if (dialogs != null) {
            dialogs.remove(callId(bye));
        }
    }

    /** The flow closed: its confirmed dialogs, forgotten here. */
    List<Dialog> closed(long flowId) {
        Map<String, Dialog> dialogs = byFlow.remove(flowId);
        return dialogs == null ? List.of() : List.copyOf(dialogs.values());
    }

    int size() {
        return byFlow.values().stream().mapToInt(Map::size).sum();
    }

    private void remember(long flowId, Dialog dialog) {
        if (dialog.remoteTarget() == null || dialog.wicTag() == null || dialog.remoteTag() == null) {
            return;
        }
        byFlow.computeIfAbsent(flowId, id -> new ConcurrentHashMap<>()).put(dialog.callId(), dialog);
    }

    /** The own entries at the top of a route set removed (the BYE starts at the eP-CSCF). */
    private List<String> withoutOwn(List<String> routes) {
        List<String> left = new ArrayList<>(routes);
        while (!left.isEmpty() && isOwn(left.get(0))) {
            left.remove(0);
        }
        return left;
    }

    private boolean isOwn(String route) {
        try {
            javax.sip.address.Address address = javax.sip.SipFactory.getInstance().createAddressFactory()
                    .createAddress(route);
            return own.matches(address.getURI());
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> recordRoutes(Message message) {
        List<String> routes = new ArrayList<>();
        ListIterator<?> headers = message.getHeaders(RecordRouteHeader.NAME);
        while (headers.hasNext()) {
            routes.add(SipHeaders.value((Header) headers.next()));
        }
        return routes;
    }

    private static String contact(Message message) {
        ContactHeader contact = (ContactHeader) message.getHeader(ContactHeader.NAME);
        return contact == null || contact.getAddress() == null ? null : contact.getAddress().getURI().toString();
    }

    /** The name-addr of From/To without its tag. */
    private static String party(Header header) {
        javax.sip.address.Address address = header instanceof FromHeader from ? from.getAddress()
                : ((ToHeader) header).getAddress();
        return "<" + address.getURI() + ">";
    }

    private static String callId(Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
