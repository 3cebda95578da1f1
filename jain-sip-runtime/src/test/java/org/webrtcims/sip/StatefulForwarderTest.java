package org.webrtcims.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webrtcims.ports.FreePorts;

/**
 * Three jain-sip stacks over real TCP sockets: a client, a proxy forwarding with {@link StatefulForwarder} and
 * relaying to its server transaction, and a next hop.
 */
class StatefulForwarderTest {

    private final List<SipStackRunner> stacks = new ArrayList<>();
    private final BlockingQueue<Response> atClient = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> atNextHop = new LinkedBlockingQueue<>();
    private final BlockingQueue<Exception> noResponseCauses = new LinkedBlockingQueue<>();

    private SipStackRunner client;
    private SipStackRunner proxy;
    private StatefulForwarder forwarder;
    private volatile Consumer<RequestEvent> nextHopBehaviour;
    private final BlockingQueue<StatefulForwarder.Forwarded> branches = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        stacks.forEach(SipStackRunner::close);
    }

    /** @param nextHopPort where the proxy forwards (the Request-URI's port) */
    private void start(Duration t1) {
        SipListening proxySettings = new SipListening("127.0.0.1", FreePorts.next(), List.of("tcp"), null, 2, null,
                t1, List.of("proxy.ims.example.net")).resolve(0);
        client = stack("client", new Listener() {
            @Override
            public void processResponse(ResponseEvent event) {
                atClient.add(event.getResponse());
            }
        });
        proxy = SipStackRunner.start(proxySettings.stackSettings("proxy"), new Listener() {
            @Override
            public void processRequest(RequestEvent event) {
                proxyRequest(event);
            }

            @Override
            public void processResponse(ResponseEvent event) {
                forwarder.processResponse(event);
            }

            @Override
            public void processTimeout(TimeoutEvent event) {
                forwarder.processTimeout(event);
            }
        });
        stacks.add(proxy);
        forwarder = new StatefulForwarder(proxy, proxySettings);
    }

    private SipStackRunner nextHop() {
        return stack("next-hop", new Listener() {
            @Override
            public void processRequest(RequestEvent event) {
                atNextHop.add(event.getRequest());
                nextHopBehaviour.accept(event);
            }
        });
    }

    private SipStackRunner stack(String name, Listener listener) {
        SipStackRunner runner = SipStackRunner.start(new SipListening("127.0.0.1", FreePorts.next(), List.of("tcp"),
                null, 2, null, null, null).resolve(0).stackSettings(name), listener);
        stacks.add(runner);
        return runner;
    }

    /** The proxy: a server transaction, the request prepared and sent; the outcome back to the client. */
    private void proxyRequest(RequestEvent event) {
        try {
            ServerTransaction server = proxy.provider().getNewServerTransaction(event.getRequest());
            Optional<Request> prepared = forwarder.prepare(event.getRequest(), "tcp");
            if (prepared.isEmpty()) {
                server.sendResponse(SipResponses.create(proxy, event.getRequest(), 483, "Too Many Hops", List.of()));
                return;
            }
            branches.add(forwarder.send(prepared.get(), new StatefulForwarder.Callback() {
                @Override
                public void onFinalResponse(Response response) {
                    StatefulForwarder.relay(server, response);
                }

                @Override
                public void onProvisional(Response response) {
                    try {
                        server.sendResponse(response);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void onNoResponse(Exception cause) {
                    if (cause != null) {
                        noResponseCauses.add(cause);
                    }
                    try {
                        server.sendResponse(SipResponses.create(proxy, event.getRequest(),
                                cause == null ? 408 : 500, cause == null ? "Request Timeout" : "Unreachable",
                                List.of()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A REGISTER from the client to {@code targetPort}, loose-routed through the proxy. */
    private void sendThroughProxy(int targetPort, int maxForwards, String ownRouteHost) throws Exception {
        Request request = SipTestMessages.request(client, Request.REGISTER, targetPort, maxForwards);
        SipURI route = client.addresses().createSipURI(null, ownRouteHost);
        route.setPort(proxy.settings().port());
        route.setTransportParam("tcp");
        route.setLrParam();
        request.addFirst(client.headers().createRouteHeader(client.addresses().createAddress(route)));
        client.provider().getNewClientTransaction(request).sendRequest();
    }

    @Test
    void theNextHopGetsTheRequestWithTheProxysViaOneHopLessAndNoOwnRouteAndTheClientItsFinalResponse()
            throws Exception {
        start(Duration.ofMillis(500));
        SipStackRunner next = nextHop();
        nextHopBehaviour = event -> respond(next, event, 200);

        sendThroughProxy(next.settings().port(), 70, "127.0.0.1");

        Request forwarded = atNextHop.poll(10, TimeUnit.SECONDS);
        assertThat(forwarded).isNotNull();
        assertThat(forwarded.getHeader(RouteHeader.NAME)).as("own Route removed (host and port)").isNull();
        assertThat(forwarder.ownAddress().hosts()).contains("127.0.0.1", "proxy.ims.example.net");
        assertThat(((MaxForwardsHeader) forwarded.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(69);
        ViaHeader top = (ViaHeader) forwarded.getHeader(ViaHeader.NAME);
        assertThat(top.getHost()).isEqualTo("127.0.0.1");
        assertThat(top.getPort()).isEqualTo(proxy.settings().port());
        assertThat(top.getBranch()).startsWith("z9hG4bK");
        assertThat(SipHeaders.all(forwarded, ViaHeader.NAME)).hasSize(2);

        Response response = finalResponse();
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(SipHeaders.all(response, ViaHeader.NAME)).as("the proxy's Via is gone").hasSize(1);
        assertThat(((ViaHeader) response.getHeader(ViaHeader.NAME)).getPort()).isEqualTo(client.settings().port());
    }

    @Test
    void aRouteToAnotherPortOfTheSameHostIsNotTheProxysOwn() throws Exception {
        start(Duration.ofMillis(500));
        SipStackRunner next = nextHop();
        nextHopBehaviour = event -> respond(next, event, 200);
        Request request = SipTestMessages.request(client, Request.REGISTER, next.settings().port(), 70);
        SipURI other = client.addresses().createSipURI(null, "127.0.0.1");
        other.setPort(next.settings().port());
        other.setTransportParam("tcp");
        other.setLrParam();
        SipURI own = client.addresses().createSipURI(null, "127.0.0.1");
        own.setPort(proxy.settings().port());
        own.setTransportParam("tcp");
        own.setLrParam();
        request.addFirst(client.headers().createRouteHeader(client.addresses().createAddress(other)));
        request.addFirst(client.headers().createRouteHeader(client.addresses().createAddress(own)));
        client.provider().getNewClientTransaction(request).sendRequest();

        Request forwarded = atNextHop.poll(10, TimeUnit.SECONDS);
        assertThat(forwarded).isNotNull();
        assertThat(SipHeaders.all(forwarded, RouteHeader.NAME)).hasSize(1).first().asString()
                .contains(":" + next.settings().port());
        assertThat(finalResponse().getStatusCode()).isEqualTo(200);
    }

    @Test
    void maxForwardsZeroIsAnswered483AndNotForwarded() throws Exception {
        start(Duration.ofMillis(500));
        SipStackRunner next = nextHop();
        nextHopBehaviour = event -> respond(next, event, 200);

        sendThroughProxy(next.settings().port(), 0, "127.0.0.1");

        assertThat(finalResponse().getStatusCode()).isEqualTo(483);
        assertThat(atNextHop.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void timerFIsReportedAsNoResponse() throws Exception {
        start(Duration.ofMillis(20)); // Timer F = 64·T1 = 1.28 s
        SipStackRunner next = nextHop();
        nextHopBehaviour = event -> { }; // never answers

        sendThroughProxy(next.settings().port(), 70, "127.0.0.1");

        assertThat(finalResponse().getStatusCode()).isEqualTo(408);
        assertThat(noResponseCauses).isEmpty();
    }

    @Test
    void aNextHopThatRefusesConnectionsIsReportedWithTheError() throws Exception {
        start(Duration.ofMillis(500));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        sendThroughProxy(closed, 70, "127.0.0.1");

        Response response = finalResponse();
        assertThat(response.getStatusCode()).isIn(500, 408);
        if (response.getStatusCode() == 500) {
            assertThat(noResponseCauses).hasSize(1);
        }
    }

    /** RFC 3261 §16.7 step 5 (a 180 goes upstream at once) and §16.10/§9.1 (CANCEL once a provisional arrived). */
    @Test
    void aRingingIsRelayedUpstreamAndACancelledInviteEndsWith487FromTheNextHop() throws Exception {
        start(Duration.ofMillis(500));
        SipStackRunner next = nextHop();
        BlockingQueue<String> atNextHopMethods = new LinkedBlockingQueue<>();
        java.util.Map<String, ServerTransaction> invites = new java.util.concurrent.ConcurrentHashMap<>();
        nextHopBehaviour = event -> {
            try {
                Request request = event.getRequest();
                atNextHopMethods.add(request.getMethod());
                if (Request.INVITE.equals(request.getMethod())) {
                    ServerTransaction server = next.provider().getNewServerTransaction(request);
                    invites.put("invite", server);
                    server.sendResponse(SipResponses.create(next, request, 180, "Ringing", List.of()));
                } else if (Request.CANCEL.equals(request.getMethod())) {
                    ServerTransaction cancel = event.getServerTransaction() != null ? event.getServerTransaction()
                            : next.provider().getNewServerTransaction(request);
                    cancel.sendResponse(SipResponses.create(next, request, 200, "OK", List.of()));
                    ServerTransaction invite = invites.get("invite");
                    invite.sendResponse(SipResponses.create(next, invite.getRequest(), 487, "Request Terminated",
                            List.of()));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Request invite = SipTestMessages.request(client, Request.INVITE, next.settings().port(), 70);
        invite.addHeader(client.headers().createContactHeader(client.addresses().createAddress(
                "sip:alice@127.0.0.1:" + client.settings().port() + ";transport=tcp")));
        SipURI route = client.addresses().createSipURI(null, "127.0.0.1");
        route.setPort(proxy.settings().port());
        route.setTransportParam("tcp");
        route.setLrParam();
        invite.addFirst(client.headers().createRouteHeader(client.addresses().createAddress(route)));
        client.provider().getNewClientTransaction(invite).sendRequest();

        Response ringing;
        do {
            ringing = atClient.poll(10, TimeUnit.SECONDS);
            assertThat(ringing).as("the 180 relayed upstream").isNotNull();
        } while (ringing.getStatusCode() == 100);
        assertThat(ringing.getStatusCode()).isEqualTo(180);
        assertThat(SipHeaders.all(ringing, ViaHeader.NAME)).as("the proxy's Via is gone").hasSize(1);

        StatefulForwarder.Forwarded branch = branches.poll(5, TimeUnit.SECONDS);
        assertThat(branch).isNotNull();
        branch.cancel();

        assertThat(finalResponse().getStatusCode()).isEqualTo(487);
        assertThat(atNextHopMethods).contains(Request.INVITE, Request.CANCEL);
        assertThat(branch.completed()).isTrue();
    }

    private Response finalResponse() throws InterruptedException {
        Response response;
        do {
            response = atClient.poll(10, TimeUnit.SECONDS);
            assertThat(response).as("a final response").isNotNull();
        } while (response.getStatusCode() < 200);
        return response;
    }

    private static void respond(SipStackRunner runner, RequestEvent event, int status) {
        try {
            ServerTransaction server = runner.provider().getNewServerTransaction(event.getRequest());
            server.sendResponse(SipResponses.create(runner, event.getRequest(), status, "OK", List.of()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private abstract static class Listener extends QuietListener {
    }
}
