package org.webrtcims.cx;

import com.fasterxml.jackson.annotation.JsonInclude;

/** UAA body: FIRST_REGISTRATION with capabilities, or SUBSEQUENT_REGISTRATION / SUCCESS with a server name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserAuthorizationAnswer(int resultCode, CxResult result, String serverName,
                                      ServerCapabilities serverCapabilities) {
}
