// Closed-loop (or fixed-rate) load generator for the HSS Cx registration sequence UAR -> MAR -> SAR.
// JDK 17, no dependencies: run with the source launcher, `java bench/hss/LoadGen.java --help`.
//
// Every worker owns one keep-alive HTTP/1.1 connection (engine "socket": a minimal blocking HTTP/1.1 client on
// java.net.Socket, so exactly C connections) or shares java.net.http.HttpClient (engine "jdk", HTTP/1.1, at most
// C connections since each worker has one request in flight), and a disjoint slice of the users (user i belongs
// to worker i % C), so no two concurrent sequences touch the same IMPU. Request bytes are built before the clock.
//
// Latency: every sequence (start of UAR to end of SAR) and every request is recorded in nanoseconds and kept
// (no histogram buckets), so percentiles are exact (nearest rank). With --rate R (sequences/s over all workers)
// sequence k is due at t0 + k/R and its latency is measured from that due time (coordinated omission corrected);
// per-request latencies are always from the moment the request is sent.
//
// Phases: warm-up, then measured. A sample belongs to the phase in which it completes. The warm-up lasts --warmup
// seconds; with --warmup-max it goes on until the JIT compiler threads of the JVMs in --jit-pids (and of this one)
// are idle (< --jit-idle-cores over --jit-window seconds) or --warmup-max is reached. --hook-start runs (sh -c)
// right before the measured window opens, --hook-end right after it closes (used by run.sh for CPU snapshots);
// they get LOADGEN_PID in their environment.
//
// Identities (must match naming hss of bench/common/Bench.java): user i = web identity "bench-%07d@idp.example.com",
// IMPU "sip:user<i>@ims.example.net", password "<salt>-<i>", H(A1) = MD5(webIdentity:realm:password).
//
// Output (stdout): machine-readable lines (RESULT, LAT, ERR, SAMPLE, UAR, CLIENT, TIMELINE) for run.sh, see report().

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class LoadGen {

    static final int UAR = 0, MAR = 1, SAR = 2;
    static final String[] STEP = {"UAR", "MAR", "SAR"};
    static final int WARMUP = 0, MEASURE = 1, DONE = 2;
    static final String[] PHASE = {"warmup", "measure"};

    // ---- options ----------------------------------------------------------------------------------------------
    static String url = "http://127.0.0.1:8091";
    static int users = 10_000;
    static int concurrency = 32;
    static double warmupS = 60, durationS = 30;
    static double rate = 0;                 // 0 = closed loop
    static int timeoutMs = 5000;
    static String engine = "socket";
    static String salt = "bench";
    static String wwsf = "wwsf.example.com";
    static String realm = null;             // default: the WWSF identity
    static String scscf = "sip:scscf1.ims.example.net:5060;transport=tcp";
    static String visited = "ims.example.net";
    static String hookStart = null, hookEnd = null, timelineFile = null;
    static double warmupMaxS = -1;          // < warmupS: fixed warm-up of warmupS
    static double jitIdleCores = 0.05;      // warm-up ends when the JIT threads used less than this ...
    static double jitWindowS = 10;          // ... over the last jitWindowS seconds
    static List<Long> jitPids = new ArrayList<>();
    /** S-CSCF token (MAR, SAR); I-CSCF token (UAR): one role per caller at the HSS. */
    static String token;
    static String uarToken;

    // ---- shared state -----------------------------------------------------------------------------------------
    static volatile int phase = WARMUP;
    static volatile long measureStartNs, measureEndNs;
    static long loadStartNs;
    static final AtomicLong tickets = new AtomicLong();
    static final Map<String, String> samples = new ConcurrentHashMap<>();   // "phase step status" -> first body
    static final List<Worker> workers = new CopyOnWriteArrayList<>();

    static String host;
    static int port;
    static byte[][][] requestBytes;         // [step][user] full HTTP/1.1 request (socket engine)
    static URI[][] uris;                    // [step][user]                       (jdk engine)
    static byte[][][] bodies;               // [step][user]                       (jdk engine)
    static String[] ha1Marker;              // [user] "\"digestHa1\":\"<hex>\""

    public static void main(String[] args) throws Exception {
        parse(args);
        URI base = URI.create(url);
        host = base.getHost();
        port = base.getPort() > 0 ? base.getPort() : 80;
        token = System.getenv("BENCH_CSCF_TOKEN");
        if (token == null || token.length() < 16) {
            die("BENCH_CSCF_TOKEN (the S-CSCF's bearer token at the HSS, role S_CSCF) must be set");
        }
        uarToken = System.getenv().getOrDefault("BENCH_ICSCF_TOKEN", token);
        if (users < concurrency) {
            die("--users (" + users + ") must be >= --concurrency (" + concurrency + "): users are split per worker");
        }
        long prep0 = System.nanoTime();
        prepare();
        log(String.format(Locale.ROOT, "prepared %d users x 3 requests in %.1f s; engine=%s C=%d warm-up %.0fs "
                + "measured %.0fs %s", users, (System.nanoTime() - prep0) / 1e9, engine, concurrency, warmupS,
                durationS, rate > 0 ? "rate " + rate + "/s" : "closed loop"));

        HttpClient jdk = engine.equals("jdk") ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(timeoutMs)).build() : null;
        long cpu0 = processCpuNs();
        loadStartNs = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Worker worker = new Worker(w, jdk);
            workers.add(worker);
            Thread t = new Thread(worker, "worker-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);

        warmUp();
        runHook(hookStart);
        long cpuMeasure0 = processCpuNs();
        measureStartNs = System.nanoTime();
        phase = MEASURE;
        log("warm-up done; measuring");
        sleepUntil(measureStartNs + (long) (durationS * 1e9));
        measureEndNs = System.nanoTime();
        phase = DONE;
        long cpuMeasure1 = processCpuNs();
        runHook(hookEnd);
        long joinDeadline = System.currentTimeMillis() + timeoutMs * 3L + 1000;  // a worker may be mid-sequence
        for (Thread t : threads) {
            t.join(Math.max(1, joinDeadline - System.currentTimeMillis()));
        }
        report(cpuMeasure1 - cpuMeasure0, processCpuNs() - cpu0);
    }

    /**
     * Load runs for at least warmupS; with warmupMaxS > warmupS it goes on until the JIT compiler threads of the
     * watched JVMs (--jit-pids and this one) used less than jitIdleCores over the last jitWindowS seconds, or
     * warmupMaxS is reached. Progress every 10 s on stderr and as WARMUP lines on stdout.
     */
    static void warmUp() throws InterruptedException {
        List<Long> pids = new ArrayList<>(jitPids);
        pids.add(ProcessHandle.current().pid());
        double max = Math.max(warmupS, warmupMaxS);
        List<long[]> history = new ArrayList<>();  // {nanoTime, jit ticks, sequences}
        long lastReport = loadStartNs;
        long lastSeqs = 0;
        long lastJit = jitTicks(pids);
        history.add(new long[] {loadStartNs, lastJit, 0});
        String reason = "fixed";
        while (true) {
            long now = System.nanoTime();
            double t = (now - loadStartNs) / 1e9;
            long jit = jitTicks(pids);
            long seqs = 0;
            for (Worker w : workers) {
                seqs += w.lat[WARMUP][0].n;  // racy read, progress only
            }
            history.add(new long[] {now, jit, seqs});
            long[] from = history.get(0);
            for (long[] h : history) {
                if ((now - h[0]) / 1e9 <= jitWindowS) {
                    break;
                }
                from = h;
            }
            double windowS = (now - from[0]) / 1e9;
            double jitCores = windowS > 0 ? (jit - from[1]) / 100.0 / windowS : 0;  // USER_HZ = 100
            if ((now - lastReport) / 1e9 >= 10 - 1e-3) {
                double rate = (seqs - lastSeqs) / ((now - lastReport) / 1e9);
                System.out.printf(Locale.ROOT, "WARMUP t=%.0f seq_per_s=%.1f jit_cores=%.2f%n", t, rate, jitCores);
                log(String.format(Locale.ROOT, "warm-up %3.0fs: %6.1f sequences/s, JIT %.2f cores over the last %.0fs",
                        t, rate, jitCores, windowS));
                lastReport = now;
                lastSeqs = seqs;
            }
            if (t >= warmupS) {
                if (max <= warmupS) {
                    break;
                }
                if (windowS >= jitWindowS - 1e-3 && jitCores < jitIdleCores) {
                    reason = String.format(Locale.ROOT, "jit-idle (%.2f < %.2f cores)", jitCores, jitIdleCores);
                    break;
                }
                if (t >= max) {
                    reason = String.format(Locale.ROOT, "max-reached (jit still %.2f cores)", jitCores);
                    log("WARNING: warm-up limit reached while the JIT still uses " + String.format(Locale.ROOT,
                            "%.2f", jitCores) + " cores: the measured numbers include compilation");
                    break;
                }
            }
            Thread.sleep(1000);
        }
        System.out.printf(Locale.ROOT, "WARMUP_END seconds=%.1f reason=%s%n", (System.nanoTime() - loadStartNs) / 1e9,
                reason);
    }

    /** CPU ticks (user + system) of the JIT compiler threads of these processes. */
    static long jitTicks(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (!Files.readString(task.resolve("comm")).contains("Compiler")) {
                            continue;
                        }
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    } catch (IOException | RuntimeException e) {
                        // thread gone
                    }
                }
            } catch (IOException e) {
                // process gone or not Linux
            }
        }
        return sum;
    }

    // ---- request preparation ----------------------------------------------------------------------------------

    static String webIdentity(int i) {
        return String.format(Locale.ROOT, "bench-%07d@idp.example.com", i);
    }

    static String impu(int i) {
        return "sip:user" + i + "@ims.example.net";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);  // encodes ':' '@' ';' '+' too; no spaces in ids
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static void prepare() throws Exception {
        String r = realm == null ? wwsf : realm;
        requestBytes = new byte[3][users][];
        uris = new URI[3][users];
        bodies = new byte[3][users][];
        ha1Marker = new String[users];
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (int i = 0; i < users; i++) {
            String web = webIdentity(i), pu = impu(i);
            String[] paths = {
                "/cx/v1/impus/" + enc(pu) + "/authorize",
                "/cx/v1/impis/" + enc(web) + "/auth-data",
                "/cx/v1/impus/" + enc(pu) + "/scscf-registration"};
            String[] methods = {"POST", "POST", "PUT"};
            String[] body = {
                "{\"impi\":" + json(web) + ",\"authorizationType\":\"REGISTRATION\",\"visitedNetworkIdentifier\":"
                    + json(visited) + ",\"wwsfIdentity\":" + json(wwsf) + "}",
                "{\"impu\":" + json(pu) + ",\"wwsfIdentity\":" + json(wwsf) + ",\"serverName\":" + json(scscf)
                    + ",\"authScheme\":\"SIP Digest\",\"numberAuthItems\":1}",
                "{\"impi\":" + json(web) + ",\"serverName\":" + json(scscf)
                    + ",\"assignmentType\":\"REGISTRATION\",\"userDataAlreadyAvailable\":false}"};
            for (int s = 0; s < 3; s++) {
                byte[] b = body[s].getBytes(StandardCharsets.UTF_8);
                bodies[s][i] = b;
                uris[s][i] = URI.create(url + paths[s]);
                String head = methods[s] + " " + paths[s] + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAuthorization: Bearer " + (s == UAR ? uarToken : token)
                        + "\r\nContent-Type: application/json\r\n"
                        + "Accept: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
                byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
                byte[] all = Arrays.copyOf(h, h.length + b.length);
                System.arraycopy(b, 0, all, h.length, b.length);
                requestBytes[s][i] = all;
            }
            byte[] digest = md5.digest((web + ":" + r + ":" + salt + "-" + i).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (byte d : digest) {
                hex.append(String.format("%02x", d & 0xff));
            }
            ha1Marker[i] = "\"digestHa1\":\"" + hex + "\"";
        }
    }

    // ---- workers ----------------------------------------------------------------------------------------------

    /** A growable array of nanosecond samples. */
    static final class Samples {
        long[] v = new long[1 << 14];
        int n;

        void add(long x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }
    }

    record Answer(int status, byte[] body, String error) {
    }

    static final class Worker implements Runnable {
        final int id;
        final int[] mine;
        final HttpClient jdk;
        // [phase][0 = sequence, 1..3 = UAR, MAR, SAR]
        final Samples[][] lat = {{new Samples(), new Samples(), new Samples(), new Samples()},
                                 {new Samples(), new Samples(), new Samples(), new Samples()}};
        final long[] failed = new long[2];
        final long[][] requests = new long[2][3];
        final long[][] uarResults = new long[2][2];       // [phase][first, subsequent]
        final Map<String, Long> errors = new HashMap<>(); // "phase step status" -> count
        int[] timeline = new int[0];
        long connects;
        // socket engine
        Socket socket;
        OutputStream out;
        InputStream in;

        Worker(int id, HttpClient jdk) {
            this.id = id;
            this.jdk = jdk;
            int count = users / concurrency + (id < users % concurrency ? 1 : 0);
            this.mine = new int[count];
            for (int k = 0; k < count; k++) {
                mine[k] = id + k * concurrency;
            }
            this.timeline = new int[(int) Math.ceil(durationS) + 2];
        }

        @Override
        public void run() {
            double periodNs = rate > 0 ? 1e9 / rate : 0;
            int next = 0;
            try {
                while (phase != DONE) {
                    long due;
                    if (rate > 0) {
                        due = loadStartNs + (long) (tickets.getAndIncrement() * periodNs);
                        long now;
                        while ((now = System.nanoTime()) < due) {
                            LockSupport.parkNanos(due - now);
                        }
                        if (phase == DONE) {
                            break;
                        }
                    } else {
                        due = System.nanoTime();
                    }
                    int user = mine[next];
                    next = next + 1 == mine.length ? 0 : next + 1;
                    sequence(user, due);
                }
            } finally {
                closeSocket();
            }
        }

        void sequence(int user, long due) {
            for (int step = 0; step < 3; step++) {
                long t0 = System.nanoTime();
                Answer a = exchange(step, user);
                long t1 = System.nanoTime();
                int ph = phase;
                if (ph == DONE) {
                    return;  // completes after the measured window: not counted anywhere
                }
                requests[ph][step]++;
                lat[ph][step + 1].add(t1 - t0);
                String problem = check(step, user, a, ph);
                if (problem != null) {
                    failed[ph]++;
                    String key = PHASE[ph] + " " + STEP[step] + " " + problem;
                    errors.merge(key, 1L, Long::sum);
                    if (a.body != null) {
                        samples.putIfAbsent(key, new String(a.body, 0, Math.min(a.body.length, 600),
                                StandardCharsets.UTF_8).replaceAll("\\s+", " "));
                    } else if (a.error != null) {
                        samples.putIfAbsent(key, a.error);
                    }
                    return;  // the sequence is aborted, like a CSCF would
                }
            }
            long end = System.nanoTime();
            int ph = phase;
            if (ph == DONE) {
                return;
            }
            lat[ph][0].add(end - due);
            if (ph == MEASURE) {
                int second = (int) ((end - measureStartNs) / 1_000_000_000L);
                if (second >= 0 && second < timeline.length) {
                    timeline[second]++;
                }
            }
        }

        /** null when the answer is what the flow expects, else a short error key (status or reason). */
        String check(int step, int user, Answer a, int ph) {
            if (a.error != null) {
                return a.error.startsWith("timeout") ? "timeout" : "io-error";
            }
            if (a.status != 200) {
                return String.valueOf(a.status);
            }
            String body = new String(a.body, StandardCharsets.ISO_8859_1);
            switch (step) {
                case UAR -> {
                    if (body.contains("\"resultCode\":2002")) {
                        uarResults[ph][1]++;
                    } else if (body.contains("\"resultCode\":2001")) {
                        uarResults[ph][0]++;
                    } else {
                        return "200-unexpected-body";
                    }
                }
                case MAR -> {
                    if (!body.contains(ha1Marker[user])) {
                        return "200-wrong-or-missing-ha1";
                    }
                }
                default -> {
                    if (!body.contains("\"resultCode\":2001")) {
                        return "200-unexpected-body";
                    }
                }
            }
            return null;
        }

        Answer exchange(int step, int user) {
            if (jdk != null) {
                try {
                    HttpRequest.Builder b = HttpRequest.newBuilder(uris[step][user])
                            .timeout(Duration.ofMillis(timeoutMs))
                            .header("Authorization", "Bearer " + (step == UAR ? uarToken : token))
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json");
                    HttpRequest.BodyPublisher p = HttpRequest.BodyPublishers.ofByteArray(bodies[step][user]);
                    b = step == SAR ? b.PUT(p) : b.POST(p);
                    HttpResponse<byte[]> r = jdk.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    return new Answer(r.statusCode(), r.body(), null);
                } catch (java.net.http.HttpTimeoutException e) {
                    return new Answer(0, null, "timeout: " + e);
                } catch (IOException e) {
                    return new Answer(0, null, "io: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Answer(0, null, "io: interrupted");
                }
            }
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port), timeoutMs);
                    socket.setSoTimeout(timeoutMs);
                    out = new BufferedOutputStream(socket.getOutputStream(), 8192);
                    in = new BufferedInputStream(socket.getInputStream(), 16384);
                    connects++;
                }
                out.write(requestBytes[step][user]);
                out.flush();
                return readResponse();
            } catch (SocketTimeoutException e) {
                closeSocket();
                return new Answer(0, null, "timeout: " + e.getMessage());
            } catch (IOException e) {
                closeSocket();
                return new Answer(0, null, "io: " + e);
            }
        }

        void closeSocket() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }

        private final StringBuilder line = new StringBuilder(128);

        String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        Answer readResponse() throws IOException {
            while (true) {
                String status = readLine();
                if (!status.startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP status line: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false, close = status.startsWith("HTTP/1.0");
                for (String h; !(h = readLine()).isEmpty(); ) {
                    int colon = h.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> close = value.equalsIgnoreCase("close") ? true
                                : value.equalsIgnoreCase("keep-alive") ? false : close;
                        default -> { }
                    }
                }
                if (code >= 100 && code < 200) {
                    continue;  // interim answer; the real one follows
                }
                byte[] body;
                if (code == 204 || code == 304) {
                    body = new byte[0];
                } else if (chunked) {
                    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(512);
                    while (true) {
                        String size = readLine();
                        int semi = size.indexOf(';');
                        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                        if (n == 0) {
                            while (!readLine().isEmpty()) {
                                // trailers
                            }
                            break;
                        }
                        buf.write(readExactly(n));
                        readLine();
                    }
                    body = buf.toByteArray();
                } else if (length >= 0) {
                    body = readExactly((int) length);
                } else {
                    body = in.readAllBytes();
                    close = true;
                }
                if (close) {
                    closeSocket();
                }
                return new Answer(code, body, null);
            }
        }

        byte[] readExactly(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new EOFException("body cut short");
            }
            return b;
        }
    }

    // ---- report -----------------------------------------------------------------------------------------------

    static String latencyLine(String ph, String what, Samples[] parts) {
        int n = 0;
        for (Samples s : parts) {
            n += s.n;
        }
        long[] all = new long[n];
        int k = 0;
        double sum = 0;
        for (Samples s : parts) {
            System.arraycopy(s.v, 0, all, k, s.n);
            k += s.n;
        }
        Arrays.sort(all);
        for (long v : all) {
            sum += v;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "LAT phase=%s what=%s count=%d", ph, what, n));
        if (n == 0) {
            return sb.append(" p50_ms=NA p90_ms=NA p99_ms=NA p999_ms=NA max_ms=NA mean_ms=NA").toString();
        }
        double[] ps = {50, 90, 99, 99.9};
        String[] names = {"p50", "p90", "p99", "p999"};
        for (int i = 0; i < ps.length; i++) {
            int rank = (int) Math.ceil(ps[i] / 100.0 * n);  // nearest rank
            sb.append(String.format(Locale.ROOT, " %s_ms=%.2f", names[i], all[Math.max(rank, 1) - 1] / 1e6));
        }
        sb.append(String.format(Locale.ROOT, " max_ms=%.2f mean_ms=%.2f min_ms=%.2f", all[n - 1] / 1e6,
                sum / n / 1e6, all[0] / 1e6));
        return sb.toString();
    }

    static void report(long cpuMeasureNs, long cpuTotalNs) throws IOException {
        double measuredS = (measureEndNs - measureStartNs) / 1e9;
        double warmS = (measureStartNs - loadStartNs) / 1e9;
        for (int ph = 0; ph < 2; ph++) {
            long seqs = 0, fails = 0, reqs = 0, first = 0, subsequent = 0;
            long[] perStep = new long[3];
            for (Worker w : workers) {
                seqs += w.lat[ph][0].n;
                fails += w.failed[ph];
                for (int s = 0; s < 3; s++) {
                    perStep[s] += w.requests[ph][s];
                    reqs += w.requests[ph][s];
                }
                first += w.uarResults[ph][0];
                subsequent += w.uarResults[ph][1];
            }
            double secs = ph == MEASURE ? measuredS : warmS;
            System.out.printf(Locale.ROOT, "RESULT phase=%s seconds=%.2f sequences=%d seq_per_s=%.1f failed=%d "
                    + "requests=%d req_per_s=%.1f uar=%d mar=%d sar=%d%n", PHASE[ph], secs, seqs, seqs / secs, fails,
                    reqs, reqs / secs, perStep[0], perStep[1], perStep[2]);
            System.out.printf(Locale.ROOT, "UAR phase=%s first_registration=%d subsequent_registration=%d%n",
                    PHASE[ph], first, subsequent);
            final int p = ph;
            System.out.println(latencyLine(PHASE[ph], "sequence",
                    workers.stream().map(w -> w.lat[p][0]).toArray(Samples[]::new)));
            for (int s = 0; s < 3; s++) {
                final int st = s + 1;
                System.out.println(latencyLine(PHASE[ph], STEP[s],
                        workers.stream().map(w -> w.lat[p][st]).toArray(Samples[]::new)));
            }
        }
        Map<String, Long> errors = new TreeMap<>();
        for (Worker w : workers) {
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        errors.forEach((k, v) -> {
            String[] f = k.split(" ", 3);
            System.out.printf("ERR phase=%s step=%s status=%s count=%d%n", f[0], f[1], f[2], v);
        });
        new TreeMap<>(samples).forEach((k, v) -> System.out.println("SAMPLE " + k.replace(' ', '/') + " " + v));
        int[] timeline = new int[(int) Math.ceil(durationS) + 2];
        long connects = 0;
        for (Worker w : workers) {
            for (int i = 0; i < timeline.length; i++) {
                timeline[i] += w.timeline[i];
            }
            connects += w.connects;
        }
        int full = (int) Math.floor(measuredS);  // whole seconds only
        int min = Integer.MAX_VALUE, max = 0;
        for (int i = 0; i < full; i++) {
            min = Math.min(min, timeline[i]);
            max = Math.max(max, timeline[i]);
        }
        if (timelineFile != null) {
            try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(Path.of(timelineFile)))) {
                pw.println("second,sequences_completed");
                for (int i = 0; i < full; i++) {
                    pw.println(i + "," + timeline[i]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "TIMELINE seconds=%d min_per_s=%d max_per_s=%d%n", full,
                full > 0 ? min : 0, max);
        System.out.printf(Locale.ROOT, "CLIENT engine=%s concurrency=%d connects=%s cpu_measure_s=%.2f "
                        + "cpu_measure_cores=%.2f cpu_total_s=%.2f mode=%s%n", engine, concurrency,
                engine.equals("socket") ? String.valueOf(connects) : "NA", cpuMeasureNs / 1e9,
                cpuMeasureNs / 1e9 / measuredS, cpuTotalNs / 1e9, rate > 0 ? "rate:" + rate : "closed-loop");
        System.out.flush();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static long processCpuNs() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    static void sleepUntil(long deadlineNs) throws InterruptedException {
        long now;
        while ((now = System.nanoTime()) < deadlineNs) {
            Thread.sleep(Math.max(1, Math.min(1000, (deadlineNs - now) / 1_000_000)));
        }
    }

    static void runHook(String command) throws IOException, InterruptedException {
        if (command == null || command.isBlank()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).inheritIO();
        pb.environment().put("LOADGEN_PID", String.valueOf(ProcessHandle.current().pid()));
        int rc = pb.start().waitFor();
        if (rc != 0) {
            log("hook exited with " + rc + ": " + command);
        }
    }

    static void log(String message) {
        System.err.println("[loadgen] " + message);
    }

    static void die(String message) {
        log("ERROR: " + message);
        System.exit(2);
    }

    static void parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("java LoadGen.java [--url U] [--users N] [--concurrency C] [--warmup S] "
                        + "[--duration S] [--rate R] [--timeout-ms MS] [--engine socket|jdk] [--salt S] [--wwsf W] "
                        + "[--realm R] [--scscf NAME] [--visited NET] [--hook-start CMD] [--hook-end CMD] "
                        + "[--timeline FILE] [--warmup-max S --jit-pids P,P [--jit-idle-cores 0.05] [--jit-window 10]]   "
                        + "(token in BENCH_CSCF_TOKEN)");
                System.exit(0);
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                die("bad argument " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        for (Map.Entry<String, String> e : o.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "url" -> url = v.replaceAll("/+$", "");
                case "users" -> users = Integer.parseInt(v);
                case "concurrency" -> concurrency = Integer.parseInt(v);
                case "warmup" -> warmupS = seconds(v);
                case "duration" -> durationS = seconds(v);
                case "rate" -> rate = Double.parseDouble(v);
                case "timeout-ms" -> timeoutMs = Integer.parseInt(v);
                case "engine" -> engine = v;
                case "salt" -> salt = v;
                case "wwsf" -> wwsf = v;
                case "realm" -> realm = v;
                case "scscf" -> scscf = v;
                case "visited" -> visited = v;
                case "hook-start" -> hookStart = v;
                case "hook-end" -> hookEnd = v;
                case "timeline" -> timelineFile = v;
                case "warmup-max" -> warmupMaxS = seconds(v);
                case "jit-idle-cores" -> jitIdleCores = Double.parseDouble(v);
                case "jit-window" -> jitWindowS = seconds(v);
                case "jit-pids" -> {
                    for (String pid : v.split(",")) {
                        if (!pid.isBlank()) {
                            jitPids.add(Long.parseLong(pid.trim()));
                        }
                    }
                }
                default -> die("unknown option --" + e.getKey());
            }
        }
        if (!engine.equals("socket") && !engine.equals("jdk")) {
            die("--engine must be socket or jdk");
        }
        if (concurrency < 1 || users < 1 || durationS <= 0 || warmupS < 0) {
            die("bad --users / --concurrency / --duration / --warmup");
        }
    }

    /** "30", "30s", "2m" -> seconds. */
    static double seconds(String v) {
        v = v.trim();
        if (v.endsWith("ms")) {
            return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000;
        }
        if (v.endsWith("s")) {
            return Double.parseDouble(v.substring(0, v.length() - 1));
        }
        if (v.endsWith("m")) {
            return Double.parseDouble(v.substring(0, v.length() - 1)) * 60;
        }
        return Double.parseDouble(v);
    }
}
