package org.webrtcims.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

class PortRangeTest {

    @Test
    void readsLinuxIpLocalPortRange() {
        assertThat(PortRange.parseLinux("32768\t60999\n")).isEqualTo(new PortRange(32_768, 60_999));
    }

    @Test
    void theKernelsOwnSettingIsUsedWhereThereIsOneElseTheIanaRange() throws IOException {
        // on Linux the file's content (read another way than PortRange reads it), elsewhere RFC 6335 §6
        PortRange expected = Files.isReadable(PortRange.LINUX_EPHEMERAL_RANGE)
                ? PortRange.parseLinux(Files.readAllLines(PortRange.LINUX_EPHEMERAL_RANGE).get(0))
                : PortRange.IANA_DYNAMIC;
        assertThat(PortRange.ephemeral()).isEqualTo(expected);
    }

    @Test
    void candidatesLieBelowLinuxDefaultEphemeralRange() {
        assertThat(PortRange.candidatesOutside(new PortRange(32_768, 60_999))).isEqualTo(new PortRange(10_000, 32_767));
    }

    @Test
    void candidatesLieAboveAnEphemeralRangeThatStartsLow() {
        // e.g. ip_local_port_range "1024 40000"
        assertThat(PortRange.candidatesOutside(new PortRange(1_024, 40_000))).isEqualTo(new PortRange(40_001, 65_535));
    }

    @Test
    void candidatesBelowTheIanaDynamicRangeOnOtherSystems() {
        // RFC 6335 §6: dynamic ports 49152-65535
        assertThat(PortRange.candidatesOutside(PortRange.IANA_DYNAMIC)).isEqualTo(new PortRange(10_000, 49_151));
    }

    @Test
    void anEphemeralRangeCoveringAlmostEverythingIsRefusedWithTheRangeNamed() {
        assertThatThrownBy(() -> PortRange.candidatesOutside(new PortRange(1_024, 65_000)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1024-65000");
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThatThrownBy(() -> new PortRange(2_000, 1_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
