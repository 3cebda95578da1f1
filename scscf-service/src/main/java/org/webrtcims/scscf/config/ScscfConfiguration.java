package org.webrtcims.scscf.config;

import java.time.Clock;
import java.util.Base64;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.auth.PathAccessRule;
import org.webrtcims.auth.PathAccessRules;
import org.springframework.http.client.ReactorResourceFactory;
import org.webrtcims.cx.client.HssCxClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.db.DatabaseScheduler;
import org.webrtcims.scscf.digest.AuthContextStore;
import org.webrtcims.scscf.outbox.SarOutbox;
import org.webrtcims.scscf.routing.FlowFailureHook;
import org.webrtcims.scscf.routing.RegisteredContacts;
import org.webrtcims.scscf.routing.RequestHandler;
import org.webrtcims.scscf.routing.SessionRouter;
import org.webrtcims.scscf.digest.NonceService;
import org.webrtcims.scscf.registrar.RegistrarService;
import org.webrtcims.scscf.sip.EdgeTrust;
import org.webrtcims.scscf.sip.RegistrarSipListener;
import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.TrustedPeers;

@Configuration(proxyBeanMethods = false)
class ScscfConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NonceService nonceService(ScscfProperties properties, Clock clock) {
        List<byte[]> keys = properties.digest().nonceKeys().stream().map(k -> Base64.getDecoder().decode(k.trim()))
                .toList();
        if (keys.isEmpty()) {
            throw new IllegalStateException("scscf.digest.nonce-keys needs at least one base64 key of 32+ bytes");
        }
        return new NonceService(keys, properties.digest().authTimeout(), clock);
    }

    @Bean
    AuthContextStore authContextStore(ScscfProperties properties, Clock clock) {
        return new AuthContextStore(clock, properties.digest().maxContexts(),
                properties.digest().maxContextsPerIdentity());
    }

    @Bean
    HssCxClient hssCxClient(ScscfProperties properties, ReactorResourceFactory resources) {
        // on this service's own Netty loops (issue 12): no second set of event-loop threads
        return new HssCxClient(properties.hss(), resources::getLoopResources);
    }

    @Bean
    RegisteredContacts registeredContacts(JdbcTemplate jdbc, TransactionTemplate transactions, SarOutbox outbox,
                                          ScscfProperties properties) {
        return new RegisteredContacts(jdbc, transactions, outbox, properties.serverName());
    }

    /** Sessions (issue 13); {@link FlowFailureHook} beans hear of bindings removed after a 430. */
    @Bean
    SessionRouter sessionRouter(RegisteredContacts contacts, DatabaseScheduler database, SarOutbox outbox,
                                ScscfProperties properties, ObjectProvider<FlowFailureHook> hooks) {
        return new SessionRouter(contacts, database, outbox, properties, once(hooks));
    }

    /** The beans of a type, looked up at the first use (after the context is up), not on every request. */
    private static <T> java.util.function.Supplier<List<T>> once(ObjectProvider<T> beans) {
        return new java.util.function.Supplier<>() {
            private volatile List<T> found;

            @Override
            public List<T> get() {
                List<T> list = found;
                if (list == null) {
                    list = beans.orderedStream().toList();
                    found = list;
                }
                return list;
            }
        };
    }

    /** {@link RequestHandler} beans (the reg event notifier) are offered each request before the router. */
    @Bean(destroyMethod = "shutdown")
    RegistrarSipListener registrarSipListener(RegistrarService registrar, ScscfProperties properties,
                                              SessionRouter router, ObjectProvider<RequestHandler> handlers,
                                              org.webrtcims.scscf.regevent.RegEventSubscriptions regEvent) {
        return new RegistrarSipListener(registrar, new TrustedPeers(properties.sip().trustedPeers()),
                new EdgeTrust(properties.sip().trustedEdgeProxies()), router,
                once(handlers), regEvent);
    }

    @Bean(destroyMethod = "close")
    SipStackRunner sipStack(ScscfProperties properties, RegistrarSipListener listener) {
        if (properties.serverName() == null) {
            throw new IllegalStateException("scscf.server-name is required (the Server-Name the HSS stores)");
        }
        SipStackRunner runner = SipStackRunner.start(properties.sip().listening().stackSettings("scscf"), listener);
        listener.attach(runner);
        return runner;
    }

    /**
     * Only the HSS sends RTR/PPR ({@code POST /cx-notify/v1/**}); probes and metrics are public, and served on the
     * management port only; anything else needs an ADMIN token (there is no admin API).
     */
    @Bean
    PathAccessRules pathAccessRules() {
        return PathAccessRules.of(
                PathAccessRule.denied("/cx-notify/"),
                PathAccessRule.roles(HttpMethod.POST, "/cx-notify/v1/", ApiRole.HSS),
                // served on the management port only (management.server.port), where the filter also runs
                PathAccessRule.publicPath("/actuator/health"),
                PathAccessRule.publicPath("/actuator/prometheus"),
                PathAccessRule.publicPath("/actuator/info"));
    }
}
