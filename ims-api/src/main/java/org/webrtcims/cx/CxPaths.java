package org.webrtcims.cx;

/** Paths of the HSS Cx-like API (profile §5.2; shaped like TS 29.562 Nhss, D10). Identities are percent-encoded. */
public final class CxPaths {

    /** UAR: {@code POST}, body {@link UserAuthorizationRequest}. */
    public static final String AUTHORIZE = "/cx/v1/impus/{impu}/authorize";
    /** MAR: {@code POST}, body {@link MultimediaAuthRequest}. */
    public static final String AUTH_DATA = "/cx/v1/impis/{impi}/auth-data";
    /** SAR: {@code PUT}, body {@link ServerAssignmentRequest}. */
    public static final String SCSCF_REGISTRATION = "/cx/v1/impus/{impu}/scscf-registration";
    /** LIR: {@code GET ?originating=&authorizationType=}. */
    public static final String LOCATION = "/cx/v1/impus/{impu}/location";
    /** The WWSFs and their web origins, for the eP-CSCF's Origin check: {@code GET}, {@link WebServerFunctions}. */
    public static final String WWSFS = "/cx/v1/wwsfs";
    /** RTR callback on the S-CSCF: {@code POST}, body {@link DeregistrationNotice}. */
    public static final String DEREGISTRATIONS = "/cx-notify/v1/deregistrations";

    private CxPaths() {
    }
}
