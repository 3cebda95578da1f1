package org.webrtcims.cx;

import java.util.List;

/**
 * The WWSFs the HSS knows, with the web origins their pages are served from: what an eP-CSCF needs to admit a
 * WebSocket handshake and to tell which WWSF a connection speaks for (profile D3). No credentials in here.
 */
public record WebServerFunctions(List<Item> items) {

    public WebServerFunctions {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One WWSF; a disabled one admits no handshake. */
    public record Item(String wwsfIdentity, List<String> origins, boolean enabled) {
        public Item {
            origins = origins == null ? List.of() : List.copyOf(origins);
        }
    }
}
