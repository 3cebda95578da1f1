package org.webrtcims.av;

/** One digest vector on the wire: {@code {"algorithm":"MD5","ha1":"…"}} (profile §5.3, §5.4). */
public record DigestVector(String algorithm, String ha1) {

    /** Never prints the H(A1): records would otherwise put it into every log line that shows them. */
    @Override
    public String toString() {
        return "DigestVector[" + algorithm + ", ha1=<redacted>]";
    }
}
