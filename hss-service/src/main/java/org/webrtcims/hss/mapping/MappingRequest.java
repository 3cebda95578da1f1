package org.webrtcims.hss.mapping;

/** Body of {@code POST /admin/v1/web-identity-mappings} and one item of an import (profile §5.4). */
public record MappingRequest(String wwsfIdentity, String webIdentity, String impu, String subscriptionId,
                             Boolean enabled) {
}
