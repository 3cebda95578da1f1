package org.webrtcims.webauthproxy.credential;

import java.time.OffsetDateTime;

/**
 * What an upsert did to one credential.
 *
 * @param storedVersion the version stored after the write (for STALE: the newer or equal one that stays)
 */
public record WriteOutcome(CredentialKey key, Kind kind, long storedVersion, Long previousVersion,
                           OffsetDateTime syncedAt) {

    public enum Kind {
        /** No credential existed: stored. */
        CREATED,
        /** An older version existed: replaced. */
        UPDATED,
        /** The same version with the same content exists: nothing to do (a retried PUT). */
        UNCHANGED,
        /** The stored version is newer, or equal with other content: refused with 409. */
        STALE
    }
}
