package org.webrtcims.scscf.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** When a successful REGISTER sends SAR (TS 29.228 §6.1.2, profile §7.1 D11, 33.203 X.3). */
class SarPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static Binding binding(String impi, String wwsf, Instant sarAt) {
        return new Binding(FakeHssCx.IMPU, impi, "sip:c1@h", "", null, null, List.of(), "call-1", 1, wwsf,
                List.of(FakeHssCx.IMPU), NOW.plusSeconds(600), "me", sarAt);
    }

    @Test
    void initialRegistrationSendsSar() {
        assertThat(SarPolicy.coveringSar(List.of(), FakeHssCx.IMPI, FakeHssCx.REALM, NOW, HOUR)).isEmpty();
    }

    @Test
    void refreshWithinTheIntervalOfTheLastSarSendsNoSarRegistration() {
        Binding recent = binding(FakeHssCx.IMPI, FakeHssCx.REALM, NOW.minusSeconds(600));
        Binding older = binding(FakeHssCx.IMPI, FakeHssCx.REALM, NOW.minusSeconds(1200));
        assertThat(SarPolicy.coveringSar(List.of(older, recent), FakeHssCx.IMPI, FakeHssCx.REALM, NOW, HOUR))
                .contains(recent);
    }

    @Test
    void refreshAfterTheIntervalSendsSarReRegistration() {
        Binding old = binding(FakeHssCx.IMPI, FakeHssCx.REALM, NOW.minus(HOUR).minusSeconds(1));
        assertThat(SarPolicy.coveringSar(List.of(old), FakeHssCx.IMPI, FakeHssCx.REALM, NOW, HOUR)).isEmpty();
    }

    @Test
    void refreshFromAnotherWwsfSendsSarSoTheAllowedListIsCheckedAgain() {
        // 33.203 X.3: the SAA's allowed WWSFs decide for each WWSF
        Binding recent = binding(FakeHssCx.IMPI, "other-wwsf.example.org", NOW.minusSeconds(60));
        assertThat(SarPolicy.coveringSar(List.of(recent), FakeHssCx.IMPI, FakeHssCx.REALM, NOW, HOUR)).isEmpty();
    }

    @Test
    void refreshByAnotherPrivateIdentitySendsSar() {
        Binding recent = binding("bob@idp.example.com", FakeHssCx.REALM, NOW.minusSeconds(60));
        assertThat(SarPolicy.coveringSar(List.of(recent), FakeHssCx.IMPI, FakeHssCx.REALM, NOW, HOUR)).isEmpty();
    }

    @Test
    void bindingWithoutAKnownSarOrAZeroIntervalSendsSar() {
        assertThat(SarPolicy.coveringSar(List.of(binding(FakeHssCx.IMPI, FakeHssCx.REALM, null)), FakeHssCx.IMPI,
                FakeHssCx.REALM, NOW, HOUR)).isEmpty();
        assertThat(SarPolicy.coveringSar(List.of(binding(FakeHssCx.IMPI, FakeHssCx.REALM, NOW.minusSeconds(1))),
                FakeHssCx.IMPI, FakeHssCx.REALM, NOW, Duration.ZERO)).isEmpty();
    }
}
