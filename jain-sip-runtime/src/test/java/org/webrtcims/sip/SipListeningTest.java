package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SipListeningTest {

    @Test
    void unsetSettingsResolveToTheSharedDefaultsAndTheNodesOwnPort() {
        SipListening resolved = SipListening.unset().resolve(5064);
        assertThat(resolved).isEqualTo(new SipListening("0.0.0.0", 5064, List.of("tcp"), "127.0.0.1", 8, 65_536,
                Duration.ofMillis(500), List.of()));
        assertThat(resolved.stackSettings("epcscf")).isEqualTo(
                new SipStackSettings("epcscf-5064", "0.0.0.0", 5064, List.of("tcp"), 8, 65_536));
    }

    @Test
    void configuredValuesWinAndTheAdvertisedHostFollowsASpecificBindAddress() {
        SipListening configured = new SipListening("10.0.0.5", 5070, List.of("tcp", "udp"), " ", 4, 100_000,
                Duration.ofMillis(100), List.of("icscf.ims.svc"));
        SipListening resolved = configured.resolve(5060, 1_000);
        assertThat(resolved.port()).isEqualTo(5070);
        assertThat(resolved.advertisedHost()).as("blank means unset").isEqualTo("10.0.0.5");
        assertThat(resolved.maxMessageSize()).isEqualTo(100_000);
        assertThat(resolved.aliases()).containsExactly("icscf.ims.svc");
        assertThat(new SipListening(null, null, null, "icscf", null, null, null, null).resolve(5060)
                .advertisedHost()).isEqualTo("icscf");
        assertThat(SipListening.unset().resolve(5064, 4_096).maxMessageSize()).isEqualTo(4_096);
    }

    @Test
    void aStackStartsOnlyFromResolvedSettings() {
        assertThatThrownBy(() -> SipListening.unset().stackSettings("icscf"))
                .isInstanceOf(IllegalStateException.class);
    }
}
