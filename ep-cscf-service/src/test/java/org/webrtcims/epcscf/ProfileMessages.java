package org.webrtcims.epcscf;

/** The profile's example messages (docs/protocol-profile.md §3), as a WIC sends them. */
public final class ProfileMessages {

    /** Step 1: JsSIP's first REGISTER, without credentials. */
    public static final String STEP1 = """
            REGISTER sip:ims.example.net SIP/2.0\r
            Via: SIP/2.0/WSS k3v9q2x7m1p4.invalid;branch=z9hG4bK6170419\r
            Max-Forwards: 69\r
            To: <sip:alice.web@ims.example.net>\r
            From: "Alice" <sip:alice.web@ims.example.net>;tag=a73kszlfl2\r
            Call-ID: 8lq2v0c4k9x1m7d3t5b6ne\r
            CSeq: 1 REGISTER\r
            WebRTC-Web-Identity: "alice@idp.example.com";wwsf="wwsf.example.com"\r
            Contact: <sip:r8t2w6y0@k3v9q2x7m1p4.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:0f6b3e52-6a1d-4c8e-9b7a-2d5c8e1f4a90>";expires=600\r
            Expires: 600\r
            Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY\r
            Supported: path,gruu,outbound\r
            User-Agent: JsSIP 3.10.1\r
            Content-Length: 0\r
            \r
            """;

    private ProfileMessages() {
    }
}
