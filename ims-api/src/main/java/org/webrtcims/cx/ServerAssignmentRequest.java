package org.webrtcims.cx;

/** SAR body (profile §5.2). */
public record ServerAssignmentRequest(String impi, String serverName, ServerAssignmentType assignmentType,
                                      Boolean userDataAlreadyAvailable, String wwsfIdentity) {
}
