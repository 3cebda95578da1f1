package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedPeersTest {

    @Test
    void trustedPeersMatchTheirAddressBlocksOnly() throws Exception {
        TrustedPeers peers = new TrustedPeers(List.of("10.1.0.0/16", "192.168.7.7", "::1/128"));
        assertThat(peers.contains(InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(peers.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(peers.contains(InetAddress.getByName("192.168.7.7"))).isTrue();
        assertThat(peers.contains(InetAddress.getByName("192.168.7.8"))).isFalse();
        assertThat(peers.contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(peers.contains(null)).isFalse();
        assertThatThrownBy(() -> new TrustedPeers(List.of("10.0.0.0/40"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostNamesAreNeitherAcceptedAsBlocksNorResolvedWhenMatchingLiterals() {
        assertThatThrownBy(() -> new TrustedPeers(List.of("ep-cscf"))).isInstanceOf(IllegalArgumentException.class);
        TrustedPeers peers = new TrustedPeers(List.of("127.0.0.0/8", "::1/128"));
        assertThat(peers.containsLiteral("127.0.0.5")).isTrue();
        assertThat(peers.containsLiteral("[::1]")).isTrue();
        assertThat(peers.containsLiteral("localhost")).isFalse();
        assertThat(peers.containsLiteral("10.0.0.1")).isFalse();
        assertThat(TrustedPeers.isAddressBlock("172.28.53.0/24")).isTrue();
        assertThat(TrustedPeers.isAddressBlock("ep-cscf.ims.example.net")).isFalse();
    }
}
