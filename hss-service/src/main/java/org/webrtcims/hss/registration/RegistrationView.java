package org.webrtcims.hss.registration;

/** The registration state of one IMPU (TS 29.228 §6.1, §6.3: server name and authentication-pending flag). */
public record RegistrationView(String impu, RegistrationState state, String scscfName, String privateIdentity,
                               boolean authPending) {

    public static RegistrationView notRegistered(String impu) {
        return new RegistrationView(impu, RegistrationState.NOT_REGISTERED, null, null, false);
    }

    public boolean hasServer() {
        return scscfName != null;
    }
}
