package org.webrtcims.icscf.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Address blocks in CIDR notation; the I-CSCF accepts REGISTERs only from these (TS 24.229 §5.3.1.2). */
public final class TrustedPeers {

    private record Block(byte[] network, int prefix) {
    }

    private final List<Block> blocks;

    public TrustedPeers(List<String> cidrs) {
        this.blocks = cidrs.stream().map(TrustedPeers::parse).toList();
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
