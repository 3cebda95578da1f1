package org.webrtcims.launcher.services;

import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.webrtcims.epcscf.EpCscfApplication;
import org.webrtcims.hss.HssApplication;
import org.webrtcims.icscf.IcscfApplication;
import org.webrtcims.scscf.ScscfApplication;
import org.webrtcims.webauthproxy.WebAuthProxyApplication;

/**
 * The five services, declared in start order: each one only calls services declared before it (the HSS calls the
 * proxy, the S-CSCF and I-CSCF the HSS, the eP-CSCF the I-CSCF and HSS). They stop in reverse order.
 */
public enum Service {

    WEB_AUTH_PROXY("web-auth-proxy", false, WebAuthProxyApplication::application),
    HSS("hss", false, HssApplication::application),
    SCSCF("scscf", true, ScscfApplication::application),
    ICSCF("icscf", true, IcscfApplication::application),
    EP_CSCF("ep-cscf", true, EpCscfApplication::application);

    private final String configName;
    private final boolean speaksSip;
    private final Supplier<SpringApplication> application;

    Service(String configName, boolean speaksSip, Supplier<SpringApplication> application) {
        this.configName = configName;
        this.speaksSip = speaksSip;
        this.application = application;
    }

    /** The service's settings file name ({@code <configName>.yml}) and its {@code spring.application.name}. */
    public String configName() {
        return configName;
    }

    public boolean speaksSip() {
        return speaksSip;
    }

    /** A new, not yet started Spring application of this service, reading its own settings file. */
    public SpringApplication newApplication() {
        return application.get();
    }
}
