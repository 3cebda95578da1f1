package org.webrtcims.scscf.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Profile D7: HMAC-protected, timestamped, bound to Call-ID and identities. */
class NonceServiceTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] OLD_KEY = "fedcba9876543210fedcba9876543210".getBytes();

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(List.of(KEY), Duration.ofSeconds(240), clock);

    @Test
    void freshNonceIsValidForItsCallIdAndIdentities() {
        String nonce = nonces.create("wwsf.example.com", "alice@idp", "sip:alice@ims", "call-1");
        assertThat(nonce).hasSizeGreaterThanOrEqualTo(48);
        assertThat(nonces.check(nonce, "wwsf.example.com", "alice@idp", "sip:alice@ims", "call-1"))
                .isEqualTo(NonceService.Check.VALID);
    }

    @Test
    void otherCallIdOrIdentityMakesItForged() {
        String nonce = nonces.create("wwsf.example.com", "alice@idp", "sip:alice@ims", "call-1");
        assertThat(nonces.check(nonce, "wwsf.example.com", "alice@idp", "sip:alice@ims", "call-2"))
                .isEqualTo(NonceService.Check.FORGED);
        assertThat(nonces.check(nonce, "wwsf.example.com", "mallory@idp", "sip:alice@ims", "call-1"))
                .isEqualTo(NonceService.Check.FORGED);
        assertThat(nonces.check("not-a-nonce!", "wwsf.example.com", "alice@idp", "sip:alice@ims", "call-1"))
                .isEqualTo(NonceService.Check.FORGED);
    }

    @Test
    void nonceOlderThanRegAwaitAuthIsExpired() {
        String nonce = nonces.create("r", "i", "u", "c");
        clock.advance(Duration.ofSeconds(241));
        assertThat(nonces.check(nonce, "r", "i", "u", "c")).isEqualTo(NonceService.Check.EXPIRED);
    }

    @Test
    void nonceOfThePreviousKeyStaysValidDuringRotation() {
        String old = new NonceService(List.of(OLD_KEY), Duration.ofSeconds(240), clock).create("r", "i", "u", "c");
        NonceService rotated = new NonceService(List.of(KEY, OLD_KEY), Duration.ofSeconds(240), clock);
        assertThat(rotated.check(old, "r", "i", "u", "c")).isEqualTo(NonceService.Check.VALID);
        assertThat(nonces.check(old, "r", "i", "u", "c")).isEqualTo(NonceService.Check.FORGED);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
