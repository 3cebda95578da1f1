package org.webrtcims.scscf.regevent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the reg event notifier ({@code scscf.reg-event.*}).
 *
 * @param maxExpires     longest subscription granted; a longer Expires is shortened to it (default 600,000 s, the
 *                       eP-CSCF's request in profile §7.4)
 * @param defaultExpires when the SUBSCRIBE names none (default 3761 s, RFC 3680 §4.4)
 * @param sweepInterval  how often expired subscriptions are removed (default 5 s)
 */
@ConfigurationProperties("scscf.reg-event")
public record RegEventProperties(Duration maxExpires, Duration defaultExpires, Duration sweepInterval) {

    public RegEventProperties {
        maxExpires = maxExpires == null ? Duration.ofSeconds(600_000) : maxExpires;
        defaultExpires = defaultExpires == null ? Duration.ofSeconds(3761) : defaultExpires;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(5) : sweepInterval;
    }
}
