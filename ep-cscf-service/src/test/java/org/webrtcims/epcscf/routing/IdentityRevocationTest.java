package org.webrtcims.epcscf.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.epcscf.flow.Flow;
import org.webrtcims.epcscf.flow.FlowChannel;
import org.webrtcims.epcscf.flow.FlowRegistry;
import org.webrtcims.epcscf.flow.FlowTokens;

/** A reg-event NOTIFY stops the eP-CSCF asserting identities (profile §7.4, D13). */
class IdentityRevocationTest {

    private static final FlowChannel NOWHERE = new FlowChannel() {
        @Override
        public void send(String sipMessage) {
        }

        @Override
        public void close(int code, String reason) {
        }
    };

    private final FlowRegistry flows = new FlowRegistry(new FlowTokens(new byte[32]), Duration.ofSeconds(32), 50,
            System::nanoTime);

    private Flow registered(String contact) {
        Flow flow = flows.open(new InetSocketAddress("127.0.0.1", 40000), "wwsf.example.com", NOWHERE);
        flow.bind("sip:alice.web@ims.example.net", new Flow.Registration("alice@idp.example.com",
                List.of("<sip:alice.web@ims.example.net>", "<tel:+15551230001>"),
                List.of("<sip:orig@scscf1.ims.example.net:5060;transport=tcp;lr>"), List.of(contact)));
        return flow;
    }

    @Test
    void terminatedRegistrationUnbindsTheImpuFromEveryFlow() {
        Flow tab1 = registered("sip:a@one.invalid;transport=ws");
        Flow tab2 = registered("sip:b@two.invalid;transport=ws");
        assertThat(IdentityRevocation.revoke(flows.all(), "sip:alice.web@ims.example.net", null)).isEqualTo(2);
        assertThat(tab1.isRegistered()).isFalse();
        assertThat(tab2.isRegistered()).isFalse();
    }

    @Test
    void terminatedAliasIsNoLongerAssertedButTheImpuStays() {
        Flow flow = registered("sip:a@one.invalid;transport=ws");
        assertThat(IdentityRevocation.revoke(flows.all(), "tel:+15551230001", null)).isEqualTo(1);
        assertThat(flow.isRegistered()).isTrue();
        assertThat(flow.registration("sip:alice.web@ims.example.net").orElseThrow().associatedUris())
                .containsExactly("<sip:alice.web@ims.example.net>");
    }

    @Test
    void terminatedContactUnbindsOnlyTheFlowThatRegisteredIt() {
        Flow tab1 = registered("sip:a@one.invalid;transport=ws");
        Flow tab2 = registered("sip:b@two.invalid;transport=ws");
        assertThat(IdentityRevocation.revoke(flows.all(), "sip:alice.web@ims.example.net",
                "sip:b@two.invalid;transport=ws")).isEqualTo(1);
        assertThat(tab1.isRegistered()).isTrue();
        assertThat(tab2.isRegistered()).isFalse();
    }

    @Test
    void anotherUsersTerminationChangesNothing() {
        Flow flow = registered("sip:a@one.invalid;transport=ws");
        assertThat(IdentityRevocation.revoke(flows.all(), "sip:bob.web@ims.example.net", null)).isZero();
        assertThat(flow.isRegistered()).isTrue();
    }
}
