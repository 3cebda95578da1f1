package org.webrtcims.scscf.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Whose {@code integrity-protected} counts, and which address the lockout counts against. */
class EdgeTrustTest {

    private static final String EDGE_PATH = "<sip:ft-abc@ep-cscf:5070;transport=tcp;lr;ob>";

    @Test
    void tlsYesCountsOnlyWhenTheBottomPathIsATrustedEpCscf() {
        EdgeTrust edges = new EdgeTrust(List.of("ep-cscf", "10.20.0.0/16", "::1/128"));
        assertThat(edges.viaTrustedEdge(List.of(EDGE_PATH))).isTrue();
        assertThat(edges.viaTrustedEdge(List.of("<sip:ft@EP-CSCF;lr>"))).isTrue();
        assertThat(edges.viaTrustedEdge(List.of("<sip:ft@10.20.3.4:5070;lr;ob>"))).isTrue();
        assertThat(edges.viaTrustedEdge(List.of("<sip:ft@[::1]:5070;lr;ob>"))).isTrue();
        // another node put its Path below (it was the first hop): not the eP-CSCF's word
        assertThat(edges.viaTrustedEdge(List.of(EDGE_PATH, "<sip:x@203.0.113.9:5060;lr>"))).isFalse();
        assertThat(edges.viaTrustedEdge(List.of("<sip:ft@10.21.0.1:5070;lr>"))).isFalse();
        assertThat(edges.viaTrustedEdge(List.of("<sip:ft@ep-cscf.evil.example;lr>"))).isFalse();
        assertThat(edges.viaTrustedEdge(List.of())).isFalse();
        EdgeTrust pods = new EdgeTrust(List.of(".ep-cscf-headless.ims.svc.cluster.local"));
        assertThat(pods.viaTrustedEdge(List.of("<sip:ft@ep-cscf-0.ep-cscf-headless.ims.svc.cluster.local:5070;lr>")))
                .isTrue();
        assertThat(pods.viaTrustedEdge(List.of("<sip:ft@evil-ep-cscf-headless.ims.svc.cluster.local;lr>"))).isFalse();
        assertThat(edges.viaTrustedEdge(List.of("garbage"))).isFalse();
    }

    @Test
    void theWicAddressIsTheReceivedOfTheViaBelowTheEpCscfs() {
        List<EdgeTrust.Hop> chain = List.of(new EdgeTrust.Hop("icscf", 5060, "10.0.0.3"),
                new EdgeTrust.Hop("ep-cscf", 5070, "10.0.0.2"),
                new EdgeTrust.Hop("k3v9q2x7m1p4.invalid", 0, "198.51.100.7"),
                // a Via the WIC itself put below: never read
                new EdgeTrust.Hop("x.invalid", 0, "203.0.113.66"));
        assertThat(EdgeTrust.wicAddress(chain, List.of(EDGE_PATH))).isEqualTo("198.51.100.7");
        // same host as the eP-CSCF but another port (launcher: all on loopback) is not the eP-CSCF's Via
        List<EdgeTrust.Hop> loopback = List.of(new EdgeTrust.Hop("127.0.0.1", 5060, null),
                new EdgeTrust.Hop("127.0.0.1", 5070, null),
                new EdgeTrust.Hop("k3v9q2x7m1p4.invalid", 0, "192.0.2.44"));
        assertThat(EdgeTrust.wicAddress(loopback, List.of("<sip:ft@127.0.0.1:5070;transport=tcp;lr;ob>")))
                .isEqualTo("192.0.2.44");
        // no eP-CSCF Via: the bottom Via's received, else its host
        assertThat(EdgeTrust.wicAddress(List.of(new EdgeTrust.Hop("127.0.0.1", 5999, null)), List.of(EDGE_PATH)))
                .isEqualTo("127.0.0.1");
        assertThat(EdgeTrust.wicAddress(List.of(new EdgeTrust.Hop("a", 1, null), new EdgeTrust.Hop("b", 2, "192.0.2.1")),
                List.of())).isEqualTo("192.0.2.1");
        assertThat(EdgeTrust.wicAddress(List.of(), List.of())).isEqualTo("unknown");
    }
}
