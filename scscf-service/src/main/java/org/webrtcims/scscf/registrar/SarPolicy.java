package org.webrtcims.scscf.registrar;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a successful REGISTER needs SAR (TS 29.228 §6.1.2, profile §7.1 D11). An initial registration always
 * does (REGISTRATION; the HSS returns the profile and the allowed WWSFs). A refresh of an IMPU this S-CSCF already
 * serves changes nothing at the HSS: the HSS keeps it registered here until this S-CSCF de-registers it (MAR left
 * the state as it was), so the profile's rate limit applies: no SAR RE_REGISTRATION when a binding of the same
 * private identity and WWSF got its SAR answer within {@code interval}; its P-Associated-URIs are reused. A refresh
 * from another WWSF is checked against the HSS's allowed list again (33.203 X.3), so it sends SAR. Plain.
 */
public final class SarPolicy {

    private SarPolicy() {
    }

    /**
     * @param existing this S-CSCF's bindings of the IMPU, as read with the challenge
     * @return the binding whose recent SAR covers this refresh, or empty when SAR must be sent
     */
    public static Optional<Binding> coveringSar(List<Binding> existing, String impi, String wwsfIdentity,
                                                Instant now, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return Optional.empty();
        }
        Instant since = now.minus(interval);
        return existing.stream()
                .filter(b -> b.sarAt() != null && b.sarAt().isAfter(since) && !b.sarAt().isAfter(now))
                .filter(b -> b.impi().equals(impi) && Objects.equals(b.wwsfIdentity(), wwsfIdentity))
                .max(Comparator.comparing(Binding::sarAt));
    }
}
