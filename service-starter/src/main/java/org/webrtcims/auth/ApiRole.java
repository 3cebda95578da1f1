package org.webrtcims.auth;

/**
 * The kinds of caller the REST APIs know (profile "Security of the REST APIs"; docs/security.md): one role per
 * caller, so that each credential opens only what that caller needs (issue 11, finding 2).
 */
public enum ApiRole {
    /** Operators: provisioning and administration; never Cx nor the vector fetch. */
    ADMIN,
    /** A third-party web authentication service pushing credentials, scoped to the WWSFs it lists. */
    SYNC,
    /** An eP-CSCF: reads the WWSF list at the HSS. */
    EP_CSCF,
    /** An I-CSCF: UAR and LIR at the HSS. */
    I_CSCF,
    /** An S-CSCF: MAR and SAR at the HSS, only under the Server-Names its credential lists as scopes. */
    S_CSCF,
    /** The HSS: fetches digest vectors at the proxy, sends RTR/PPR to the S-CSCFs. */
    HSS,
    /** The web-auth proxy: notifies the HSS of credential changes (profile §5.4). */
    WEB_AUTH_PROXY;

    /** A node of the IMS core calling another one (every role but the people-facing ADMIN and SYNC). */
    public boolean networkElement() {
        return this != ADMIN && this != SYNC;
    }
}
