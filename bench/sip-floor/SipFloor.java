import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.webrtcims.sip.SipStackRunner;
import org.webrtcims.sip.SipStackSettings;
import org.webrtcims.sip.StatelessDefaults;

/**
 * The SIP floor of a registration: the two jain-sip hops of the chain with nothing behind them. {@code proxy} is an
 * I-CSCF without UAR (stateful, adds its Via and a Route to the registrar, relays the final response); {@code
 * registrar} is an S-CSCF without MAR, SAR, database or digest check (401 with a fresh nonce to a REGISTER whose
 * Authorization has no response, 200 otherwise). Same stack settings as the CSCFs ({@link SipStackRunner}).
 *
 * <pre>java -cp CLASSPATH bench/sip-floor/SipFloor.java proxy PORT REGISTRAR_PORT
 * java -cp CLASSPATH bench/sip-floor/SipFloor.java registrar PORT</pre>
 */
public class SipFloor {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        SipStackSettings settings = new SipStackSettings("floor-" + args[0], "127.0.0.1", port, List.of("tcp"),
                Integer.getInteger("floor.threads", 8), 65_536);
        Holder holder = new Holder();
        StatelessDefaults listener = args[0].equals("proxy")
                ? new Proxy(holder, Integer.parseInt(args[2])) : new Registrar(holder);
        holder.runner = SipStackRunner.start(settings, listener);
        System.out.println("ready " + args[0] + " " + port);
        Thread.currentThread().join();
    }

    static final class Holder {
        volatile SipStackRunner runner;
    }

    abstract static class Listener implements StatelessDefaults {
        final Holder holder;

        Listener(Holder holder) {
            this.holder = holder;
        }

        SipStackRunner sip() {
            return holder.runner;
        }

        ServerTransaction server(RequestEvent event) throws Exception {
            ServerTransaction server = event.getServerTransaction();
            return server != null ? server : ((SipProvider) event.getSource()).getNewServerTransaction(
                    event.getRequest());
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
        }
    }

    /** Stateful REGISTER proxy toward the registrar, like the I-CSCF after a UAR. */
    static final class Proxy extends Listener {
        private final int registrarPort;

        Proxy(Holder holder, int registrarPort) {
            super(holder);
            this.registrarPort = registrarPort;
        }

        @Override
        public void processRequest(RequestEvent event) {
            try {
                ServerTransaction server = server(event);
                Request forwarded = (Request) event.getRequest().clone();
                forwarded.removeFirst(RouteHeader.NAME);
                SipURI next = sip().addresses().createSipURI(null, "127.0.0.1");
                next.setPort(registrarPort);
                next.setTransportParam("tcp");
                next.setLrParam();
                forwarded.addFirst(sip().headers().createRouteHeader(sip().addresses().createAddress(next)));
                ViaHeader via = sip().headers().createViaHeader("127.0.0.1", sip().settings().port(), "tcp",
                        "z9hG4bK" + HexFormat.of().formatHex(bytes(8)));
                forwarded.addFirst(via);
                ClientTransaction client = sip().provider().getNewClientTransaction(forwarded);
                client.setApplicationData(server);
                client.sendRequest();
            } catch (Exception e) {
                System.err.println("proxy: " + e);
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            Response received = event.getResponse();
            if (received.getStatusCode() < 200 || event.getClientTransaction() == null) {
                return;
            }
            try {
                Response relayed = (Response) received.clone();
                relayed.removeFirst(ViaHeader.NAME);
                ((ServerTransaction) event.getClientTransaction().getApplicationData()).sendResponse(relayed);
            } catch (Exception e) {
                System.err.println("proxy relay: " + e);
            }
        }
    }

    /** 401 to a REGISTER without a digest response, 200 to one with it; nothing checked, nothing stored. */
    static final class Registrar extends Listener {
        Registrar(Holder holder) {
            super(holder);
        }

        @Override
        public void processRequest(RequestEvent event) {
            try {
                Request request = event.getRequest();
                ServerTransaction server = server(event);
                AuthorizationHeader authorization = (AuthorizationHeader) request.getHeader(
                        AuthorizationHeader.NAME);
                String answer = authorization == null ? null : authorization.getResponse();
                Response response;
                if (answer == null || answer.isEmpty()) {
                    response = sip().messages().createResponse(Response.UNAUTHORIZED, request);
                    WWWAuthenticateHeader challenge = sip().headers().createWWWAuthenticateHeader("Digest");
                    challenge.setRealm(authorization == null ? "ims.example.net" : authorization.getRealm());
                    challenge.setNonce(HexFormat.of().formatHex(bytes(16)));
                    challenge.setQop("auth");
                    challenge.setAlgorithm("MD5");
                    response.addHeader(challenge);
                } else {
                    response = sip().messages().createResponse(Response.OK, request);
                    response.addHeader((ContactHeader) request.getHeader(ContactHeader.NAME));
                }
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(HexFormat.of().formatHex(bytes(4)));
                server.sendResponse(response);
            } catch (Exception e) {
                System.err.println("registrar: " + e);
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
