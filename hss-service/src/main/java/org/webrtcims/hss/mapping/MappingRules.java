package org.webrtcims.hss.mapping;

import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.WwsfView;
import org.webrtcims.identity.IdentityRules;
import org.webrtcims.problem.ApiProblemException;

/**
 * Whether a mapping may exist (profile §5.4): fields present (400), identities well-formed, WWSF and
 * subscription known, IMPU in the subscription, WWSF allowed for it (422). Plain code.
 */
final class MappingRules {

    private MappingRules() {
    }

    static void checkFields(MappingRequest request) {
        ApiProblemException.requireField(request.wwsfIdentity(), "wwsfIdentity");
        ApiProblemException.requireField(request.webIdentity(), "webIdentity");
        ApiProblemException.requireField(request.impu(), "impu");
        ApiProblemException.requireField(request.subscriptionId(), "subscriptionId");
        if (!IdentityRules.isWwsfIdentity(request.wwsfIdentity())) {
            throw ApiProblemException.unprocessable("INVALID_WWSF_IDENTITY", "wwsfIdentity must be a lower-case host "
                    + "name.");
        }
        if (!IdentityRules.isWebIdentity(request.webIdentity())) {
            throw ApiProblemException.unprocessable("INVALID_WEB_IDENTITY", "webIdentity must be 1-"
                    + IdentityRules.MAX_WEB_IDENTITY + " printable ASCII characters without quote or backslash.");
        }
        if (!IdentityRules.isImpu(request.impu())) {
            throw ApiProblemException.unprocessable("INVALID_IMPU", "impu must be a SIP or tel URI.");
        }
    }

    static void checkReferences(String wwsfIdentity, String impu, WwsfView wwsf, SubscriptionView subscription) {
        if (wwsf == null) {
            throw ApiProblemException.unprocessable("WWSF_UNKNOWN", "No WWSF " + wwsfIdentity + " is provisioned.");
        }
        if (subscription == null) {
            throw ApiProblemException.unprocessable("SUBSCRIPTION_UNKNOWN", "No such subscription.");
        }
        if (subscription.impu(impu).isEmpty()) {
            throw ApiProblemException.unprocessable("IMPU_NOT_IN_SUBSCRIPTION",
                    impu + " is not a public identity of subscription " + subscription.id() + ".");
        }
        if (!subscription.allowedWwsfs().contains(wwsfIdentity)) {
            throw ApiProblemException.unprocessable("WWSF_NOT_ALLOWED_FOR_SUBSCRIPTION",
                    "Add " + wwsfIdentity + " to the subscription's allowedWwsfs first.");
        }
    }
}
