package org.webrtcims.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Address blocks in CIDR notation (or single addresses); a CSCF accepts SIP only from these (TS 24.229 §5.3.1.2
 * for the I-CSCF, and the S-CSCF's trust domain). Entries must be IP literals: nothing here resolves a name.
 */
public final class TrustedPeers {

    /** An IPv4 or IPv6 literal, optionally with a prefix length: never a name (no DNS lookup). */
    private static final Pattern ADDRESS_BLOCK = Pattern.compile("[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(/\\d{1,3})?");

    private record Block(byte[] network, int prefix) {
    }

    private final List<Block> blocks;

    public TrustedPeers(List<String> cidrs) {
        this.blocks = cidrs.stream().map(TrustedPeers::parse).toList();
    }

    /** True when {@code text} is an IP literal or an address block (and so no host name). */
    public static boolean isAddressBlock(String text) {
        return text != null && ADDRESS_BLOCK.matcher(text.trim()).matches();
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Block block : blocks) {
            if (block.network().length == bytes.length && matches(block, bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an IP literal (e.g. a Via or Path host, brackets allowed) lies in a block; false for a name. */
    public boolean containsLiteral(String host) {
        if (host == null) {
            return false;
        }
        String literal = host.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!isAddressBlock(literal) || literal.contains("/")) {
            return false;
        }
        try {
            return contains(InetAddress.getByName(literal)); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean matches(Block block, byte[] bytes) {
        int full = block.prefix() / 8;
        int rest = block.prefix() % 8;
        for (int i = 0; i < full; i++) {
            if (block.network()[i] != bytes[i]) {
                return false;
            }
        }
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (block.network()[full] & mask) == (bytes[full] & mask);
    }

    private static Block parse(String cidr) {
        if (!isAddressBlock(cidr)) {
            throw new IllegalArgumentException("trusted peer '" + cidr + "' is not an address block");
        }
        String[] parts = cidr.trim().split("/");
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix in trusted peer " + cidr);
            }
            return new Block(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("trusted peer '" + cidr + "' is not an address block", e);
        }
    }
}
