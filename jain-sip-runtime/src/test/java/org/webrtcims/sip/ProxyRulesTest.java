package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

import org.junit.jupiter.api.Test;

class ProxyRulesTest {

    private static final SipFactory FACTORY = factory();

    private static SipFactory factory() {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        return factory;
    }

    private static Request register(String... extraHeaders) throws Exception {
        StringBuilder text = new StringBuilder("REGISTER sip:ims.example.net SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5064;branch=z9hG4bKabc\r\n"
                + "From: <sip:alice@ims.example.net>;tag=1\r\n"
                + "To: <sip:alice@ims.example.net>\r\n"
                + "Call-ID: c1\r\n"
                + "CSeq: 1 REGISTER\r\n");
        for (String header : extraHeaders) {
            text.append(header).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        MessageFactory messages = FACTORY.createMessageFactory();
        return messages.createRequest(text.toString());
    }

    @Test
    void maxForwardsZeroIsTooManyHopsAndOneIsForwardedAsZero() throws Exception {
        HeaderFactory headers = FACTORY.createHeaderFactory();
        assertThat(ProxyRules.tooManyHops(register("Max-Forwards: 0"))).isTrue();
        Request one = register("Max-Forwards: 1");
        assertThat(ProxyRules.tooManyHops(one)).isFalse();
        ProxyRules.decrementMaxForwards(one, headers);
        assertThat(((MaxForwardsHeader) one.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isZero();
        assertThatThrownBy(() -> ProxyRules.decrementMaxForwards(register("Max-Forwards: 0"), headers))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRequestWithoutMaxForwardsLeavesWithSeventy() throws Exception {
        Request none = register();
        assertThat(ProxyRules.tooManyHops(none)).isFalse();
        ProxyRules.decrementMaxForwards(none, FACTORY.createHeaderFactory());
        assertThat(((MaxForwardsHeader) none.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(70);
    }

    @Test
    void anOwnRouteNeedsHostAndPort() throws Exception {
        AddressFactory addresses = FACTORY.createAddressFactory();
        ProxyRules.OwnAddress own = ProxyRules.OwnAddress.of(List.of("ICSCF.ims.example.net", "127.0.0.1", "[::1]"),
                5060);
        assertThat(own.matches(addresses.createURI("sip:icscf.ims.example.net:5060;transport=tcp;lr"))).isTrue();
        assertThat(own.matches(addresses.createURI("sip:icscf.ims.example.net;lr"))).as("5060 by default").isTrue();
        assertThat(own.matches(addresses.createURI("sip:127.0.0.1:5060;lr"))).isTrue();
        assertThat(own.matches(addresses.createURI("sip:[::1]:5060;lr"))).isTrue();
        assertThat(own.matches(addresses.createURI("sip:127.0.0.1:5062;lr"))).as("another node, same host").isFalse();
        assertThat(own.matches(addresses.createURI("sip:scscf.ims.example.net:5060;lr"))).as("another host, same port")
                .isFalse();
        assertThat(own.matches(addresses.createURI("sips:icscf.ims.example.net;lr"))).as("sips: 5061").isFalse();
        assertThat(own.matches(addresses.createURI("tel:+15551234"))).isFalse();
        assertThat(own.hosts()).contains("icscf.ims.example.net", "::1");
    }

    @Test
    void onlyTheTopRouteIsRemovedAndOnlyWhenItIsOwn() throws Exception {
        ProxyRules.OwnAddress own = new ProxyRules.OwnAddress(Set.of("127.0.0.1"), 5060);
        Request ownFirst = register("Route: <sip:127.0.0.1:5060;transport=tcp;lr>",
                "Route: <sip:127.0.0.1:5062;lr>");
        assertThat(ProxyRules.removeOwnRoute(ownFirst, own)).isTrue();
        assertThat(((RouteHeader) ownFirst.getHeader(RouteHeader.NAME)).getAddress().getURI().toString())
                .isEqualTo("sip:127.0.0.1:5062;lr");
        assertThat(ProxyRules.removeOwnRoute(ownFirst, own)).isFalse();
        assertThat(ProxyRules.removeOwnRoute(register(), own)).isFalse();
    }

    @Test
    void branchesCarryTheMagicCookieAndDiffer() {
        String one = ProxyRules.newBranch();
        assertThat(one).startsWith("z9hG4bK").hasSizeGreaterThan(20);
        assertThat(ProxyRules.newBranch()).isNotEqualTo(one);
    }
}
