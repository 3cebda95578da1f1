package org.webrtcims.webauthproxy.hss;

/**
 * The body of the HSS's {@code POST /admin/v1/notifications/credential-changes} (profile §5.4).
 *
 * @param change {@code UPDATED} (new credential version) or {@code REVOKED}
 */
public record CredentialChange(String wwsfIdentity, String webIdentity, String change) {

    public static final String PATH = "/admin/v1/notifications/credential-changes";
}
