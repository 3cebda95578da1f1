package org.webrtcims.auth;

/** The kinds of caller the REST APIs know (profile "Security of the REST APIs"). */
public enum ApiRole {
    /** Operators: provisioning and administration. */
    ADMIN,
    /** Another node of the core (HSS → proxy, CSCF → HSS). */
    INTERNAL,
    /** A third-party web authentication service pushing credentials, scoped to its WWSFs. */
    SYNC
}
