package org.webrtcims.sip;

import java.util.Properties;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import gov.nist.core.net.SecurityManagerProvider;

/**
 * jain-sip's key and trust material for stacks that open no TLS listening point ({@link SipStackSettings} takes
 * {@code tcp} and {@code udp} only; TLS toward browsers is the eP-CSCF's WebSocket, not jain-sip). It reads nothing
 * and answers the JVM defaults ({@code null}) should jain-sip ever ask, which is what jain-sip's default provider
 * does without keystore settings, minus its start-up warnings about keystores that are not used.
 */
public final class NoTlsSecurityManagerProvider implements SecurityManagerProvider {

    @Override
    public void init(Properties properties) {
        // no TLS listening point: nothing to load
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return null;
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return null;
    }
}
