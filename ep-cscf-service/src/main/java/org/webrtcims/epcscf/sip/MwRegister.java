package org.webrtcims.epcscf.sip;

import java.text.ParseException;
import java.util.ListIterator;

import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

import org.webrtcims.epcscf.registration.EdgeVerdict;
import org.webrtcims.epcscf.registration.MwAuthorization;
import org.webrtcims.epcscf.registration.WebIdentityClaim;
import org.webrtcims.sip.ProxyRules;
import org.webrtcims.sip.SipHeaders;

/**
 * Builds the REGISTER the eP-CSCF sends to the I-CSCF from the WIC's (profile step 2a / 8): the D1 header removed,
 * the D2 Authorization, {@code received} on the WIC's Via (RFC 3261 §18.2.1, its sent-by is a {@code .invalid}
 * name), Path with the flow token and {@code ob} (RFC 3327, RFC 5626 §5.1), {@code Require: path},
 * P-Visited-Network-ID and a new P-Charging-Vector, a Route to the I-CSCF. Whatever the WIC put in headers that
 * only the trust domain may assert is removed first. The eP-CSCF's own Via is added by the caller.
 */
public final class MwRegister {

    /** Headers a WIC must not set: the eP-CSCF asserts them (TS 24.229 §5.2.6.3, trust-domain boundary). */
    private static final String[] UNTRUSTED = {"Route", "Path", "P-Visited-Network-ID", "P-Charging-Vector",
            "P-Charging-Function-Addresses", "P-Asserted-Identity", "P-Preferred-Identity", WebIdentityClaim.HEADER};

    /**
     * @param pathUri         {@code sip:<flow token>@host:port;transport=tcp} of this flow
     * @param icscfUri        the I-CSCF's SIP URI
     * @param receivedAddress the WIC's IP address
     */
    public record Context(String pathUri, String icscfUri, String visitedNetworkId, String chargingVector,
                          String integrityProtected, String receivedAddress) {
    }

    private MwRegister() {
    }

    public static Request build(Request wic, EdgeVerdict.Forward verdict, Context context, HeaderFactory headers,
                                AddressFactory addresses) throws ParseException, InvalidArgumentException, SipException {
        Request copy = (Request) wic.clone();
        Header authorization = copy.getHeader("Authorization");
        for (String name : UNTRUSTED) {
            copy.removeHeader(name);
        }
        String authorizationValue = null;
        if (authorization != null) {
            // D2 (b): the WIC's credentials plus the eP-CSCF's auth-params
            authorizationValue = MwAuthorization.extended(SipHeaders.value(authorization), context.integrityProtected(),
                    verdict.wwsf());
        } else if (verdict.webIdentity() != null) {
            // D2 (a): UE-style initial credentials; realm = WWSF identity (D4)
            authorizationValue = MwAuthorization.initial(verdict.webIdentity(), verdict.wwsf(),
                    copy.getRequestURI().toString(), context.integrityProtected(), verdict.wwsf());
        }
        if (authorizationValue != null) {
            copy.removeHeader("Authorization");
            copy.addHeader(headers.createHeader("Authorization", authorizationValue));
        }
        ViaHeader wicVia = (ViaHeader) copy.getHeader(ViaHeader.NAME);
        wicVia.setReceived(context.receivedAddress());
        ProxyRules.decrementMaxForwards(copy, headers);
        copy.addHeader(headers.createHeader("Path", "<" + context.pathUri() + ";lr;ob>"));
        if (!requires(copy, "path")) {
            copy.addHeader(headers.createRequireHeader("path"));
        }
        copy.addHeader(headers.createHeader("P-Visited-Network-ID", context.visitedNetworkId()));
        copy.addHeader(headers.createHeader("P-Charging-Vector", context.chargingVector()));
        Address icscf = addresses.createAddress(context.icscfUri());
        ((SipURI) icscf.getURI()).setLrParam();
        copy.addFirst(headers.createRouteHeader(icscf));
        return copy;
    }

    private static boolean requires(Request request, String option) {
        ListIterator<?> requires = request.getHeaders("Require");
        while (requires.hasNext()) {
            if (option.equalsIgnoreCase(SipHeaders.value((Header) requires.next()))) {
                return true;
            }
        }
        return false;
    }
}
