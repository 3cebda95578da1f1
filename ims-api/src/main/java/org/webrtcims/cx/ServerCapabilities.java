package org.webrtcims.cx;

import java.util.List;

/** Server-Capabilities (TS 29.229 §6.3.6) with the S-CSCF names the HSS steers to (29.228 §6.7). */
public record ServerCapabilities(List<Integer> mandatory, List<Integer> optional, List<String> serverNames) {
}
