package org.webrtcims.hss.registration;

/** IMPU registration states of TS 29.228 §6.1. */
public enum RegistrationState {
    NOT_REGISTERED,
    REGISTERED,
    /** Assigned to an S-CSCF for unregistered services (terminating request, or deregistration keeping the name). */
    UNREGISTERED
}
