package org.webrtcims.cx;

import java.util.List;

/** Allowed-WAF-WWSF-Identities (TS 29.229 AVP 656; 33.203 X.3): the S-CSCF checks the registering WWSF. */
public record AllowedWafWwsfIdentities(List<String> webrtcAuthenticationFunctionNames,
                                       List<String> webrtcWebServerFunctionNames) {
}
