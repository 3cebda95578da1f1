package org.webrtcims.hss.wwsf;

import java.util.List;

/** A WWSF as the admin API shows it; the eP-CSCF reads {@code origins} to admit WebSocket handshakes (D3). */
public record WwsfJson(String wwsfIdentity, List<String> origins, String realm, String algorithmPolicy,
                       boolean enabled) {

    static WwsfJson of(WwsfView view) {
        return new WwsfJson(view.identity(), view.origins().stream().sorted().toList(), view.realm(),
                view.algorithmPolicy().token(), view.enabled());
    }
}
