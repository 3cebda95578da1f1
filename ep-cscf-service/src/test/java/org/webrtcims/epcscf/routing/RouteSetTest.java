package org.webrtcims.epcscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.sip.message.Request;

import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.sip.WicMessageParser;
import org.webrtcims.sip.ProxyRules;
import org.webrtcims.sip.SipHeaders;

/** Loose routing over the eP-CSCF's own entries (profile §8.1, §8.3; RFC 3261 §16.4, RFC 5658). */
class RouteSetTest {

    private static final ProxyRules.OwnAddress EP = ProxyRules.OwnAddress.of(
            List.of("epcscf.ims.example.net", "127.0.0.1"), 5060);

    private static Request request(String requestUri, String... routes) {
        StringBuilder text = new StringBuilder("BYE " + requestUri + " SIP/2.0\r\n");
        text.append("Via: SIP/2.0/TCP scscf1.ims.example.net:5060;branch=z9hG4bK1\r\n");
        for (String route : routes) {
            text.append("Route: ").append(route).append("\r\n");
        }
        text.append("Max-Forwards: 70\r\nTo: <sip:bob.web@ims.example.net>;tag=b\r\n"
                + "From: <sip:alice.web@ims.example.net>;tag=a\r\nCall-ID: c1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
        return (Request) WicMessageParser.parse(text.toString()).orElseThrow().message();
    }

    @Test
    void profileExampleTerminatingRouteNamesBobsFlow() {
        // §8.2 (5): the S-CSCF sends along Bob's Path
        Request message = request("sip:q9w8e7r6@p0o9i8u7y6t5.invalid;transport=ws",
                "<sip:ft-Bq81LmZt0c@epcscf.ims.example.net:5060;transport=tcp;lr;ob>");
        RouteSet.Popped popped = RouteSet.popOwn(message, EP);
        assertThat(popped.popped()).isEqualTo(1);
        assertThat(popped.flowToken()).contains("ft-Bq81LmZt0c");
        assertThat(message.getHeader("Route")).isNull();
    }

    @Test
    void callersByeLeavesThroughTheCoreSideAfterPoppingBothOwnEntries() {
        // §8.3: the UAC's route set is the reverse of the Record-Route: [own WS side, own core side, S-CSCF, …]
        Request bye = request("sip:bob@p0o9i8u7y6t5.invalid;transport=ws",
                "<sip:ft-Ak2@epcscf.ims.example.net:5060;transport=ws;lr;ob>",
                "<sip:epcscf.ims.example.net:5060;transport=tcp;lr>",
                "<sip:scscf1.ims.example.net:5060;transport=tcp;lr>");
        RouteSet.Popped popped = RouteSet.popOwn(bye, EP);
        assertThat(popped.popped()).isEqualTo(2);
        assertThat(popped.towardFlow()).isFalse();
        assertThat(SipHeaders.all(bye, "Route")).containsExactly("<sip:scscf1.ims.example.net:5060;transport=tcp;lr>");
        assertThat(RouteSet.nextHopTransport(bye)).isEqualTo("tcp");
    }

    @Test
    void byeFromTheCoreReachesTheFlowWhenTheWsSideIsTheLastOwnEntry() {
        Request bye = request("sip:alice@k3v9q2x7m1p4.invalid;transport=ws",
                "<sip:epcscf.ims.example.net:5060;transport=tcp;lr>",
                "<sip:ft-Ak2@epcscf.ims.example.net:5060;transport=ws;lr;ob>");
        RouteSet.Popped popped = RouteSet.popOwn(bye, EP);
        assertThat(popped.popped()).isEqualTo(2);
        assertThat(popped.flowToken()).contains("ft-Ak2");
    }

    @Test
    void anotherNodesRouteOrPortIsNotOwn() {
        Request other = request("sip:bob@ims.example.net", "<sip:epcscf.ims.example.net:5062;transport=tcp;lr>");
        assertThat(RouteSet.topIsOwn(other, EP)).isFalse();
        assertThat(RouteSet.popOwn(other, EP).popped()).isZero();
        assertThat(SipHeaders.all(other, "Route")).hasSize(1);
    }

    @Test
    void withoutRouteAFlowTokenRequestUriNamesTheFlow() {
        Request noRoute = request("sip:ft-Zz9@127.0.0.1:5060;transport=tcp");
        RouteSet.Popped popped = RouteSet.popOwn(noRoute, EP);
        assertThat(popped.popped()).isZero();
        assertThat(popped.flowToken()).contains("ft-Zz9");
        assertThat(RouteSet.popOwn(request("sip:bob@ims.example.net"), EP).towardFlow()).isFalse();
    }

    @Test
    void aTargetWithoutTransportIsReachedOverTcp() {
        assertThat(RouteSet.withTransport("sip:scscf1.ims.example.net:5062", "tcp"))
                .isEqualTo("sip:scscf1.ims.example.net:5062;transport=tcp");
        assertThat(RouteSet.withTransport("sip:a@b;transport=udp", "tcp")).isEqualTo("sip:a@b;transport=udp");
        assertThat(RouteSet.withTransport("tel:+15551230001", "tcp")).isEqualTo("tel:+15551230001");
    }
}
