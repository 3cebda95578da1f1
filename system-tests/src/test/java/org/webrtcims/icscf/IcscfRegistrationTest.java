package org.webrtcims.icscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webrtcims.fixture.CoreUnderTest;
import org.webrtcims.fixture.EpCscfStandIn;
import org.webrtcims.fixture.RunningApp;
import org.webrtcims.fixture.Service;
import org.webrtcims.fixture.SipTestClient;
import org.webrtcims.ports.FreePorts;

/**
 * REGISTER through the I-CSCF to the S-CSCF over real sockets (TCP and UDP toward the I-CSCF, TCP toward the
 * S-CSCF), with the real HSS, web-auth proxy and PostgreSQL (profile §3 steps 2–9, §6 rows 8–13).
 * The HSS knows two S-CSCFs: the first accepts TCP connections and never answers (Timer F), the second is real.
 */
class IcscfRegistrationTest {

    private static final List<Socket> SILENT_CONNECTIONS = new CopyOnWriteArrayList<>();
    /** Bytes the silent S-CSCF has read: what the I-CSCF sent it. */
    private static final AtomicLong SILENT_BYTES = new AtomicLong();
    private static ServerSocket silentScscf;
    private static CoreUnderTest core;
    private static RunningApp icscf;
    private static RunningApp untrustingIcscf;
    private static int icscfPort;
    private static int untrustingPort;
    private static SipTestClient tcp;
    private static SipTestClient udp;

