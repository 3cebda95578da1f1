package org.webrtcims.scscf.digest;

import java.text.ParseException;

import gov.nist.javax.sip.address.AddressFactoryImpl;

/**
 * RFC 2617 §3.2.2.5 (kept by RFC 7616 §3.4.6, allowed for SIP by RFC 3261 §22.4): the digest {@code uri} must be
 * the Request-URI. Compared with SIP URI equality (RFC 3261 §19.1.4: scheme and host ignore case, parameters in
 * any order), so a proxy's re-serialisation cannot make a correct answer fail.
 */
public final class DigestUri {

    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();

    private DigestUri() {
    }

    public static boolean matches(String digestUri, String requestUri) {
        if (digestUri == null || requestUri == null) {
            return false;
        }
        if (digestUri.equals(requestUri)) {
            return true;
        }
        try {
            return ADDRESSES.createURI(digestUri.trim()).equals(ADDRESSES.createURI(requestUri.trim()));
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }
}
