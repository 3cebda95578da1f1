package org.webrtcims.hss.subscription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.webrtcims.identity.IdentityRules;
import org.webrtcims.problem.ApiProblemException;

/** Input rules of the subscription admin API; plain code, answers 400/422 problems. */
final class SubscriptionValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private SubscriptionValidator() {
    }

    static SubscriptionView validate(String id, SubscriptionRequest request) {
        if (!ID.matcher(id).matches()) {
            throw ApiProblemException.unprocessable("INVALID_SUBSCRIPTION_ID",
                    "The subscription id must be 1-128 letters, digits, '.', '_' or '-'.");
        }
        if (request.impus() == null || request.impus().isEmpty()) {
            throw ApiProblemException.badRequest("MISSING_FIELD", "impus is required (at least one).");
        }
        List<SubscriptionView.Impu> impus = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int defaults = 0;
        for (SubscriptionRequest.Impu impu : request.impus()) {
            if (impu == null || impu.identity() == null) {
                throw ApiProblemException.badRequest("MISSING_FIELD", "every impus item needs an identity.");
            }
            if (!IdentityRules.isImpu(impu.identity())) {
                throw ApiProblemException.unprocessable("INVALID_IMPU",
                        "'" + impu.identity() + "' is not a SIP or tel URI.");
            }
            if (!seen.add(impu.identity())) {
                throw ApiProblemException.unprocessable("DUPLICATE_IMPU", impu.identity() + " is listed twice.");
            }
            boolean isDefault = Boolean.TRUE.equals(impu.isDefault());
            defaults += isDefault ? 1 : 0;
            impus.add(new SubscriptionView.Impu(impu.identity(), Boolean.TRUE.equals(impu.barred()), isDefault));
        }
        if (defaults > 1) {
            throw ApiProblemException.unprocessable("MULTIPLE_DEFAULT_IMPUS", "At most one IMPU may be the default.");
        }
        if (defaults == 0) {
            SubscriptionView.Impu first = impus.get(0);
            impus.set(0, new SubscriptionView.Impu(first.impu(), first.barred(), true));
        }
        if (impus.stream().anyMatch(i -> i.isDefault() && i.barred())) {
            throw ApiProblemException.unprocessable("DEFAULT_IMPU_BARRED",
                    "The default IMPU may not be barred (24.229: it heads P-Associated-URI).");
        }
        Set<String> wwsfs = new HashSet<>(request.allowedWwsfs() == null ? List.of() : request.allowedWwsfs());
        for (String wwsf : wwsfs) {
            if (!IdentityRules.isWwsfIdentity(wwsf)) {
                throw ApiProblemException.unprocessable("INVALID_WWSF_IDENTITY",
                        "allowedWwsfs must hold lower-case host names.");
            }
        }
        Set<String> wafs = new HashSet<>(request.allowedWafs() == null ? List.of() : request.allowedWafs());
        for (String waf : wafs) {
            if (!IdentityRules.isWwsfIdentity(waf)) {
                throw ApiProblemException.unprocessable("INVALID_WAF_NAME", "allowedWafs must hold lower-case host "
                        + "names.");
            }
        }
        if (request.privateIdentity() != null
                && !IdentityRules.isQuotableToken(request.privateIdentity(), IdentityRules.MAX_WEB_IDENTITY)) {
            throw ApiProblemException.unprocessable("INVALID_PRIVATE_IDENTITY",
                    "privateIdentity must be printable ASCII without quote or backslash.");
        }
        return new SubscriptionView(id, request.privateIdentity(), request.enabled() == null || request.enabled(),
                impus, wwsfs, wafs);
    }
}
