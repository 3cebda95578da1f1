package org.webrtcims.epcscf.sip;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Bad input from a WIC is the client's problem, not the server's: it is logged at DEBUG (an attacker must not be able
 * to fill the disk at line rate, issue 11) and counted in {@code epcscf.input.rejected{reason}} so that operators see
 * it in the metrics instead.
 */
public final class MalformedInput {

    /** Why a frame was refused or dropped; the metric's {@code reason} tag is the lower-case name with dashes. */
    public enum Reason {
        /** Invalid UTF-8 (close 1007). */
        INVALID_UTF8,
        /** Larger than {@code epcscf.websocket.max-message-size} (close 1009). */
        TOO_BIG,
        /** Over the per-connection message rate (503, or close 1008 when no 503 can be addressed). */
        RATE_LIMITED,
        /** No request line and no status line: not a SIP message (close 1008). */
        NOT_SIP,
        /** A request no response can be addressed to (close 1008). */
        UNADDRESSABLE,
        /** Start line and addressing headers are there but jain-sip cannot parse the message (400). */
        MALFORMED_MESSAGE,
        /** A header field jain-sip cannot parse (400). */
        MALFORMED_HEADER,
        /** A mandatory header missing or inconsistent (400). */
        MISSING_HEADER,
        /** Passed admission but cannot be turned into the Mw REGISTER (400). */
        UNFORWARDABLE,
        /** A response from the WIC that matches no request (dropped, RFC 3261 §18.1.2). */
        STRAY_RESPONSE,
        /** An ACK that matches no transaction of the edge (dropped, RFC 3261 §17.2.1). */
        STRAY_ACK,
        /** The WIC does not read its messages: the outbound queue is full (close 1008). */
        OUTBOUND_OVERFLOW,
        /** A case no rule foresaw (a bug): answered like malformed input, logged at WARN at most once a minute. */
        UNHANDLED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Logger log = LoggerFactory.getLogger(MalformedInput.class);

    private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    public MalformedInput(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("epcscf.input.rejected").tag("reason", reason.tag())
                    .description("Frames from WICs refused or dropped as malformed, stray or over a limit")
                    .register(registry));
        }
    }

    /** Counts and logs (DEBUG) one refused or dropped frame. */
    public void record(Reason reason, long flowId, String detail) {
        counters.get(reason).increment();
        if (log.isDebugEnabled()) {
            log.debug("Flow {}: {} ({})", flowId, reason.tag(), detail);
        }
    }

    /** A frame no rule foresaw: counted, and logged at WARN at most once a minute (the rest at DEBUG). */
    public void unhandled(long flowId, RuntimeException e) {
        counters.get(Reason.UNHANDLED).increment();
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            log.warn("Flow {}: message not handled (further ones this minute at DEBUG): {}", flowId, e.toString());
        } else {
            log.debug("Flow {}: message not handled: {}", flowId, e.toString());
        }
    }

    public double count(Reason reason) {
        return counters.get(reason).count();
    }
}
