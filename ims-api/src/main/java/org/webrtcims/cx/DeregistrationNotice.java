package org.webrtcims.cx;

import java.util.List;

/** The HSS's RTR callback body (profile §5.2): the S-CSCF removes the bindings of these IMPUs and answers 204. */
public record DeregistrationNotice(String impi, List<String> impus, DeregistrationReason reason) {
}
