package org.webrtcims.epcscf.registration;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * P-Charging-Vector values of new requests (RFC 7315 §4.6, TS 24.229 §7.2A.5): a unique {@code icid-value} per
 * request ({@code <node>.<epoch seconds>.<counter>}) and {@code orig-ioi} = the home network.
 */
public final class ChargingVectors {

    private final String node;
    private final String network;
    private final LongSupplier epochSeconds;
    private final AtomicLong counter = new AtomicLong();

    public ChargingVectors(String node, String network, LongSupplier epochSeconds) {
        this.node = node;
        this.network = network;
        this.epochSeconds = epochSeconds;
    }

    public String next() {
        return "icid-value=\"" + node + "." + epochSeconds.getAsLong() + "." + String.format("%06d",
                counter.incrementAndGet() % 1_000_000) + "\";orig-ioi=" + network;
    }
}
