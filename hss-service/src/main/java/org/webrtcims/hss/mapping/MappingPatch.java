package org.webrtcims.hss.mapping;

/** Body of {@code PATCH /admin/v1/web-identity-mappings/{id}}: what to change; absent fields stay. */
public record MappingPatch(Boolean enabled, String impu) {
}
