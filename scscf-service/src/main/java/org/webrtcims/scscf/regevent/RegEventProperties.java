package org.webrtcims.scscf.regevent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the reg event notifier ({@code scscf.reg-event.*}).
 *
 * @param maxExpires     longest subscription granted; a longer Expires is shortened to it (the default is the
 *                       eP-CSCF's request in profile §7.4)
 * @param defaultExpires when the SUBSCRIBE names none (RFC 3680 §4.4)
 * @param sweepInterval  how often expired subscriptions are removed (with a last NOTIFY, reason=timeout)
 */
@ConfigurationProperties("scscf.reg-event")
public record RegEventProperties(@DefaultValue("600000s") Duration maxExpires,
                                 @DefaultValue("3761s") Duration defaultExpires,
                                 @DefaultValue("5s") Duration sweepInterval) {
}
