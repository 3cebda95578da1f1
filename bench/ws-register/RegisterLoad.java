// WebSocket SIP registration load tool for the eP-CSCF and the Kamailio anchor (JDK 17, no dependencies: plain SIP
// text over java.net.http.WebSocket + MD5; no SIP stack). See README.md. Two modes:
//   load:  java RegisterLoad.java --url ws://host:port/sip --users users.csv --connections 100 --duration 30s
//            [--warmup 5s] [--timeout 5s] [--expires 600] [--origin https://...] [--connect-concurrency 200]
//            [--think 0ms]   (pause of a connection after each registration; the latency does not include it)
//   hold:  java RegisterLoad.java --url ... --users users.csv --hold 10000 [--hold-for 60s] [--concurrency 200]
//            [--connect-rate 0] [--expires 3600] [--progress 5s]
// users.csv: the sipp injection file of bench/common/Bench.java users-csv (lib.sh users_file): per line
// user-part;web identity;WWSF;password -> IMPU sip:<user-part>@ims.example.net, Origin https://<WWSF>.
//
// One registration = what JsSIP does for ua.register() (profile §3 steps 1, 5/6, 7, 9/10):
//   REGISTER (no credentials, WebRTC-Web-Identity, Supported: path,gruu,outbound, Contact with +sip.instance/reg-id)
//   → 401 → REGISTER with RFC 2617 digest (MD5, qop=auth, cnonce, nc=00000001), CSeq+1, same Call-ID → 200.
// Latency = first REGISTER sent → 200 received. Like a JsSIP UA that keeps refreshing: one Call-ID per user for the
// whole run (one UA start), CSeq increasing across registrations, new From tag and Via branch per request.
// Threads: one per connection in load mode, --concurrency in hold mode; frames are read by the HttpClient's selector
// (Pings are answered by the JDK's WebSocket itself). Output lines are those of the former register-load.mjs.
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public class RegisterLoad {
    static List<String> argv;
    static String url, originOverride, viaTransport;
    static long timeoutMs;
    static int expires;
    static HttpClient http;
    static final SecureRandom RND = new SecureRandom();
    static final long T0 = System.nanoTime();

    static String arg(String name, String def) {
        int i = argv.indexOf("--" + name);
        return i >= 0 && i + 1 < argv.size() ? argv.get(i + 1) : def;
    }

    static boolean flag(String name) { return argv.contains("--" + name); }

    static void fail(String message) {
        System.out.println("PROBLEM " + message);
        System.exit(2);
    }

    /** "30s" | "500ms" | "2m" | "30" (seconds) → milliseconds */
    static long ms(String v) {
        Matcher m = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m)?$").matcher(v);
        if (!m.matches()) fail("bad duration \"" + v + "\"");
        double x = Double.parseDouble(m.group(1));
        return (long) (x * (m.group(2) == null || m.group(2).equals("s") ? 1000 : m.group(2).equals("ms") ? 1 : 60_000));
    }

    static double nowMs() { return (System.nanoTime() - T0) / 1e6; }

    static String f(String fmt, Object... a) { return String.format(Locale.ROOT, fmt, a); }

    static String md5(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : d) b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            return b.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(int n) {  // lower-case letters and digits, as the former tool's base64url-derived tokens
        String abc = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(abc.charAt(RND.nextInt(abc.length())));
        return b.toString();
    }

    // ---------------------------------------------------------------- users
    static final class User {
        final String impu, webIdentity, wwsf, password, origin, domain, callId = token(22), contactUser = token(8);
        final String instance = UUID.randomUUID().toString();
        int cseq;

        User(String line) {
            String[] p = line.split(";");
            if (p.length < 4) fail("users file: expected user-part;web identity;WWSF;password, got " + line);
            impu = "sip:" + p[0] + "@ims.example.net";
            webIdentity = p[1];
            wwsf = p[2];
            password = p[3];
            origin = originOverride != null ? originOverride : "https://" + wwsf;
            domain = "ims.example.net";
        }
    }

    record Response(Object status, String www) {
        boolean ok() { return status instanceof Integer s && s >= 200 && s < 300; }
    }

    record Reg(boolean ok, Object status, double latencyMs) {}

    // ---------------------------------------------------------------- SIP over one WebSocket
    static final class Connection implements WebSocket.Listener {
        final List<User> users;
        final String origin, viaHost = token(12) + ".invalid";  // JsSIP style: RFC 7118 Appendix B, a .invalid host
        int next;
        volatile WebSocket ws;
        volatile boolean closed = true;
        volatile Pending pending;
        final StringBuilder partial = new StringBuilder();

        record Pending(String callId, int cseq, CompletableFuture<Response> done) {}

        Connection(List<User> users) {
            this.users = users;
            this.origin = users.get(0).origin;
        }

        /** null when open, else the error kind */
        String connect() {
            try {
                ws = http.newWebSocketBuilder().header("Origin", origin).subprotocols("sip").connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create(url), this).get(15, TimeUnit.SECONDS);
                closed = false;
                return null;
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                while (c != null && !(c instanceof WebSocketHandshakeException) && !(c instanceof ConnectException) && c.getCause() != null) c = c.getCause();
                if (c instanceof WebSocketHandshakeException h) return "http-" + h.getResponse().statusCode();
                if (c instanceof ConnectException) return "connect-ECONNREFUSED";
                return "connect-" + (c == null ? "error" : c.getClass().getSimpleName());
            } catch (TimeoutException e) {
                return "connect-timeout";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "connect-interrupted";
            }
        }

        @Override public void onOpen(WebSocket w) { w.request(1); }

        @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            w.request(1);
            return null;
        }

        @Override public CompletionStage<?> onBinary(WebSocket w, java.nio.ByteBuffer data, boolean last) { w.request(1); return null; }

        @Override public CompletionStage<?> onClose(WebSocket w, int code, String reason) { dropped(); return null; }

        @Override public void onError(WebSocket w, Throwable error) { dropped(); }

        void dropped() {
            closed = true;
            Pending p = pending;
            pending = null;
            if (p != null) p.done.complete(new Response("closed", null));
        }

        static final Pattern CALL_ID = Pattern.compile("\r\n(?:Call-ID|i)\\s*:\\s*([^\r\n]+)", Pattern.CASE_INSENSITIVE);
        static final Pattern CSEQ = Pattern.compile("\r\nCSeq\\s*:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
        static final Pattern WWW = Pattern.compile("\r\nWWW-Authenticate\\s*:\\s*([^\r\n]+)", Pattern.CASE_INSENSITIVE);

        static String header(Pattern p, String text) {
            Matcher m = p.matcher(text);
            return m.find() ? m.group(1).trim() : null;
        }

        void onMessage(String text) {
            Pending p = pending;
            if (!text.startsWith("SIP/2.0 ") || p == null) return;  // requests from the server are ignored
            int status;
            try { status = Integer.parseInt(text.substring(8, 11)); } catch (RuntimeException e) { return; }
            String cseq = header(CSEQ, text);
            if (!p.callId.equals(header(CALL_ID, text)) || cseq == null || Integer.parseInt(cseq) != p.cseq || status < 200) return;  // stale or provisional
            pending = null;
            p.done.complete(new Response(status, header(WWW, text)));
        }

        /** Sends one REGISTER, returns its final response or status "timeout" at the registration's deadline. */
        Response send(User u, String authorization, double deadline) {
            u.cseq += 1;
            StringBuilder b = new StringBuilder();
            b.append("REGISTER sip:").append(u.domain).append(" SIP/2.0\r\n")
                    .append("Via: SIP/2.0/").append(viaTransport).append(' ').append(viaHost).append(";branch=z9hG4bK").append(token(10)).append("\r\n")
                    .append("Max-Forwards: 69\r\n")
                    .append("To: <").append(u.impu).append(">\r\n")
                    .append("From: <").append(u.impu).append(">;tag=").append(token(10)).append("\r\n")
                    .append("Call-ID: ").append(u.callId).append("\r\n")
                    .append("CSeq: ").append(u.cseq).append(" REGISTER\r\n");
            if (authorization != null) b.append("Authorization: ").append(authorization).append("\r\n");
            b.append("WebRTC-Web-Identity: \"").append(u.webIdentity).append("\";wwsf=\"").append(u.wwsf).append("\"\r\n")  // profile D1
                    .append("Expires: ").append(expires).append("\r\n")
                    // RFC 7118 §5: transport=ws for WS and WSS; RFC 5626: reg-id + +sip.instance (JsSIP's exact Contact form)
                    .append("Contact: <sip:").append(u.contactUser).append('@').append(viaHost).append(";transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"<urn:uuid:")
                    .append(u.instance).append(">\";expires=").append(expires).append("\r\n")
                    .append("Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY,SUBSCRIBE\r\n")
                    .append("Supported: path,gruu,outbound\r\n")  // RFC 3327 path (else 421)
                    .append("User-Agent: ws-register-bench\r\n")
                    .append("Content-Length: 0\r\n\r\n");
            if (closed) return new Response("closed", null);
            CompletableFuture<Response> done = new CompletableFuture<>();
            pending = new Pending(u.callId, u.cseq, done);
            try {
                ws.sendText(b, true).get(Math.max(1, (long) (deadline - nowMs())), TimeUnit.MILLISECONDS);
                return done.get(Math.max(0, (long) (deadline - nowMs())), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending = null;
                return new Response("timeout", null);
            } catch (ExecutionException e) {
                pending = null;
                return new Response("closed", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending = null;
                return new Response("interrupted", null);
            }
        }

        static final Pattern PARAM = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*(?:\"([^\"]*)\"|([^\\s,]+))");

        /** One full registration of the connection's next user. */
        Reg register() {
            User u = users.get(next++ % users.size());
            double t0 = nowMs(), deadline = t0 + timeoutMs;
            Response r = send(u, null, deadline);
            for (int attempt = 0; Integer.valueOf(401).equals(r.status) && attempt < 2; attempt++) {  // 2nd try only on stale=TRUE (as JsSIP)
                String www = r.www == null ? "" : r.www;
                if (attempt == 1 && !Pattern.compile("stale\\s*=\\s*\"?true", Pattern.CASE_INSENSITIVE).matcher(www).find()) break;
                Map<String, String> c = new HashMap<>();
                Matcher m = PARAM.matcher(www);
                while (m.find()) c.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
                if (c.containsKey("algorithm") && !c.get("algorithm").equalsIgnoreCase("MD5")) return new Reg(false, "algorithm", nowMs() - t0);
                // RFC 2617 §3.2.2: response = MD5(MD5(user:realm:pw):nonce:nc:cnonce:qop:MD5(REGISTER:uri))
                String uri = "sip:" + u.domain, cnonce = token(12), nc = "00000001";
                String ha1 = md5(u.webIdentity + ":" + c.get("realm") + ":" + u.password);
                String response = md5(ha1 + ":" + c.get("nonce") + ":" + nc + ":" + cnonce + ":auth:" + md5("REGISTER:" + uri));
                String auth = "Digest algorithm=MD5, username=\"" + u.webIdentity + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce")
                        + "\", uri=\"" + uri + "\", response=\"" + response + "\"" + (c.containsKey("opaque") ? ", opaque=\"" + c.get("opaque") + "\"" : "")
                        + ", qop=auth, cnonce=\"" + cnonce + "\", nc=" + nc;
                r = send(u, auth, deadline);
            }
            return new Reg(r.ok(), r.status, nowMs() - t0);
        }

        boolean open() { return ws != null && !closed && !ws.isOutputClosed(); }

        void terminate() { if (ws != null) ws.abort(); }
    }

    // ---------------------------------------------------------------- helpers
    static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
    }

    static String fmt(double x) { return Double.isFinite(x) ? f("%.2f", x) : "NaN"; }

    static String countsText(Map<String, AtomicInteger> m) {
        return m.isEmpty() ? "-" : new TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    static void bump(Map<String, AtomicInteger> m, Object k) { m.computeIfAbsent(String.valueOf(k), x -> new AtomicInteger()).incrementAndGet(); }

    static int sum(Map<String, AtomicInteger> m) { return m.values().stream().mapToInt(AtomicInteger::get).sum(); }

    static String secs(long ms) { return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0); }

    static void sleep(double ms) {
        try { if (ms > 0) Thread.sleep((long) ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    /** Runs fn(k) for k in [0, n) on `limit` threads (at most `rate`/s started, 0 = unlimited); waits for all. */
    static void pool(int n, int limit, java.util.function.IntConsumer fn, double rate) throws InterruptedException {
        AtomicInteger i = new AtomicInteger();
        double t0 = nowMs();
        List<Thread> ts = new ArrayList<>();
        for (int w = 0; w < Math.min(limit, n); w++) {
            Thread t = new Thread(() -> {
                for (int k; (k = i.getAndIncrement()) < n; ) {
                    if (rate > 0) sleep(t0 + k * 1000.0 / rate - nowMs());
                    fn.accept(k);
                }
            });
            t.setDaemon(true);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
    }

    static ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(r -> { Thread t = new Thread(r, "progress"); t.setDaemon(true); return t; });
    }

    // ---------------------------------------------------------------- load mode
    static int load(List<String> lines) throws Exception {
        int connections = Integer.parseInt(arg("connections", "10"));
        long warmupMs = ms(arg("warmup", "5s")), durationMs = ms(arg("duration", "30s")), thinkMs = ms(arg("think", "0ms"));
        if (lines.size() < connections) fail(lines.size() + " users for " + connections + " connections: need at least one user per connection");
        List<List<User>> assigned = new ArrayList<>();
        for (int k = 0; k < connections; k++) assigned.add(new ArrayList<>());
        for (int i = 0; i < lines.size(); i++) assigned.get(i % connections).add(new User(lines.get(i)));  // user i → connection i % connections
        for (int k = 0; k < connections; k++) {
            // The eP-CSCF binds a connection to the WWSF of its Origin (profile D3): all users of one connection must share it.
            if (assigned.get(k).stream().map(u -> u.origin).distinct().count() > 1)
                fail("connection " + k + " would carry users of different origins/WWSFs (" + assigned.get(k).get(0).origin + ", ...): with "
                        + "the sipp naming every user has its own WWSF, so use --connections = number of users");
        }
        System.out.println(f("ws-register load: url=%s connections=%d users=%d warmup=%ss duration=%ss timeout=%ss expires=%d think=%dms users_per_connection=%d",
                url, connections, lines.size(), secs(warmupMs), secs(durationMs), secs(timeoutMs), expires, thinkMs, (lines.size() + connections - 1) / connections));
        List<Connection> conns = assigned.stream().map(Connection::new).toList();
        Map<String, AtomicInteger> connectErrors = new ConcurrentHashMap<>();
        pool(conns.size(), Integer.parseInt(arg("connect-concurrency", "200")), k -> {
            String e = conns.get(k).connect();
            if (e != null) bump(connectErrors, e);
        }, 0);
        List<Connection> open = conns.stream().filter(Connection::open).toList();
        if (open.isEmpty()) {
            System.out.println(f("RESULT step=load ok=0 connections=%d open=0 connect_errors=%s", connections, countsText(connectErrors)));
            return 1;
        }
        double t0 = nowMs(), measureFrom = t0 + warmupMs, measureTo = measureFrom + durationMs;
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        AtomicLong warmupRegs = new AtomicLong(), total = new AtomicLong();
        ScheduledExecutorService progress = timer();
        long every = ms(arg("progress", "5s"));
        progress.scheduleAtFixedRate(() -> System.err.println(f("progress t=%.0fs measured=%d errors=%d total=%d", (nowMs() - t0) / 1000,
                latencies.size(), sum(errors), total.get())), every, every, TimeUnit.MILLISECONDS);
        List<Thread> threads = new ArrayList<>();
        for (Connection c : open) {
            Thread t = new Thread(() -> {
                while (nowMs() < measureTo) {
                    if (c.closed) {  // reconnect a dropped connection (counted as error)
                        sleep(500);
                        String e = c.connect();
                        if (e != null) { if (nowMs() >= measureFrom) bump(errors, e); continue; }
                    }
                    Reg r = c.register();
                    total.incrementAndGet();
                    double now = nowMs();
                    if (now < measureFrom) { warmupRegs.incrementAndGet(); continue; }
                    if (now > measureTo) break;  // finished after the window: not counted
                    if (r.ok) latencies.add(r.latencyMs); else bump(errors, r.status);
                    if (thinkMs > 0) sleep(Math.min(thinkMs, Math.max(0, measureTo - nowMs())));
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        progress.shutdownNow();
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int nErr = sum(errors);
        double rate = lat.length / (durationMs / 1000.0);
        double p50 = percentile(lat, 0.5), p90 = percentile(lat, 0.9), p99 = percentile(lat, 0.99), max = lat.length == 0 ? Double.NaN : lat[lat.length - 1];
        System.out.println(f("connections open: %d/%d%s", open.size(), connections, connectErrors.isEmpty() ? "" : " (connect errors " + countsText(connectErrors) + ")"));
        System.out.println(f("warm-up: %d registrations in %s s (not counted)", warmupRegs.get(), secs(warmupMs)));
        System.out.println(f("measured: %d registrations in %s s = %.1f registrations/s", lat.length, secs(durationMs), rate));
        System.out.println(f("latency ms (first REGISTER sent -> 200 received): p50=%s p90=%s p99=%s max=%s", fmt(p50), fmt(p90), fmt(p99), fmt(max)));
        System.out.println(f("errors: %d (by status: %s)", nErr, countsText(errors)));
        boolean ok = nErr == 0 && connectErrors.isEmpty() && lat.length > 0;
        System.out.println(f("RESULT step=load ok=%d connections=%d open=%d users=%d warmup_s=%s duration_s=%s think_ms=%d registrations=%d rate_per_s=%.1f "
                        + "p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s errors=%d errors_by_status=%s connect_errors=%s",
                ok ? 1 : 0, connections, open.size(), lines.size(), secs(warmupMs), secs(durationMs), thinkMs, lat.length, rate,
                fmt(p50), fmt(p90), fmt(p99), fmt(max), nErr, countsText(errors), countsText(connectErrors)));
        conns.forEach(Connection::terminate);
        return ok ? 0 : 1;
    }

    // ---------------------------------------------------------------- hold mode
    static int hold(List<String> lines) throws Exception {
        int n = Integer.parseInt(arg("hold", "0"));
        if (n <= 0) fail("--hold N needs a positive integer");
        if (lines.size() < n) fail("--hold " + n + " needs " + n + " users (one registered user per connection), the file has " + lines.size());
        long holdForMs = arg("hold-for", null) == null ? -1 : ms(arg("hold-for", null));
        int concurrency = Integer.parseInt(arg("concurrency", "200"));
        double connectRate = Double.parseDouble(arg("connect-rate", "0"));
        System.out.println(f("ws-register hold: url=%s connections=%d concurrency=%d connect_rate=%s/s expires=%d hold_for=%s", url, n, concurrency,
                connectRate > 0 ? arg("connect-rate", "0") : "unlimited", expires, holdForMs >= 0 ? secs(holdForMs) + "s" : "until SIGINT"));
        List<Connection> conns = new ArrayList<>();
        for (int k = 0; k < n; k++) conns.add(new Connection(List.of(new User(lines.get(k)))));
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        AtomicInteger registered = new AtomicInteger(), attempted = new AtomicInteger();
        double t0 = nowMs();
        java.util.function.Function<String, String> stateLine = label -> f("%s t=%.0fs attempted=%d/%d registered=%d open=%d errors=%s", label,
                (nowMs() - t0) / 1000, attempted.get(), n, registered.get(), conns.stream().filter(Connection::open).count(), countsText(errors));
        ScheduledExecutorService progress = timer();
        long every = ms(arg("progress", "5s"));
        progress.scheduleAtFixedRate(() -> System.out.println(stateLine.apply("HOLD")), every, every, TimeUnit.MILLISECONDS);
        AtomicBoolean interrupted = new AtomicBoolean(), done = new AtomicBoolean();
        CountDownLatch end = new CountDownLatch(1);
        double[] rampS = {Double.NaN};
        Runnable finish = () -> {
            if (!done.compareAndSet(false, true)) return;
            progress.shutdownNow();
            long open = conns.stream().filter(Connection::open).count();
            boolean ok = registered.get() == n && open == n;
            double ramp = Double.isNaN(rampS[0]) ? (nowMs() - t0) / 1000 : rampS[0];
            System.out.println(f("RESULT step=hold ok=%d connections=%d registered=%d open_at_end=%d ramp_s=%.1f held_s=%.1f errors=%s", ok ? 1 : 0, n,
                    registered.get(), open, ramp, (nowMs() - t0) / 1000 - ramp, countsText(errors)));
            System.out.flush();
            conns.forEach(Connection::terminate);
            Runtime.getRuntime().halt(ok ? 0 : 1);
        };
        // Ctrl-C / SIGTERM: during the ramp, stop ramping and report; during the hold, end it and report
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { interrupted.set(true); end.countDown(); finish.run(); }));
        pool(n, concurrency, k -> {
            if (interrupted.get()) return;
            attempted.incrementAndGet();
            Connection c = conns.get(k);
            String e = c.connect();
            if (e != null) { bump(errors, e); return; }
            Reg r = c.register();
            if (r.ok) registered.incrementAndGet(); else bump(errors, r.status);
        }, connectRate);
        rampS[0] = (nowMs() - t0) / 1000;
        System.out.println(stateLine.apply("RAMPED") + f(" ramp_s=%.1f", rampS[0]));
        // Idle: nothing is sent; the JDK's WebSocket answers the eP-CSCF's Pings; server requests are ignored.
        if (!interrupted.get()) {
            if (holdForMs >= 0) end.await(holdForMs, TimeUnit.MILLISECONDS); else end.await();
        }
        finish.run();
        return 0;
    }

    public static void main(String[] args) throws Exception {
        argv = Arrays.asList(args);
        url = arg("url", null);
        if (url == null) fail("--url is required");
        String usersFile = arg("users", null);
        if (usersFile == null) fail("--users is required");
        originOverride = arg("origin", null);
        timeoutMs = ms(arg("timeout", "5s"));
        expires = Integer.parseInt(arg("expires", arg("hold", null) != null ? "3600" : "600"));
        viaTransport = url.startsWith("wss:") ? "WSS" : "WS";  // RFC 7118 §5: Via SIP/2.0/WS or WSS
        List<String> lines = Files.readAllLines(Path.of(usersFile)).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.equals("SEQUENTIAL") && !l.equals("RANDOM") && !l.startsWith("#")).toList();
        if (lines.isEmpty()) fail("users file must have at least one user");
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (url.startsWith("wss:") && !flag("reject-unauthorized")) {  // as the former tool: certificates not checked unless asked
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) {}
                public void checkServerTrusted(X509Certificate[] c, String a) {}
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            b.sslContext(ssl);
        }
        http = b.build();
        int rc = arg("hold", null) != null ? hold(lines) : load(lines);
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }
}
