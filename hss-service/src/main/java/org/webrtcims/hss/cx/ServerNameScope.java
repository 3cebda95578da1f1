package org.webrtcims.hss.cx;

import org.springframework.http.HttpStatus;
import org.webrtcims.auth.ApiClient;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.problem.ApiProblemException;

/**
 * An S-CSCF's credential names the Server-Names it may use (its {@code api-auth} scopes): a MAR or SAR under any
 * other {@code serverName} is refused before it can read H(A1) or pin a registration to a foreign host
 * (issue 11, finding 2; TS 29.228 §6.3.4 Server-Name is the S-CSCF's own SIP URI).
 */
final class ServerNameScope {

    static final String CAUSE = "SERVER_NAME_NOT_ALLOWED";

    private ServerNameScope() {
    }

    static boolean permits(ApiClient client, String serverName) {
        return client.role() == ApiRole.S_CSCF && serverName != null && client.hasScope(serverName);
    }

    /** @throws ApiProblemException 403 {@code SERVER_NAME_NOT_ALLOWED} unless {@link #permits} */
    static void require(ApiClient client, String serverName) {
        if (!permits(client, serverName)) {
            throw new ApiProblemException(HttpStatus.FORBIDDEN, CAUSE,
                    "This credential may not act under the serverName of the request.");
        }
    }
}
