package org.webrtcims.epcscf.wwsf;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.webrtcims.cx.WebServerFunctions;
import org.webrtcims.epcscf.config.EpCscfProperties;

/**
 * Web origin → WWSF identity (D3: the handshake's {@code Origin} is the authoritative source of the WWSF).
 * Origins compare as RFC 6454 serializations, case-insensitively; disabled WWSFs admit nobody.
 */
public final class OriginAllowList {

    private final Map<String, String> wwsfByOrigin;

    private OriginAllowList(Map<String, String> wwsfByOrigin) {
        this.wwsfByOrigin = Map.copyOf(wwsfByOrigin);
    }

    public static OriginAllowList of(WebServerFunctions functions) {
        Map<String, String> map = new HashMap<>();
        for (WebServerFunctions.Item item : functions.items()) {
            if (item.enabled()) {
                item.origins().forEach(o -> map.putIfAbsent(normalize(o), item.wwsfIdentity()));
            }
        }
        return new OriginAllowList(map);
    }

    public static OriginAllowList ofStatic(List<EpCscfProperties.StaticWwsf> wwsfs) {
        Map<String, String> map = new HashMap<>();
        for (EpCscfProperties.StaticWwsf wwsf : wwsfs) {
            wwsf.origins().forEach(o -> map.putIfAbsent(normalize(o), wwsf.identity()));
        }
        return new OriginAllowList(map);
    }

    public Optional<String> wwsfFor(String origin) {
        return origin == null ? Optional.empty() : Optional.ofNullable(wwsfByOrigin.get(normalize(origin)));
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
