package org.webrtcims.epcscf.registration;

import java.util.Optional;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/** The RFC 3261 §8.1.1 mandatory header fields of a request from a WIC; a missing one → 400 (profile §6 row 2). */
public final class SipSyntax {

    private SipSyntax() {
    }

    public static Optional<EdgeVerdict.Reject> check(Request request) {
        String[] mandatory = {ViaHeader.NAME, FromHeader.NAME, ToHeader.NAME, CallIdHeader.NAME, CSeqHeader.NAME,
                MaxForwardsHeader.NAME};
        for (String name : mandatory) {
            if (request.getHeader(name) == null) {
                return Optional.of(new EdgeVerdict.Reject(400, "Bad Request - Missing or malformed " + name));
            }
        }
        if (!RegisterAdmission.cseqMatches(request)) {
            return Optional.of(new EdgeVerdict.Reject(400, "Bad Request - CSeq method does not match"));
        }
        String fromTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
        if (fromTag == null || fromTag.isBlank()) {
            // RFC 3261 §8.1.1.3: the From tag is mandatory; §25.1: tag-param = "tag" EQUAL token (jain-sip also
            // reads a valueless ";tag" as a tag, which a next hop cannot echo: bench/fuzz)
            return Optional.of(new EdgeVerdict.Reject(400, "Bad Request - From without tag"));
        }
        return Optional.empty();
    }
}
