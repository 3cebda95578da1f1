package org.webrtcims.epcscf;

import java.util.LinkedHashMap;
import java.util.Map;

import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.ports.FreePorts;

/** The whole registration chain in this JVM: proxy, HSS, S-CSCF (the fixture), a real I-CSCF, and eP-CSCFs. */
final class EdgeChain implements AutoCloseable {

    /** One eP-CSCF: its application, WebSocket URL base and SIP port. */
    record Edge(RunningApp app, int httpPort, int sipPort) {
        String url(String scheme) {
            return scheme + "://127.0.0.1:" + httpPort + "/sip";
        }
    }

    final CoreUnderTest core;
    final int icscfSipPort = FreePorts.next();
    private final RunningApp icscf;
    private final java.util.List<RunningApp> edges = new java.util.ArrayList<>();

    EdgeChain() {
        core = new CoreUnderTest(Map.of());
        icscf = new RunningApp(Service.ICSCF, Map.of(
                "server.port", FreePorts.next(),
                "icscf.sip.host", "127.0.0.1",
                "icscf.sip.port", icscfSipPort,
                "icscf.sip.transports", "tcp,udp", // EdgeRegistrationTest reaches the I-CSCF over UDP too
                "icscf.hss.base-url", "http://127.0.0.1:" + core.hssPort,
                "icscf.hss.token", CoreUnderTest.HSS_ICSCF_TOKEN)).start();
    }

    /** An eP-CSCF on free ports, plain ws, 1 s pings, settings replaced or added by {@code overrides}. */
    Edge edge(Map<String, Object> overrides) {
        int httpPort = FreePorts.next();
        int sipPort = FreePorts.next();
        Map<String, Object> settings = new LinkedHashMap<>(Map.ofEntries(
                Map.entry("server.port", httpPort),
                Map.entry("epcscf.websocket.allow-plain", true),
                Map.entry("epcscf.websocket.ping-interval", "1s"),
                Map.entry("epcscf.websocket.missed-pongs", 2),
                Map.entry("epcscf.websocket.max-message-size", 8192),
                Map.entry("epcscf.flows.recovery-grace", "60s"),
                Map.entry("epcscf.sip.host", "127.0.0.1"),
                Map.entry("epcscf.sip.port", sipPort),
                Map.entry("epcscf.sip.transports", "tcp,udp"),
                Map.entry("epcscf.icscf-uri", "sip:127.0.0.1:" + icscfSipPort + ";transport=tcp"),
                Map.entry("epcscf.hss.base-url", "http://127.0.0.1:" + core.hssPort),
                Map.entry("epcscf.hss.token", CoreUnderTest.HSS_EPCSCF_TOKEN),
                Map.entry("logging.level.org.webrtcims.epcscf", "DEBUG")));
        settings.putAll(overrides);
        RunningApp app = new RunningApp(Service.EP_CSCF, settings).start();
        edges.add(app);
        return new Edge(app, httpPort, sipPort);
    }

    static String origin(CoreUnderTest.WebUser user) {
        return "https://" + user.wwsf();
    }

    @Override
    public void close() {
        edges.forEach(RunningApp::stop);
        icscf.stop();
        core.close();
    }
}
