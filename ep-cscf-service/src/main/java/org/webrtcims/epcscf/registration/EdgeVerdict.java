package org.webrtcims.epcscf.registration;

import java.util.List;
import java.util.Map;

/** What the eP-CSCF does with a request from a WIC: answer it itself, or forward it into the core. */
public sealed interface EdgeVerdict {

    /** Answer locally with this status, reason phrase and extra headers. */
    record Reject(int status, String reason, List<Map.Entry<String, String>> headers) implements EdgeVerdict {
        public Reject(int status, String reason) {
            this(status, reason, List.of());
        }
    }

    /** Forward a REGISTER for this web identity (null in D-mode without the D1 header) and WWSF. */
    record Forward(String webIdentity, String wwsf) implements EdgeVerdict {
    }
}
