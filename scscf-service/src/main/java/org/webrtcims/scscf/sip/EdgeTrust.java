package org.webrtcims.scscf.sip;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.webrtcims.sip.TrustedPeers;

/**
 * Which REGISTERs came through a trusted eP-CSCF, and from which WIC address. Plain logic over header values.
 *
 * <p><b>Why the bottom Path entry identifies the eP-CSCF.</b> A REGISTER reaches the S-CSCF only from a trusted
 * peer ({@code scscf.sip.trusted-peers}): the I-CSCF, which itself accepts REGISTERs only from its trusted peers
 * (the eP-CSCFs, TS 24.229 §5.3.1.2) and adds no Path. The eP-CSCF removes every Path the WIC sent and adds its
 * own, {@code <sip:flow-token@advertised-host:port;lr;ob>} (ep-cscf {@code MwRegister}); proxies nearer the
 * registrar would put theirs above it (RFC 3327 §4.2), so the bottom entry is the first hop's. Nobody outside
 * the trust domain can write it: the WIC's Path is stripped at the edge and untrusted senders are refused at
 * the I-CSCF and here. So when that entry names a configured eP-CSCF, its {@code integrity-protected} assertion
 * (profile D2, TS 33.203 Annex P) was made by that eP-CSCF; from any other trusted node (another network's
 * P-CSCF behind the I-CSCF, an operations box inside the trusted blocks) it is ignored.
 */
public final class EdgeTrust {

    /** The host and port of a SIP URI in a name-addr such as {@code <sip:ft@host:port;lr>}. */
    private static final Pattern URI_HOST = Pattern.compile(
            "sips?:(?:[^@<>;]*@)?(\\[[^\\]]+]|[^:;>?\\s]+)(?::(\\d{1,5}))?", Pattern.CASE_INSENSITIVE);

    /** A host and port (0 when absent). */
    public record HostPort(String host, int port) {
    }

    /** One Via: sent-by host and port (0 when absent) and its {@code received} parameter (null when absent). */
    public record Hop(String host, int port, String received) {
    }

    private final TrustedPeers blocks;
    private final Set<String> names;

    /**
     * @param identities host names (case-insensitive; a leading dot, {@code .ep-cscf-headless.ns.svc}, takes every
     *                   host below that domain, e.g. the pods of a StatefulSet) or address blocks of the eP-CSCFs
     */
    public EdgeTrust(List<String> identities) {
        this.blocks = new TrustedPeers(identities.stream().filter(TrustedPeers::isAddressBlock).toList());
        this.names = identities.stream().filter(i -> !TrustedPeers.isAddressBlock(i))
                .map(i -> i.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The host and port of a Path entry, if it is a SIP URI. */
    public static Optional<HostPort> hostOf(String pathEntry) {
        if (pathEntry == null) {
            return Optional.empty();
        }
        Matcher m = URI_HOST.matcher(pathEntry);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
    }

    /** Whether the bottom Path entry (the first hop's) names a trusted eP-CSCF. */
    public boolean viaTrustedEdge(List<String> path) {
        if (path.isEmpty()) {
            return false;
        }
        return hostOf(path.get(path.size() - 1)).map(h -> isEdgeHost(h.host())).orElse(false);
    }

    boolean isEdgeHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return names.contains(lower) || blocks.containsLiteral(host)
                || names.stream().anyMatch(n -> n.startsWith(".") && lower.endsWith(n) && lower.length() > n.length());
    }

    /**
     * The WIC's address as the eP-CSCF saw it: the eP-CSCF writes {@code received} (RFC 3261 §18.2.1) into the
     * WIC's Via, the one right below its own Via, whose sent-by is the host:port of its Path entry. Vias a WIC
     * put below its own are never read. Without such a Via (a request that did not come through an eP-CSCF)
     * it is the bottom Via's {@code received}, else its host.
     *
     * @param vias the Via headers, top first
     * @param path the Path entries, top first
     */
    public static String wicAddress(List<Hop> vias, List<String> path) {
        if (vias.isEmpty()) {
            return "unknown";
        }
        Optional<HostPort> edge = path.isEmpty() ? Optional.empty() : hostOf(path.get(path.size() - 1));
        if (edge.isPresent()) {
            for (int i = 0; i + 1 < vias.size(); i++) {
                Hop hop = vias.get(i);
                if (hop.host().equalsIgnoreCase(edge.get().host()) && hop.port() == edge.get().port()) {
                    return addressOf(vias.get(i + 1));
                }
            }
        }
        return addressOf(vias.get(vias.size() - 1));
    }

    private static String addressOf(Hop hop) {
        String address = hop.received() != null && !hop.received().isBlank() ? hop.received() : hop.host();
        // a bounded key for the lockout table
        return address.length() > 64 ? address.substring(0, 64) : address.toLowerCase(Locale.ROOT);
    }
}
