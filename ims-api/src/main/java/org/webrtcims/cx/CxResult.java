package org.webrtcims.cx;

/** Successful Cx results carried in answer bodies as {@code resultCode} + {@code result} (profile §5.1). */
public enum CxResult {
    DIAMETER_FIRST_REGISTRATION(2001),
    DIAMETER_SUBSEQUENT_REGISTRATION(2002),
    DIAMETER_UNREGISTERED_SERVICE(2003),
    DIAMETER_SUCCESS(2001),
    DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED(2004);

    private final int code;

    CxResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
