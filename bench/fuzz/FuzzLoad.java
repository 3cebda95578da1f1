import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.webrtcims.epcscf.fuzz.FrameMutator;

/**
 * The long fuzz run of bench/fuzz: W connections, each sends mutated frames ({@link FrameMutator}, seed + worker) and
 * after each frame a CRLF CRLF probe, then waits (bounded) for a close, or for the probe's CRLF and, unless the frame
 * may go unanswered (an ACK, a response, a blank frame), a SIP response; reconnects after a close. The same
 * definition as the build's EdgeFuzzTest. Prints one RESULT line with the counts.
 *
 * <pre>java -cp ep-cscf-service/target/test-classes bench/fuzz/FuzzLoad.java URL ORIGIN IMPU WEB_IDENTITY WWSF
 *      FRAMES WORKERS SEED [MAX_SECONDS]</pre>
 * MAX_SECONDS (default 0: none) ends the run early, with the frames sent so far (a time budget on a shared machine).
 */
public class FuzzLoad {

    static final Duration BOUND = Duration.ofSeconds(10);
    static final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    static final AtomicLong sent = new AtomicLong();
    static final LongAdder handshakes = new LongAdder();
    static final LongAdder errors = new LongAdder();
    static final StringBuffer firstFailures = new StringBuffer();
    static volatile long deadlineNanos = Long.MAX_VALUE;

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String origin = args[1];
        String impu = args[2];
        String webIdentity = args[3];
        String wwsf = args[4];
        long frames = Long.parseLong(args[5]);
        int workers = Integer.parseInt(args[6]);
        long seed = Long.parseLong(args[7]);
        long maxSeconds = args.length > 8 ? Long.parseLong(args[8]) : 0;
        deadlineNanos = maxSeconds > 0 ? System.nanoTime() + maxSeconds * 1_000_000_000L : Long.MAX_VALUE;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            FrameMutator mutator = new FrameMutator(seed + w, impu, webIdentity, wwsf);
            threads[w] = new Thread(() -> work(http, url, origin, mutator, frames), "fuzz-" + w);
            threads[w].start();
        }
        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    System.err.printf("[fuzz] %d frames, %.0f/s%n", sent.get(),
                            sent.get() / ((System.nanoTime() - start) / 1e9));
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        progress.setDaemon(true);
        progress.start();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int good = goodUserRegisters(http, url, origin, impu, webIdentity, wwsf);
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
        StringBuilder line = new StringBuilder("RESULT step=fuzz frames=" + sent.get()
                + String.format(" seconds=%.1f frames_per_s=%.0f", seconds, sent.get() / seconds)
                + " frames_target=" + frames + " time_budget_s=" + maxSeconds + " handshakes=" + handshakes.sum() + " client_errors=" + errors.sum()
                + " good_user_register_status=" + good);
        sorted.forEach((k, v) -> line.append(' ').append(k.replace(' ', '_')).append('=').append(v));
        System.out.println(line);
        if (firstFailures.length() > 0) {
            System.out.println("first failures:\n" + firstFailures);
        }
        System.exit(good == 200 && !sorted.containsKey("no_answer") && !sorted.containsKey("status 500") ? 0 : 1);
    }

    static void work(HttpClient http, URI url, String origin, FrameMutator mutator, long frames) {
        Conn conn = null;
        while (sent.get() < frames && System.nanoTime() < deadlineNanos) {
            try {
                if (conn == null || conn.closed) {
                    if (conn != null) {
                        conn.abort();
                    }
                    conn = Conn.open(http, url, origin);
                    handshakes.increment();
                }
                if (sent.incrementAndGet() > frames) {
                    sent.decrementAndGet();
                    break;
                }
                FrameMutator.Frame frame = mutator.next();
                String outcome = exchange(conn, frame);
                outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                if ((outcome.equals("no_answer") || outcome.equals("status 500")) && firstFailures.length() < 20_000) {
                    firstFailures.append("--- ").append(outcome).append(" [").append(frame.mutations())
                            .append("]\n").append(frame.text()).append('\n');
                }
            } catch (Exception e) {
                errors.increment();
                if (conn != null) {
                    conn.closed = true;
                }
            }
        }
        if (conn != null) {
            conn.abort();
        }
    }

    static String exchange(Conn conn, FrameMutator.Frame frame) throws Exception {
        String text = strictUtf8(frame.payload());
        boolean keepAlive = text != null && text.isBlank() && text.contains("\r\n\r\n");
        // java.net.http sends text as Strings: invalid UTF-8 goes out as a binary frame (the edge decodes both alike)
        if (frame.binary() || text == null) {
            conn.ws.sendBinary(ByteBuffer.wrap(frame.payload()), true).get(10, TimeUnit.SECONDS);
        } else {
            conn.ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        }
        conn.ws.sendText("\r\n\r\n", true).get(10, TimeUnit.SECONDS);
        int expected = keepAlive ? 2 : 1;
        int pongs = 0;
        String answer = null;
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Object event = left <= 0 ? null : conn.events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                conn.closed = true;
                return "no_answer";
            }
            if (event instanceof Integer code) {
                conn.closed = true;
                return "close " + code;
            }
            String message = (String) event;
            if (message.equals("\r\n")) {
                pongs++;
            } else if (message.startsWith("SIP/2.0 ") && message.length() > 11) {
                answer = "status " + message.substring(8, 11);
            } else {
                return "not_sip_answer";
            }
            if (pongs >= expected) {
                if (answer != null) {
                    return answer;
                }
                if (keepAlive || maySilentlyDrop(text)) {
                    return "silent";
                }
            }
        }
    }

    static boolean maySilentlyDrop(String text) {
        if (text == null) {
            return false;
        }
        String start = text.stripLeading();
        return start.isEmpty() || start.startsWith("SIP/") || start.startsWith("ACK ");
    }

    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** REGISTER → 401 → REGISTER with credentials (the floor registrar checks none) → the final status. */
    static int goodUserRegisters(HttpClient http, URI url, String origin, String impu, String webIdentity, String wwsf)
            throws Exception {
        Conn conn = Conn.open(http, url, origin);
        try {
            String first = register(impu, webIdentity, wwsf, 1, null);
            conn.ws.sendText(first, true).get(10, TimeUnit.SECONDS);
            String challenge = (String) conn.events.poll(10, TimeUnit.SECONDS);
            if (challenge == null || !challenge.startsWith("SIP/2.0 401")) {
                return challenge == null ? 0 : Integer.parseInt(challenge.substring(8, 11));
            }
            String auth = "Digest username=\"" + webIdentity + "\", realm=\"" + wwsf + "\", nonce=\"n\", "
                    + "uri=\"sip:ims.example.net\", response=\"00000000000000000000000000000000\", algorithm=MD5, "
                    + "qop=auth, cnonce=\"c\", nc=00000001, opaque=\"o\"";
            conn.ws.sendText(register(impu, webIdentity, wwsf, 2, auth), true).get(10, TimeUnit.SECONDS);
            String ok = (String) conn.events.poll(10, TimeUnit.SECONDS);
            return ok == null ? 0 : Integer.parseInt(ok.substring(8, 11));
        } finally {
            conn.abort();
        }
    }

    static String register(String impu, String webIdentity, String wwsf, int cseq, String authorization) {
        return "REGISTER sip:ims.example.net SIP/2.0\r\nVia: SIP/2.0/WSS good.invalid;branch=z9hG4bKgood" + cseq
                + "\r\nMax-Forwards: 69\r\nTo: <" + impu + ">\r\nFrom: <" + impu + ">;tag=good\r\nCall-ID: good-user\r\n"
                + "CSeq: " + cseq + " REGISTER\r\nWebRTC-Web-Identity: \"" + webIdentity + "\";wwsf=\"" + wwsf + "\"\r\n"
                + "Contact: <sip:good@good.invalid;transport=ws>;expires=600\r\nExpires: 600\r\n"
                + "Supported: path,gruu,outbound\r\n" + (authorization == null ? "" : "Authorization: " + authorization
                + "\r\n") + "Content-Length: 0\r\n\r\n";
    }

    /** One WebSocket connection: messages (String) and the close (Integer) in arrival order. */
    static final class Conn implements WebSocket.Listener {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final StringBuilder text = new StringBuilder();
        ByteBuffer binary = ByteBuffer.allocate(0);
        volatile WebSocket ws;
        volatile boolean closed;

        static Conn open(HttpClient http, URI url, String origin) throws Exception {
            Conn conn = new Conn();
            conn.ws = http.newWebSocketBuilder().header("Origin", origin).subprotocols("sip")
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(url, conn).get(20, TimeUnit.SECONDS);
            return conn;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            events.add(StandardCharsets.UTF_8.decode(data).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            events.add(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
            events.add(-1);
        }

        void abort() {
            if (ws != null) {
                ws.abort();
            }
        }
    }
}
