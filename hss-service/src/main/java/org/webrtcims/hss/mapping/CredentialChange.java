package org.webrtcims.hss.mapping;

import org.webrtcims.problem.ApiProblemException;

/**
 * What a credential change means for a registration (pure logic). REVOKED: the user must lose a registration
 * made with the old credential at once — RTR PERMANENT_TERMINATION (TS 29.228 §6.2.1; profile §5.4). UPDATED:
 * nothing here; the next MAR fetches the new vectors, and a registration made with the old password lives
 * until its next refresh, which re-authenticates (no PPR: its auth data are not held by the S-CSCF).
 */
public enum CredentialChange {
    UPDATED(false),
    REVOKED(true);

    private final boolean deregisters;

    CredentialChange(boolean deregisters) {
        this.deregisters = deregisters;
    }

    public boolean deregisters() {
        return deregisters;
    }

    /** @throws ApiProblemException 400 MISSING_FIELD or INVALID_CHANGE */
    public static CredentialChange of(CredentialChangeRequest request) {
        if (request == null || blank(request.wwsfIdentity()) || blank(request.webIdentity())
                || blank(request.change())) {
            throw ApiProblemException.badRequest("MISSING_FIELD", "wwsfIdentity, webIdentity and change are required.");
        }
        for (CredentialChange change : values()) {
            if (change.name().equals(request.change())) {
                return change;
            }
        }
        throw ApiProblemException.badRequest("INVALID_CHANGE", "change is UPDATED or REVOKED.");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
