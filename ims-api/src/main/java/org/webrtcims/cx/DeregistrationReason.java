package org.webrtcims.cx;

/** Deregistration-Reason of RTR (TS 29.229 §6.3.17). */
public record DeregistrationReason(Code code, String info) {

    public enum Code {
        PERMANENT_TERMINATION,
        NEW_SERVER_ASSIGNED,
        SERVER_CHANGE,
        REMOVE_S_CSCF
    }
}
