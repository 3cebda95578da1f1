package org.webrtcims.cx;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** SAA body (profile §5.2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerAssignmentAnswer(int resultCode, CxResult result, String impi, UserProfile userProfile,
                                     AllowedWafWwsfIdentities allowedWafWwsfIdentities,
                                     List<String> associatedIdentities) {
}
