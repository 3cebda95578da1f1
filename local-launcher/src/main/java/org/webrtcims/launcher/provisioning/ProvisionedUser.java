package org.webrtcims.launcher.provisioning;

import java.util.List;

/**
 * A user that is provisioned in the HSS (WWSF, subscription, mapping) and whose H(A1)s are synced to the proxy:
 * what a WIC needs to register.
 *
 * @param wwsf        WWSF identity and digest realm
 * @param webIdentity web identity (digest username)
 * @param impu        IMPU to register (From/To)
 * @param telAlias    tel alias in the same subscription, or null
 * @param password    web password the WIC computes the digest with
 * @param origins     web origins accepted for the WWSF
 */
public record ProvisionedUser(String wwsf, String webIdentity, String impu, String telAlias, String password,
                              List<String> origins) {

    public ProvisionedUser {
        origins = List.copyOf(origins);
    }

    /** The Origin a WIC served from this machine sends (the first of {@link #origins()}). */
    public String origin() {
        return origins.get(0);
    }

    // Rule: a password is a secret in general (the demo one is printed on purpose, by the launcher only).
    @Override
    public String toString() {
        return "ProvisionedUser[" + webIdentity + " at " + wwsf + " → " + impu + ", password=<redacted>]";
    }
}
