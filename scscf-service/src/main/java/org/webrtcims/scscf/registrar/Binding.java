package org.webrtcims.scscf.registrar;

import java.time.Instant;
import java.util.List;

/**
 * One registered contact of an IMPU (RFC 3261 §10, RFC 5626 flow: instance + reg-id).
 *
 * @param contactParams the Contact parameters other than {@code expires}, as received (without leading ';')
 * @param path          the Path header values in order
 * @param owner         the Server-Name of the S-CSCF that registered it and sweeps it (S-CSCFs share the
 *                      database); set by {@link RegistrationStore#register}
 * @param sarAt         when the HSS last assigned the IMPU to this S-CSCF for this binding's registration (SAR
 *                      answered), or null when not known; see {@link SarPolicy}
 */
public record Binding(String impu, String impi, String contactUri, String contactParams, String instanceId,
                      Integer regId, List<String> path, String callId, long cseq, String wwsfIdentity,
                      List<String> associatedUris, Instant expiresAt, String owner, Instant sarAt) {

    public Binding {
        path = List.copyOf(path);
        associatedUris = List.copyOf(associatedUris);
    }

    /** A binding whose last SAR is not known. */
    public Binding(String impu, String impi, String contactUri, String contactParams, String instanceId,
                   Integer regId, List<String> path, String callId, long cseq, String wwsfIdentity,
                   List<String> associatedUris, Instant expiresAt, String owner) {
        this(impu, impi, contactUri, contactParams, instanceId, regId, path, callId, cseq, wwsfIdentity,
                associatedUris, expiresAt, owner, null);
    }
}