    @BeforeAll
    static void start() throws IOException {
        silentScscf = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            while (!silentScscf.isClosed()) {
                try {
                    Socket connection = silentScscf.accept();
                    SILENT_CONNECTIONS.add(connection);
                    countReceivedBytes(connection); // answers nothing
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-scscf");
        acceptor.setDaemon(true);
        acceptor.start();
        String silentName = "sip:127.0.0.1:" + silentScscf.getLocalPort() + ";transport=tcp";
        // the real S-CSCF's SIP port is chosen by the fixture; put it second in the HSS's list
        core = new CoreUnderTest(Map.of(), Map.of("hss.scscfs[0].name", silentName,
                "hss.scscfs[0].notify-url", "http://127.0.0.1:1"));
        addRealScscfSecond();
        icscfPort = FreePorts.next();
        icscf = icscf(icscfPort, "127.0.0.0/8").start();
        untrustingPort = FreePorts.next();
        untrustingIcscf = icscf(untrustingPort, "10.0.0.0/8").start();
        tcp = new SipTestClient("tcp");
        udp = new SipTestClient("udp");
    }

    private static void countReceivedBytes(Socket connection) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = connection.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    SILENT_BYTES.addAndGet(n);
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-scscf-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Restarts the HSS with the real S-CSCF as the second capable one. */
    private static void addRealScscfSecond() {
        core.hss.stop();
        core.hss.set("hss.scscfs[1].name", core.scscfName);
        core.hss.set("hss.scscfs[1].notify-url", "http://127.0.0.1:" + core.scscfHttpPort);
        core.hss.start();
    }

    private static RunningApp icscf(int port, String trusted) {
        return new RunningApp(Service.ICSCF, Map.of(
                "server.port", FreePorts.next(),
                "icscf.sip.host", "127.0.0.1",
                "icscf.sip.port", port,
                "icscf.sip.t1", "50ms",
                // UDP is off by default; these tests register over both
                "icscf.sip.transports", "tcp,udp",
                "icscf.trusted-peers[0]", trusted,
                "icscf.hss.base-url", "http://127.0.0.1:" + core.hssPort,
                "icscf.hss.token", CoreUnderTest.HSS_ICSCF_TOKEN));
    }

    @AfterAll
    static void stop() throws IOException {
        tcp.close();
        udp.close();
        untrustingIcscf.close();
        icscf.close();
        core.close();
        silentScscf.close();
        for (Socket s : SILENT_CONNECTIONS) {
            s.close();
        }
    }

    private static EpCscfStandIn viaIcscf(SipTestClient client, int port) {
        return new EpCscfStandIn(client, "127.0.0.1:" + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void registrationThroughTheIcscfReachesTheRealScscfAfterTheSilentOneTimesOut(String transport) {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = viaIcscf("udp".equals(transport) ? udp : tcp, icscfPort);
        Response ok = epcscf.register(user, new EpCscfStandIn.Flow(), "wonderland", 600);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(SipTestClient.values(ok, "Service-Route").get(0)).contains("sip:orig@127.0.0.1:" + core.scscfSipPort);
        assertThat(SipTestClient.values(ok, "Path").get(0)).contains(";ob");
        assertThat(SipTestClient.values(ok, "Authentication-Info").get(0)).contains("rspauth=");
        assertThat(SipTestClient.values(ok, "Via")).hasSize(1);
        assertThat(core.locationStatus(user.impu())).isEqualTo(200);
    }

    @Test
    void refreshGoesStraightToTheAssignedScscfNotToTheFirstCapableOne() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        EpCscfStandIn epcscf = viaIcscf(tcp, icscfPort);
        EpCscfStandIn.Flow flow = new EpCscfStandIn.Flow();
        long silentBeforeFirst = SILENT_BYTES.get();
        assertThat(epcscf.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        // the first REGISTER tried the capable S-CSCFs in the HSS's order: the silent one first (Timer F)
        assertThat(SILENT_BYTES.get()).isGreaterThan(silentBeforeFirst);
        long silentBeforeRefresh = SILENT_BYTES.get();
        assertThat(epcscf.register(user, flow, "wonderland", 600).getStatusCode()).isEqualTo(200);
        // TS 29.228 §6.1.1: UAR answers SUBSEQUENT_REGISTRATION with the assigned S-CSCF, nothing goes elsewhere
        assertThat(SILENT_BYTES.get()).isEqualTo(silentBeforeRefresh);
    }

    @Test
    void unknownWebIdentityIs403AtTheIcscf() {
        CoreUnderTest.WebUser known = core.provision("md5-only");
        CoreUnderTest.WebUser stranger = new CoreUnderTest.WebUser(known.wwsf(), "nobody@idp.example.com", "x",
                known.impu(), known.telImpu());
        Response answer = viaIcscf(tcp, icscfPort).send(stranger, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(stranger, "tls-pending"), 600);
        assertThat(answer.getStatusCode()).isEqualTo(403);
    }

    @Test
    void wrongPasswordIs403ThroughTheIcscf() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        assertThat(viaIcscf(tcp, icscfPort).register(user, new EpCscfStandIn.Flow(), "nope", 600).getStatusCode())
                .isEqualTo(403);
    }

    @Test
    void registerFromAnUntrustedPeerIs403() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        Response answer = viaIcscf(tcp, untrustingPort).send(user, new EpCscfStandIn.Flow(),
                EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
        assertThat(answer.getStatusCode()).isEqualTo(403);
        assertThat(answer.getReasonPhrase()).contains("Untrusted");
    }

    @Test
    void hssStoppedIs480AndRegistrationWorksOnceItIsBack() {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        try {
            core.hss.stop();
            Response answer = viaIcscf(tcp, icscfPort).send(user, new EpCscfStandIn.Flow(),
                    EpCscfStandIn.initialAuthorization(user, "tls-pending"), 600);
            assertThat(answer.getStatusCode()).isEqualTo(480);
        } finally {
            core.hss.start();
        }
        assertThat(viaIcscf(tcp, icscfPort).register(user, new EpCscfStandIn.Flow(), "wonderland", 600)
                .getStatusCode()).isEqualTo(200);
    }

    @Test
    void answerToARequestWhoseConnectionClosedGoesToTheViaSentBy() throws IOException {
        CoreUnderTest.WebUser user = core.provision("md5-only");
        try (ServerSocket sentBy = new ServerSocket(FreePorts.next(), 1, InetAddress.getLoopbackAddress())) {
            sentBy.setSoTimeout(20_000);
            try (Socket request = new Socket(InetAddress.getLoopbackAddress(), icscfPort)) {
                request.getOutputStream().write(rawRegister(user, sentBy.getLocalPort()));
            } // closed long before the answer: a new user's REGISTER waits for the silent S-CSCF's Timer F first
            // RFC 3261 §18.2.2: the connection is gone, so the response goes to the sent-by of the top Via
            try (Socket back = sentBy.accept()) {
                back.setSoTimeout(20_000);
                assertThat(readHead(back.getInputStream())).startsWith("SIP/2.0 401");
            }
        }
    }

    private static byte[] rawRegister(CoreUnderTest.WebUser user, int sentByPort) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return String.join("\r\n",
                "REGISTER " + EpCscfStandIn.REGISTRAR + " SIP/2.0",
                "Via: SIP/2.0/TCP 127.0.0.1:" + sentByPort + ";branch=z9hG4bK" + tag,
                "Route: <sip:127.0.0.1:" + icscfPort + ";transport=tcp;lr>",
                "Max-Forwards: 70",
                "To: <" + user.impu() + ">",
                "From: <" + user.impu() + ">;tag=" + tag,
                "Call-ID: closed-" + tag,
                "CSeq: 1 REGISTER",
                "Contact: <sip:c" + tag + "@k3v9q2x7m1p4.invalid;transport=ws>;expires=600",
                "Expires: 600",
                "Path: <sip:ft-" + tag + "@127.0.0.1:" + sentByPort + ";transport=tcp;lr;ob>",
                "Require: path",
                "Supported: path,outbound",
                "P-Visited-Network-ID: ims.example.net",
                "Authorization: " + EpCscfStandIn.initialAuthorization(user, "tls-pending"),
                "Content-Length: 0", "", "").getBytes(StandardCharsets.UTF_8);
    }

    /** The start line and headers of one message. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
