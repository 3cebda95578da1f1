package org.webrtcims.ports;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An inclusive range of port numbers.
 *
 * @param first lowest port of the range
 * @param last  highest port of the range
 */
public record PortRange(int first, int last) {

    /** Where Linux says its ephemeral range is. */
    static final Path LINUX_EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** The dynamic/private ports of RFC 6335 §6, the ephemeral range of most other systems. */
    static final PortRange IANA_DYNAMIC = new PortRange(49_152, 65_535);

    /** Below this, ports belong to well-known local services (a local run of the core uses 5060–5064, 8090–8094). */
    static final int LOWEST_CANDIDATE = 10_000;

    /** A range narrower than this is not worth picking from. */
    static final int MIN_CANDIDATES = 1_000;

    public PortRange {
        if (first < 1 || last > 65_535 || first > last) {
            throw new IllegalArgumentException("Not a port range: " + first + "-" + last);
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /** The kernel's ephemeral range: Linux's setting when readable, else the IANA dynamic range. */
    public static PortRange ephemeral() {
        // line by line: /proc files report size 0, and Files.readString/readAllBytes returned "3" for this one
        // on the build machine (JDK 17), which silently fell back to the IANA range
        try (BufferedReader reader = Files.newBufferedReader(LINUX_EPHEMERAL_RANGE)) {
            return parseLinux(String.valueOf(reader.readLine()));
        } catch (IOException | RuntimeException e) {
            return IANA_DYNAMIC;
        }
    }

    /** {@code "32768\t60999\n"}, the format of {@code ip_local_port_range}. */
    static PortRange parseLinux(String text) {
        String[] bounds = text.trim().split("\\s+");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("Not an ip_local_port_range: " + text);
        }
        return new PortRange(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]));
    }

    /**
     * Where to pick listening ports so that no implicit bind (an outgoing connection's local port, another
     * program's port 0) can take them: below the ephemeral range if there is room there, else above it.
     *
     * @throws IllegalStateException if the ephemeral range leaves too little room on both sides
     */
    public static PortRange candidatesOutside(PortRange ephemeral) {
        if (ephemeral.first - LOWEST_CANDIDATE >= MIN_CANDIDATES) {
            return new PortRange(LOWEST_CANDIDATE, ephemeral.first - 1);
        }
        if (65_535 - ephemeral.last >= MIN_CANDIDATES) {
            return new PortRange(Math.max(LOWEST_CANDIDATE, ephemeral.last + 1), 65_535);
        }
        throw new IllegalStateException("The ephemeral port range " + ephemeral.first + "-" + ephemeral.last
                + " leaves fewer than " + MIN_CANDIDATES + " ports outside it above " + LOWEST_CANDIDATE);
    }
}
