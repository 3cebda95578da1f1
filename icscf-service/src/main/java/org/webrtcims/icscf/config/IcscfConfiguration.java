package org.webrtcims.icscf.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;
import org.springframework.http.client.ReactorResourceFactory;
import org.webrtcims.cx.client.HssCxClient;
import org.webrtcims.icscf.routing.RegisterProxy;
import org.webrtcims.sip.SipStackRunner;

@Configuration(proxyBeanMethods = false)
class IcscfConfiguration {

    @Bean
    HssCxClient hssCxClient(IcscfProperties properties, ReactorResourceFactory resources) {
        // on this service's own Netty loops (issue 12): no second set of event-loop threads
        return new HssCxClient(properties.hss(), resources::getLoopResources);
    }

    @Bean(destroyMethod = "shutdown")
    RegisterProxy registerProxy(HssCxClient hss, IcscfProperties properties) {
        return new RegisterProxy(hss, properties);
    }

    @Bean(destroyMethod = "close")
    SipStackRunner sipStack(IcscfProperties properties, RegisterProxy proxy) {
        SipStackRunner runner = SipStackRunner.start(properties.sip().stackSettings("icscf"), proxy);
        proxy.attach(runner);
        return runner;
    }

    /**
     * No API: probes and metrics are public, and served on the management port only; anything else needs an ADMIN
     * token (there is no admin API yet); path tricks get 400.
     */
    @Bean
    PathAccessRules pathAccessRules() {
        return PathAccessRules.of(
                // served on the management port only (management.server.port), where the filter also runs
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"));
    }
}
