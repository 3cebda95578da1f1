package org.webrtcims.cx;

import com.fasterxml.jackson.annotation.JsonInclude;

/** LIA body: the serving S-CSCF, or capabilities for an unregistered user with services. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationInfoAnswer(int resultCode, CxResult result, String serverName,
                                 ServerCapabilities serverCapabilities) {
}
