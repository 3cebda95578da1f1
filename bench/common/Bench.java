// The bench tree's shared Java helpers (JDK 17, no dependencies): users and provisioning, CPU accounting from /proc,
// statistics and reports. The bench scripts call it through bench/common/lib.sh (`bench_tool CMD ...`, compiled once
// per content into /tmp); by hand: `java bench/common/Bench.java CMD ...`. Every command prints key=value lines.
//
// users and provisioning (one naming per bench; see users()):
//   users-csv  --naming N --users K --out FILE [--first I] [--password P] [--shared-identity]
//              sipp's injection file (user-part;web identity;WWSF;password), also read by RegisterLoad.java
//   wwsfs-yml  --users K --out FILE        epcscf.wwsfs.statics with the WWSFs + origins of naming sipp
//   provision  --naming N --hss URL --proxy URL --users K [--threads T] [--password P] [--salt S] [--shared-identity]
//              tokens: BENCH_HSS_ADMIN_TOKEN (HSS, ADMIN), BENCH_PROXY_SYNC_TOKEN (proxy, ADMIN or SYNC)
//   verify-cx  --hss URL --users K [--user I] [--salt S]   one Cx registration (UAR, MAR, SAR, UAR, LIR) + negatives
//              tokens: BENCH_CSCF_TOKEN (S_CSCF), BENCH_ICSCF_TOKEN (I_CSCF), BENCH_HSS_ADMIN_TOKEN
//   sync       --url U --token T --prefix p --count K --version V [--requests R] [--expect CREATED] [--label L]
//              [--salt S] [--cpu-snap SCRIPT]  the proxy's credential batch sync, timed; with SCRIPT (lib.sh
//              cpu_snap_script: `SCRIPT FILE` writes a CPU snapshot) the CPU of its groups around the HTTP exchanges
//   sync-verify --url U --token T --prefix p --count K --version V [--sample 50] [--salt S]
// CPU (snapshots: lib.sh cpu_snap, awk over /proc; a group = its root PIDs and all their descendants; JVM roots also
// get their JIT and GC threads):
//   cpu-diff FILE0 FILE1 [RATE] [--client-seconds S]
//        -> wall_s machine_busy_pct <name>_cores (<name>_jit <name>_gc) ... [client_cores] irq_cores foreign_cores
//           cores top_foreign missing_groups [cpums_<name> ... cpums_total (with RATE: CPU ms per registration)]
//   pg-split FILE0 FILE1 PREFIX      PostgreSQL backends of the group "postgres" split by database name prefix
// reports:
//   sipp-phase DIR [RC]   gc FILE [FROM [TO]]   metrics FILE   pgstat-diff F0 F1 SEQUENCES   pg-db-diff F0 F1 RATE S
//   wrk FILE   jfr-summary FILE [TOP]   anchor-summary PHASES [RATE_RATIO P99_RATIO P50_RATIO CPU_MS RSS_MIB]
//   rtt-window RTT_CSV FROM_MS TO_MS    (sip-floor: registrations ending in a window, p50/p99)
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class Bench {
    static final PrintStream OUT = System.out;

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) usage();
        String cmd = argv[0];
        String[] a = Arrays.copyOfRange(argv, 1, argv.length);
        int rc = switch (cmd) {
            case "users-csv" -> usersCsv(new Args(a));
            case "wwsfs-yml" -> wwsfsYml(new Args(a));
            case "provision" -> provision(new Args(a));
            case "verify-cx" -> verifyCx(new Args(a));
            case "sync" -> sync(new Args(a));
            case "sync-verify" -> syncVerify(new Args(a));
            case "cpu-diff" -> cpuDiff(a);
            case "pg-split" -> pgSplit(a);
            case "sipp-phase" -> sippPhase(a[0], a.length > 1 ? a[1] : "NA");
            case "gc" -> { OUT.println(gc(Path.of(a[0]), a.length > 1 ? Integer.parseInt(a[1]) : 1, a.length > 2 ? Integer.parseInt(a[2]) : -1)); yield 0; }
            case "metrics" -> metrics(a[0]);
            case "pgstat-diff" -> pgstatDiff(a[0], a[1], a[2]);
            case "pg-db-diff" -> pgDbDiff(a[0], a[1], a[2], a[3]);
            case "wrk" -> wrk(a[0]);
            case "jfr-summary" -> jfrSummary(a[0], a.length > 1 ? Integer.parseInt(a[1]) : 12);
            case "anchor-summary" -> anchorSummary(a);
            case "rtt-window" -> rttWindow(a[0], Double.parseDouble(a[1]), Double.parseDouble(a[2]));
            default -> { usage(); yield 2; }
        };
        System.exit(rc);
    }

    static void usage() {
        System.err.println("usage: Bench CMD ...; see the header of bench/common/Bench.java");
        System.exit(2);
    }

    // ================================================================================================ arguments
    static final class Args {
        final Map<String, List<String>> opts = new LinkedHashMap<>();
        final List<String> positional = new ArrayList<>();

        Args(String[] a) {
            for (int i = 0; i < a.length; i++) {
                if (a[i].startsWith("--")) {
                    String k = a[i].substring(2);
                    boolean flag = i + 1 >= a.length || a[i + 1].startsWith("--");
                    opts.computeIfAbsent(k, x -> new ArrayList<>()).add(flag ? "" : a[++i]);
                } else {
                    positional.add(a[i]);
                }
            }
        }

        String s(String k, String def) { List<String> v = opts.get(k); return v == null ? def : v.get(v.size() - 1); }
        String req(String k) { String v = s(k, null); if (v == null) die("--" + k + " is required"); return v; }
        int i(String k, int def) { return Integer.parseInt(s(k, String.valueOf(def))); }
        boolean flag(String k) { return opts.containsKey(k); }
        List<String> all(String k) { return opts.getOrDefault(k, List.of()); }
    }

    static void die(String message) {
        System.err.println("PROBLEM " + message);
        System.exit(2);
    }

    static void problem(String message) { System.err.println("PROBLEM " + message); System.err.flush(); }

    static void result(String step, boolean ok, Map<String, Object> kv) {
        StringBuilder b = new StringBuilder("RESULT step=").append(step).append(" ok=").append(ok ? 1 : 0);
        kv.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        OUT.println(b);
        OUT.flush();
    }

    static Map<String, Object> kv(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    static String f(String fmt, Object... args) { return String.format(Locale.ROOT, fmt, args); }

    static String md5(String s) { return hex("MD5", s); }

    static String hex(String algorithm, String s) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : d) b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    static List<String> lines(String path) {
        try {
            return Files.readAllLines(Path.of(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }

    static String text(String path) {
        List<String> l = lines(path);
        return l == null ? null : String.join("\n", l);
    }

    // ================================================================================================ users
    /**
     * The users of every bench, by naming (user i, 0-based):
     * <pre>
     *          IMPU                            web identity (digest username)   WWSF = realm               password       subscription
     * sipp     sip:sipp-%06d@ims.example.net   sipp-%06d@idp.example.com        w%06d.sipp.example.com     P-%06d         sipp-sub-%06d
     *          (--shared-identity: web identity sipp-user@idp.example.com and password P for all)
     * anchor   sip:user<i>@ims.example.net     user<i>@idp.example.com          wwsf.example.com (one)     pass<i>        anchor-sub-<i>
     * hss      sip:user<i>@ims.example.net     bench-%07d@idp.example.com       wwsf.example.com (one)     S-<i>          bench-sub-%07d
     * </pre>
     * sipp and anchor: WWSF policy md5-only, origin https://WWSF; hss: origin https://WWSF. The anchor naming is the
     * Kamailio anchor's (/work/shared/anchors/kamailio-chain/provision-pg.sh).
     */
    record User(int i, String userPart, String impu, String webIdentity, String wwsf, String password, String subscription) {
        String origin() { return "https://" + wwsf; }
        String ha1() { return md5(webIdentity + ":" + wwsf + ":" + password); }
    }

    static User user(String naming, int i, String password, boolean shared) {
        return switch (naming) {
            case "sipp" -> {
                String p = f("sipp-%06d", i);
                yield new User(i, p, "sip:" + p + "@ims.example.net", shared ? "sipp-user@idp.example.com" : p + "@idp.example.com",
                        f("w%06d.sipp.example.com", i), shared ? password : f("%s-%06d", password, i), f("sipp-sub-%06d", i));
            }
            case "anchor" -> new User(i, "user" + i, "sip:user" + i + "@ims.example.net", "user" + i + "@idp.example.com",
                    "wwsf.example.com", "pass" + i, "anchor-sub-" + i);
            case "hss" -> new User(i, "user" + i, "sip:user" + i + "@ims.example.net", f("bench-%07d@idp.example.com", i),
                    "wwsf.example.com", password + "-" + i, f("bench-sub-%07d", i));
            default -> { die("--naming must be sipp, anchor or hss"); yield null; }
        };
    }

    static List<User> users(Args a) {
        String naming = a.s("naming", "sipp");
        String password = a.s("password", a.s("salt", naming.equals("hss") ? "bench" : "wonderland"));
        int first = a.i("first", 0), n = a.i("users", -1);
        if (n <= 0) die("--users must be positive");
        List<User> users = new ArrayList<>(n);
        for (int i = first; i < first + n; i++) users.add(user(naming, i, password, a.flag("shared-identity")));
        return users;
    }

    static int usersCsv(Args a) throws IOException {
        StringBuilder b = new StringBuilder("SEQUENTIAL\n");
        for (User u : users(a)) b.append(u.userPart).append(';').append(u.webIdentity).append(';').append(u.wwsf).append(';').append(u.password).append('\n');
        Files.writeString(Path.of(a.req("out")), b);
        return 0;
    }

    static int wwsfsYml(Args a) throws IOException {
        StringBuilder b = new StringBuilder("epcscf:\n  wwsfs:\n    source: static\n    statics:\n");
        for (int i = 0; i < a.i("users", 0); i++) {
            String w = f("w%06d.sipp.example.com", i);
            b.append("      - identity: ").append(w).append("\n        origins: [\"https://").append(w).append("\"]\n");
        }
        Files.writeString(Path.of(a.req("out")), b);
        return 0;
    }

    // ================================================================================================ HTTP
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    record Answer(int status, String body) {}

    static Answer call(String method, String url, String token, String body, double timeoutS) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis((long) (timeoutS * 1000)))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body != null) r.header("Content-Type", "application/json");
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(resp.statusCode(), resp.body());
        } catch (IOException e) {
            return new Answer(0, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    static String cut(String s, int n) { return s == null ? "" : s.length() <= n ? s : s.substring(0, n); }

    static String statusesText(Map<Integer, Integer> statuses) {
        return new TreeMap<>(statuses).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    record PutResult(boolean ok, double seconds, Map<Integer, Integer> statuses) {}

    /** PUT every (path, body) with `threads` concurrent requests. */
    static PutResult putAll(String base, String token, int threads, List<String[]> items, String label) throws InterruptedException {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())));
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (String[] item : items) {
            fs.add(pool.submit(() -> {
                Answer r = call("PUT", base + item[0], token, item[1], 120);
                int n = statuses.merge(r.status, 1, Integer::sum);
                if (r.status != 200 && r.status != 201 && n <= 3) problem(label + ": HTTP " + r.status + " " + cut(r.body, 300));
            }));
        }
        for (Future<?> x : fs) {
            try { x.get(); } catch (ExecutionException e) { throw new IllegalStateException(e.getCause()); }
        }
        pool.shutdown();
        double s = (System.nanoTime() - t0) / 1e9;
        return new PutResult(statuses.getOrDefault(200, 0) + statuses.getOrDefault(201, 0) == items.size(), s, statuses);
    }

    /** POST the items `chunk` per call as {"items": [...]}; returns the parsed 200 answers (null if any failed). */
    static List<Map<String, Object>> postBatches(String url, String token, List<String> items, int chunk, String label, double[] seconds) {
        List<String> payloads = new ArrayList<>();
        for (int a = 0; a < items.size(); a += chunk)
            payloads.add("{\"items\":[" + String.join(",", items.subList(a, Math.min(items.size(), a + chunk))) + "]}");
        long t0 = System.nanoTime();
        List<Answer> answers = new ArrayList<>();
        for (String p : payloads) answers.add(call("POST", url, token, p, 600));
        seconds[0] = (System.nanoTime() - t0) / 1e9;
        seconds[1] = payloads.size();
        List<Map<String, Object>> parsed = new ArrayList<>();
        boolean ok = true;
        for (Answer r : answers) {
            if (r.status != 200) { problem(label + ": HTTP " + r.status + " " + cut(r.body, 300)); ok = false; }
            else parsed.add(Json.obj(r.body));
        }
        return ok ? parsed : null;
    }

    static long num(Object o) { return o instanceof Number n ? n.longValue() : 0; }

    static Map<String, Object> importMappings(String hss, String token, List<String> items) {
        double[] s = new double[2];
        List<Map<String, Object>> answers = postBatches(hss + "/admin/v1/web-identity-mappings:import", token, items, 10000, "mapping import", s);
        long created = 0, rejected = 0;
        for (Map<String, Object> a : answers == null ? List.<Map<String, Object>>of() : answers) {
            created += num(a.get("created"));
            rejected += num(a.get("rejected"));
            List<?> bad = Json.list(a.get("items")).stream().filter(i -> num(Json.map(i).get("status")) != 201).toList();
            if (!bad.isEmpty()) problem("mapping import: " + bad.size() + " items not 201, first " + Json.write(bad.get(0)));
        }
        int n = items.size();
        return kv("ok", answers != null && created == n && rejected == 0, "items", n, "requests", (int) s[1], "seconds", f("%.3f", s[0]),
                "per_s", f("%.0f", n / Math.max(s[0], 1e-9)), "created", created, "rejected", rejected);
    }

    static Map<String, Object> syncCredentials(String proxy, String token, List<String> items) {
        double[] s = new double[2];
        List<Map<String, Object>> answers = postBatches(proxy + "/sync/v1/credentials:batch", token, items, 10000, "credential batch", s);
        Map<String, Long> summary = new LinkedHashMap<>();
        for (String k : List.of("received", "created", "updated", "unchanged", "rejected")) summary.put(k, 0L);
        for (Map<String, Object> a : answers == null ? List.<Map<String, Object>>of() : answers) {
            Map<String, Object> sum = Json.map(a.get("summary"));
            summary.replaceAll((k, v) -> v + num(sum.get(k)));
            List<?> bad = Json.list(a.get("items")).stream().filter(i -> { long st = num(Json.map(i).get("status")); return st != 200 && st != 201; }).toList();
            if (!bad.isEmpty()) problem("credential batch: " + bad.size() + " items not 200/201, first " + Json.write(bad.get(0)));
        }
        int n = items.size();
        boolean ok = answers != null && summary.get("created") + summary.get("unchanged") + summary.get("updated") == n && summary.get("rejected") == 0;
        if (!ok) problem("credential batch summary " + summary + ", expected " + n + " written");
        Map<String, Object> out = kv("ok", ok, "items", n, "requests", (int) s[1], "seconds", f("%.3f", s[0]), "per_s", f("%.0f", n / Math.max(s[0], 1e-9)));
        out.putAll(summary);
        return out;
    }

    static void resultMap(String step, Map<String, Object> m) {
        boolean ok = (Boolean) m.remove("ok");
        result(step, ok, m);
    }

    /**
     * Provisions the users of a naming: WWSFs (PUT each, T concurrent), subscriptions (PUT each, T concurrent),
     * (WWSF, web identity) -> IMPU mappings (bulk import, <= 10,000 per call) at the HSS, MD5 H(A1) credentials (batch
     * sync, <= 10,000 per call) at the proxy. naming sipp/anchor: the credentials are written while the HSS steps run
     * (they do not depend on them); hss: after them (as the HSS bench always did). One RESULT line per step, then
     * RESULT step=all.
     */
    static int provision(Args a) throws Exception {
        String admin = env("BENCH_HSS_ADMIN_TOKEN"), sync = env("BENCH_PROXY_SYNC_TOKEN");
        String hss = a.req("hss"), proxy = a.req("proxy"), naming = a.s("naming", "sipp");
        int threads = a.i("threads", 8);
        List<User> users = users(a);
        int n = users.size();
        long tAll = System.nanoTime();
        boolean failed = false;
        List<String> creds = users.stream().map(u -> f("{\"wwsfIdentity\":\"%s\",\"webIdentity\":\"%s\",\"realm\":\"%s\",\"qop\":\"auth\","
                + "\"vectors\":[{\"algorithm\":\"MD5\",\"ha1\":\"%s\"}],\"credentialVersion\":1}", u.wwsf, u.webIdentity, u.wwsf, u.ha1())).toList();
        CompletableFuture<Map<String, Object>> credentials = naming.equals("hss") ? null
                : CompletableFuture.supplyAsync(() -> syncCredentials(proxy, sync, creds));

        String policy = naming.equals("hss") ? "" : ",\"algorithmPolicy\":\"md5-only\"";
        List<String[]> items = new ArrayList<>();
        for (String w : new TreeSet<>(users.stream().map(User::wwsf).toList()))
            items.add(new String[] {"/admin/v1/wwsfs/" + enc(w), "{\"origins\":[\"https://" + w + "\"]" + policy + "}"});
        PutResult r = putAll(hss, admin, threads, items, "wwsf");
        result(items.size() == 1 ? "wwsf" : "wwsfs", r.ok, kv("items", items.size(), "seconds", f("%.3f", r.seconds),
                "per_s", f("%.0f", items.size() / r.seconds), "threads", threads, "statuses", statusesText(r.statuses)));
        failed |= !r.ok;

        items = users.stream().map(u -> new String[] {"/admin/v1/subscriptions/" + enc(u.subscription),
                f("{\"impus\":[{\"identity\":\"%s\",\"default\":true}],\"allowedWwsfs\":[\"%s\"]}", u.impu, u.wwsf)}).toList();
        r = putAll(hss, admin, threads, items, "subscription");
        result("subscriptions", r.ok, kv("items", n, "seconds", f("%.3f", r.seconds), "per_s", f("%.0f", n / r.seconds),
                "threads", threads, "statuses", statusesText(r.statuses)));
        failed |= !r.ok;

        Map<String, Object> m = importMappings(hss, admin, users.stream().map(u -> f(
                "{\"wwsfIdentity\":\"%s\",\"webIdentity\":\"%s\",\"impu\":\"%s\",\"subscriptionId\":\"%s\"}",
                u.wwsf, u.webIdentity, u.impu, u.subscription)).toList());
        failed |= !(Boolean) m.get("ok");
        resultMap("mappings", m);

        m = credentials == null ? syncCredentials(proxy, sync, creds) : credentials.get();
        failed |= !(Boolean) m.get("ok");
        resultMap("credentials", m);
        result("all", !failed, kv("users", n, "seconds", f("%.3f", (System.nanoTime() - tAll) / 1e9)));
        return failed ? 1 : 0;
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) die(name + " is not set");
        return v;
    }

    /** One full Cx registration of user I (naming hss) against the HSS, checked field by field, and three negatives. */
    static int verifyCx(Args a) {
        String cscf = env("BENCH_CSCF_TOKEN");
        String icscf = Optional.ofNullable(System.getenv("BENCH_ICSCF_TOKEN")).orElse(cscf);
        String admin = Optional.ofNullable(System.getenv("BENCH_HSS_ADMIN_TOKEN")).orElse("");
        String hss = a.req("hss"), salt = a.s("salt", "bench");
        int n = a.i("users", 0), i = a.i("user", 0);
        double timeout = Double.parseDouble(a.s("timeout", "30"));
        User u = user("hss", i, salt, false), unknown = user("hss", n + 7, salt, false);
        String scscf = "sip:scscf1.ims.example.net:5060;transport=tcp";
        List<String> problems = new ArrayList<>();
        record Check(String what, boolean ok) {}
        class V {
            Map<String, Object> expect(String label, Answer r, int want, Function<Map<String, Object>, List<Check>> checks) {
                Map<String, Object> body;
                try { body = r.body == null || r.body.isBlank() ? Map.of() : Json.obj(r.body); } catch (RuntimeException e) { body = Map.of(); }
                if (r.status != want) { problems.add(label + ": HTTP " + r.status + " (expected " + want + "): " + cut(r.body, 300)); return body; }
                for (Check c : checks.apply(body)) if (!c.ok) problems.add(label + ": " + c.what + " failed: " + cut(r.body, 400));
                return body;
            }
        }
        V v = new V();
        String uar = f("{\"impi\":\"%s\",\"authorizationType\":\"REGISTRATION\",\"visitedNetworkIdentifier\":\"ims.example.net\",\"wwsfIdentity\":\"%s\"}", u.webIdentity, u.wwsf);
        String mar = f("{\"impu\":\"%s\",\"wwsfIdentity\":\"%s\",\"serverName\":\"%s\",\"authScheme\":\"SIP Digest\",\"numberAuthItems\":1}", u.impu, u.wwsf, scscf);
        String sar = f("{\"impi\":\"%s\",\"serverName\":\"%s\",\"assignmentType\":\"REGISTRATION\",\"userDataAlreadyAvailable\":false}", u.webIdentity, scscf);
        String impuPath = hss + "/cx/v1/impus/" + enc(u.impu);
        v.expect("UAR 1", call("POST", impuPath + "/authorize", icscf, uar, timeout), 200, b -> List.of(
                new Check("resultCode 2001", num(b.get("resultCode")) == 2001),
                new Check("result DIAMETER_FIRST_REGISTRATION", "DIAMETER_FIRST_REGISTRATION".equals(b.get("result"))),
                new Check("serverNames = [HSS_SCSCFS_0_NAME]", List.of(scscf).equals(Json.map(b.get("serverCapabilities")).get("serverNames")))));
        v.expect("MAR", call("POST", hss + "/cx/v1/impis/" + enc(u.webIdentity) + "/auth-data", cscf, mar, timeout), 200, b -> {
            List<?> items = Json.list(b.get("authDataItems"));
            Map<String, Object> d = items.isEmpty() ? Map.of() : Json.map(Json.map(items.get(0)).get("sipDigestAuthenticate"));
            return List.of(new Check("one item", items.size() == 1), new Check("digestHa1 = expected MD5 H(A1)", u.ha1().equals(d.get("digestHa1"))),
                    new Check("digestRealm", u.wwsf.equals(d.get("digestRealm"))), new Check("digestAlgorithm MD5", "MD5".equals(d.get("digestAlgorithm"))));
        });
        v.expect("SAR", call("PUT", impuPath + "/scscf-registration", cscf, sar, timeout), 200, b -> List.of(
                new Check("resultCode 2001", num(b.get("resultCode")) == 2001),
                new Check("user profile has the IMPU", Json.write(b.get("userProfile")).contains(u.impu))));
        v.expect("UAR 2", call("POST", impuPath + "/authorize", icscf, uar, timeout), 200, b -> List.of(
                new Check("resultCode 2002", num(b.get("resultCode")) == 2002), new Check("serverName", scscf.equals(b.get("serverName")))));
        v.expect("LIR", call("GET", impuPath + "/location", icscf, null, timeout), 200, b -> List.of(new Check("serverName", scscf.equals(b.get("serverName")))));
        String uarUnknown = uar.replace(u.webIdentity, unknown.webIdentity);
        v.expect("UAR unknown", call("POST", hss + "/cx/v1/impus/" + enc(unknown.impu) + "/authorize", icscf, uarUnknown, timeout), 404,
                b -> List.of(new Check("cause USER_UNKNOWN", "USER_UNKNOWN".equals(b.get("cause")))));
        // token checks: their failure is reported but does not stop the benchmark (the load never sends a bad token)
        int flowProblems = problems.size();
        v.expect("UAR bad token", call("POST", impuPath + "/authorize", "not-a-valid-token-0123456789", uar, timeout), 401, b -> List.of());
        if (!admin.isEmpty()) v.expect("UAR admin token", call("POST", impuPath + "/authorize", admin, uar, timeout), 403, b -> List.of());
        for (String p : problems) problem("verify " + p);
        int tokenProblems = problems.size() - flowProblems;
        OUT.println(f("RESULT step=verify ok=%d user=%d checks=uar,mar,sar,uar2,lir,unknown token_checks=%s(401,403) problems=%d",
                flowProblems == 0 ? 1 : 0, i, tokenProblems == 0 ? "ok" : "FAILED", problems.size()));
        return flowProblems == 0 ? 0 : 1;
    }

    // ---- the web-auth proxy bench: deterministic credentials {prefix}-%07d@idp.example.com, H(A1) = hash(salt|id|version)
    static String syncItem(String salt, String prefix, int i, int version) {
        String web = f("%s-%07d@idp.example.com", prefix, i), seed = salt + "|" + web + "|" + version;
        return f("{\"wwsfIdentity\":\"wwsf.example.com\",\"webIdentity\":\"%s\",\"realm\":\"wwsf.example.com\",\"qop\":\"auth\","
                + "\"vectors\":[{\"algorithm\":\"MD5\",\"ha1\":\"%s\"},{\"algorithm\":\"SHA-256\",\"ha1\":\"%s\"}],\"credentialVersion\":%d}",
                web, md5(seed), hex("SHA-256", seed), version);
    }

    static int sync(Args a) throws IOException {
        String url = a.req("url"), token = a.req("token"), prefix = a.req("prefix"), salt = a.s("salt", "bench"), label = a.s("label", "sync");
        String expect = a.s("expect", "CREATED");
        int count = a.i("count", 0), requests = a.i("requests", 1), version = a.i("version", 1);
        if (count % requests != 0) die("--count " + count + " is not a multiple of --requests " + requests);
        int per = count / requests;
        long g0 = System.nanoTime();
        List<String> bodies = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            StringBuilder b = new StringBuilder("{\"items\":[");
            for (int i = r * per; i < (r + 1) * per; i++) { if (i > r * per) b.append(','); b.append(syncItem(salt, prefix, i, version)); }
            bodies.add(b.append("]}").toString());
        }
        double genS = (System.nanoTime() - g0) / 1e9;
        double bodyMb = bodies.stream().mapToLong(String::length).sum() / 1e6;
        String snapScript = a.s("cpu-snap", null);
        Path snapDir = snapScript == null ? null : Files.createTempDirectory("bench-sync");
        Cpu.Snap c0 = snapScript == null ? null : Cpu.snap(snapScript, snapDir.resolve("0"));
        long client0 = Cpu.selfCpuNanos();
        long w0 = System.nanoTime();
        List<Answer> answers = new ArrayList<>();
        List<Double> perCall = new ArrayList<>();
        for (String body : bodies) {
            long t = System.nanoTime();
            Answer r = call("POST", url + "/sync/v1/credentials:batch", token, body, 600);
            perCall.add((System.nanoTime() - t) / 1e9);
            answers.add(r);
            if (r.status != 200) break;
        }
        double wall = (System.nanoTime() - w0) / 1e9;
        String cpu = "";
        if (c0 != null) {
            Cpu.Snap c1 = Cpu.snap(snapScript, snapDir.resolve("1"));
            for (String x : new String[] {"0", "1", ""}) Files.deleteIfExists(snapDir.resolve(x));
            String line = Cpu.diff(c0, c1, null, (Cpu.selfCpuNanos() - client0) / 1e9, ProcessHandle.current().pid());
            cpu = " " + Arrays.stream(line.replace("(", "").replace(")", "").split(" "))
                    .filter(x -> !x.startsWith("cores=") && !x.startsWith("wall_s=") && !x.startsWith("missing_groups=")).map(x -> "cpu_" + x)
                    .collect(Collectors.joining(" "));
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String k : List.of("received", "created", "updated", "unchanged", "rejected")) totals.put(k, 0L);
        List<String> problems = new ArrayList<>();
        for (int n = 0; n < answers.size(); n++) {
            Answer r = answers.get(n);
            if (r.status != 200) { problems.add("request " + n + ": HTTP " + r.status + ": " + cut(r.body, 500)); continue; }
            Map<String, Object> ans = Json.obj(r.body);
            Map<String, Object> sum = Json.map(ans.get("summary"));
            totals.replaceAll((k, v) -> v + num(sum.get(k)));
            List<?> bad = Json.list(ans.get("items")).stream().filter(x -> !expect.equals(Json.map(x).get("result"))).toList();
            if (!bad.isEmpty()) problems.add("request " + n + ": " + bad.size() + " items not " + expect + ", first: " + Json.write(bad.get(0)));
        }
        if (answers.size() != requests || totals.get("received") != count || totals.get(expect.toLowerCase(Locale.ROOT)) != count)
            problems.add("summary " + totals + " does not say all " + count + " items were " + expect);
        OUT.println(f("RESULT label=%s ok=%d items=%d requests=%d wall_s=%.3f items_per_s=%.0f max_call_s=%.3f min_call_s=%.3f body_mb=%.1f gen_s=%.1f ",
                label, problems.isEmpty() ? 1 : 0, count, requests, wall, count / wall, Collections.max(perCall), Collections.min(perCall), bodyMb, genS)
                + totals.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")) + cpu);
        for (String p : problems) System.err.println("PROBLEM " + label + ": " + p);
        return problems.isEmpty() ? 0 : 1;
    }

    static int syncVerify(Args a) {
        String url = a.req("url"), token = a.req("token"), prefix = a.req("prefix"), salt = a.s("salt", "bench");
        int count = a.i("count", 0), version = a.i("version", 1), sample = Math.min(a.i("sample", 50), count);
        Random rng = new Random(a.i("seed", 1));
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) all.add(i);
        Collections.shuffle(all, rng);
        int problems = 0;
        for (int i : all.subList(0, sample)) {
            String web = f("%s-%07d@idp.example.com", prefix, i), seed = salt + "|" + web + "|" + version;
            Answer r = call("POST", url + "/av/v1/digest-vectors:fetch", token, f("{\"webIdentity\":\"%s\",\"wwsfIdentity\":\"wwsf.example.com\"}", web), 60);
            boolean ok = r.status == 200;
            if (ok) {
                Map<String, Object> got = Json.obj(r.body);
                List<?> vectors = Json.list(got.get("vectors"));
                ok = "wwsf.example.com".equals(got.get("realm")) && num(got.get("credentialVersion")) == version && vectors.size() == 2
                        && "MD5".equals(Json.map(vectors.get(0)).get("algorithm")) && md5(seed).equals(Json.map(vectors.get(0)).get("ha1"))
                        && "SHA-256".equals(Json.map(vectors.get(1)).get("algorithm")) && hex("SHA-256", seed).equals(Json.map(vectors.get(1)).get("ha1"));
            }
            if (!ok) { problems++; System.err.println("PROBLEM verify " + web + ": HTTP " + r.status + " " + cut(r.body, 300)); }
        }
        Answer r = call("POST", url + "/av/v1/digest-vectors:fetch", token,
                "{\"webIdentity\":\"nobody-0000000@idp.example.com\",\"wwsfIdentity\":\"wwsf.example.com\"}", 60);
        if (r.status != 404) { problems++; System.err.println("PROBLEM verify: unknown identity answered HTTP " + r.status + ", expected 404"); }
        OUT.println(f("RESULT label=verify ok=%d sampled=%d problems=%d", problems == 0 ? 1 : 0, sample, problems));
        return problems == 0 ? 0 : 1;
    }

    // ================================================================================================ CPU
    static final class Cpu {
        static final int HZ = 100;  // USER_HZ of /proc/stat and /proc/<pid>/stat

        record Proc(int pid, int ppid, long ticks, long start, String comm) {}

        static final class Snap {
            long total, idle, irq;
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            Map<String, long[]> jvm = new LinkedHashMap<>();  // name -> {jit, gc}
            Map<Integer, Proc> procs = new HashMap<>();

            static Snap read(String path) {
                Snap s = new Snap();
                List<String> l = lines(path);
                if (l == null) throw new UncheckedIOException(new IOException("no snapshot " + path));
                for (String line : l) {
                    String[] x = line.split(" ", 6);
                    switch (x[0]) {
                        case "machine" -> { s.total = Long.parseLong(x[1]); s.idle = Long.parseLong(x[2]); s.irq = Long.parseLong(x[3]); }
                        case "group" -> s.groups.put(x[1], Arrays.stream(x[2].split(",")).map(Integer::parseInt).toList());
                        case "jvm" -> s.jvm.put(x[1], new long[] {Long.parseLong(x[2]), Long.parseLong(x[3])});
                        case "proc" -> s.procs.put(Integer.parseInt(x[1]), new Proc(Integer.parseInt(x[1]), Integer.parseInt(x[2]),
                                Long.parseLong(x[3]), Long.parseLong(x[4]), x.length > 5 ? x[5] : "?"));
                        default -> {}
                    }
                }
                return s;
            }
        }

        static String read(String path) {
            try { return Files.readString(Path.of(path)); } catch (IOException | UncheckedIOException e) { return null; }
        }

        /** runs a snapshot script (lib.sh cpu_snap_script) writing to file, reads the snapshot */
        static Snap snap(String script, Path file) throws IOException {
            try {
                int rc = new ProcessBuilder(script, file.toString()).inheritIO().start().waitFor();
                if (rc != 0) throw new IOException(script + " exited with " + rc);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return Snap.read(file.toString());
        }

        static long selfCpuNanos() {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean o ? o.getProcessCpuTime() : 0;
        }

        static String groupOf(int pid, Map<Integer, Proc> procs, Map<Integer, String> rootToGroup) {
            for (int seen = 0; pid > 0 && seen < 64; seen++) {
                String g = rootToGroup.get(pid);
                if (g != null) return g;
                Proc p = procs.get(pid);
                if (p == null) return null;
                pid = p.ppid;
            }
            return null;
        }

        /**
         * CPU of the groups between two snapshots, in cores (ticks / ticks per core of the window). foreign = every
         * other process plus what the machine did that no process in the second snapshot accounts for (processes that
         * came and went), except the client's own CPU when given (a load tool that exited before the second snapshot).
         */
        static String diff(Snap b, Snap a, Double rate, Double clientSeconds, long excludePid) {
            int cores = Runtime.getRuntime().availableProcessors();
            double total = Math.max(1, a.total - b.total), perCore = total / cores;
            double busy = total - (a.idle - b.idle);
            Map<String, List<Integer>> groups = a.groups.isEmpty() ? b.groups : a.groups;
            Map<Integer, String> rootToGroup = new HashMap<>();
            groups.forEach((name, roots) -> roots.forEach(r -> rootToGroup.put(r, name)));
            Map<String, Long> used = new LinkedHashMap<>();
            groups.keySet().forEach(k -> used.put(k, 0L));
            Map<String, Long> foreign = new HashMap<>();
            long foreignSum = 0;
            for (Proc p : a.procs.values()) {
                Proc old = b.procs.get(p.pid);
                long delta = p.ticks - (old != null && old.start == p.start ? old.ticks : 0);
                if (delta <= 0 || p.pid == excludePid) continue;
                String g = groupOf(p.pid, a.procs, rootToGroup);
                if (g == null) g = groupOf(p.pid, b.procs, rootToGroup);
                if (g != null) used.merge(g, delta, Long::sum);
                else { foreign.merge(p.comm + "[" + p.pid + "]", delta, Long::sum); foreignSum += delta; }
            }
            double irq = a.irq - b.irq;
            double client = clientSeconds == null ? 0 : clientSeconds * HZ;
            double unattributed = busy - used.values().stream().mapToLong(Long::longValue).sum() - foreignSum - irq - client;
            List<String> out = new ArrayList<>();
            out.add(f("wall_s=%.1f", perCore / HZ));
            out.add(f("machine_busy_pct=%.0f", 100 * busy / total));
            for (String name : groups.keySet()) {
                String s = f("%s_cores=%.2f", name, used.get(name) / perCore);
                long[] j1 = a.jvm.get(name);
                if (j1 != null) {
                    long[] j0 = b.jvm.getOrDefault(name, j1);
                    s += f(" (%s_jit=%.2f %s_gc=%.2f)", name, (j1[0] - j0[0]) / perCore, name, (j1[1] - j0[1]) / perCore);
                }
                out.add(s);
            }
            if (clientSeconds != null) out.add(f("client_cores=%.2f", client / perCore));
            out.add(f("irq_cores=%.2f", irq / perCore));
            out.add(f("foreign_cores=%.2f", (foreignSum + Math.max(unattributed, 0)) / perCore));
            out.add("cores=" + cores);
            String top = foreign.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                    .filter(e -> e.getValue() / perCore >= 0.01).map(e -> f("%s:%.2f", e.getKey(), e.getValue() / perCore)).collect(Collectors.joining(","));
            out.add("top_foreign=" + (top.isEmpty() ? "none" : top));
            String missing = groups.entrySet().stream().filter(e -> e.getValue().stream().noneMatch(a.procs::containsKey)).map(Map.Entry::getKey)
                    .collect(Collectors.joining(","));
            out.add("missing_groups=" + (missing.isEmpty() ? "none" : missing));
            if (rate != null && rate > 0) {
                double sum = 0;
                for (String name : groups.keySet()) {
                    double v = 1000.0 * used.get(name) / perCore / rate;
                    out.add(f("cpums_%s=%.3f", name, v));
                    sum += v;
                }
                out.add(f("cpums_total=%.3f", sum));
            }
            return String.join(" ", out);
        }
    }

    static Double number(String s) {
        try { double d = Double.parseDouble(s); return Double.isNaN(d) ? null : d; } catch (RuntimeException e) { return null; }
    }

    static int cpuDiff(String[] a) {
        Args x = new Args(a);
        List<String> p = x.positional;
        Double client = x.s("client-seconds", null) == null ? null : number(x.s("client-seconds", null));
        OUT.println(Cpu.diff(Cpu.Snap.read(p.get(0)), Cpu.Snap.read(p.get(1)), p.size() > 2 ? number(p.get(2)) : null, client, -1));
        return 0;
    }

    /** CPU of the PostgreSQL backends (group "postgres") split by the database in the backend's process title. */
    static int pgSplit(String[] a) {
        Cpu.Snap b = Cpu.Snap.read(a[0]), s = Cpu.Snap.read(a[1]);
        String prefix = a[2];
        double perCore = Math.max(1, s.total - b.total) / (double) Runtime.getRuntime().availableProcessors();
        List<Integer> roots = s.groups.getOrDefault("postgres", List.of());
        long ours = 0, other = 0;
        Map<String, Long> dbs = new HashMap<>();
        Pattern title = Pattern.compile("postgres: (?:[^:]+: )?(\\S+) (\\S+) \\S+\\(\\d+\\)");
        for (Cpu.Proc p : s.procs.values()) {
            if (roots.isEmpty() || !(roots.contains(p.pid) || roots.contains(p.ppid))) continue;
            Cpu.Proc old = b.procs.get(p.pid);
            long delta = p.ticks - (old != null && old.start == p.start ? old.ticks : 0);
            if (delta <= 0) continue;
            String cmd = Cpu.read("/proc/" + p.pid + "/cmdline");
            Matcher m = cmd == null ? null : title.matcher(cmd.replace('\0', ' '));
            String db = m != null && m.lookingAt() ? m.group(2) : null;
            if (db != null && db.startsWith(prefix)) ours += delta;
            else { other += delta; dbs.merge(db == null ? "background" : db, delta, Long::sum); }
        }
        String top = dbs.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> f("%s:%.2f", e.getKey(), e.getValue() / perCore)).collect(Collectors.joining(","));
        OUT.println(f("postgres_ours_cores=%.2f postgres_other_cores=%.2f other_dbs=%s", ours / perCore, other / perCore, top.isEmpty() ? "none" : top));
        return 0;
    }

    // ================================================================================================ statistics
    /** nearest-rank percentile of sorted values (NaN when empty) */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int k = (int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[k];
    }

    static String fmt1(double v) { return Double.isNaN(v) ? "NA" : f("%.1f", v); }

    // ---- sipp: one run's stat.csv, rtt.csv and errors.log -> key=value line
    static double epoch(String field) {
        String[] parts = field.split("\t");
        try { return Double.parseDouble(parts[parts.length - 1]); } catch (RuntimeException e) { return Double.NaN; }
    }

    static long intOf(Map<String, String> row, String key) {
        try { return (long) Double.parseDouble(row.getOrDefault(key, "0").isEmpty() ? "0" : row.getOrDefault(key, "0")); } catch (RuntimeException e) { return 0; }
    }

    static double[] readRtt(List<String> files, double fromMs, double toMs) {
        List<Double> v = new ArrayList<>();
        for (String file : files) {
            List<String> l = lines(file);
            if (l == null) continue;
            for (String line : l) {
                String[] p = line.trim().split(";");
                if (p.length < 3 || p[1].isEmpty() || !Character.isDigit(p[1].charAt(0))) continue;  // (repeated) headers
                double at = Double.parseDouble(p[0]);
                if (at >= fromMs && at < toMs) v.add(Double.parseDouble(p[1]));
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    static int sippPhase(String dir, String rc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rc", rc);
        List<String> stat = lines(dir + "/stat.csv");
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = List.of();
        if (stat != null) {
            stat = stat.stream().filter(x -> !x.isBlank()).toList();
            if (!stat.isEmpty()) {
                header = Arrays.asList(stat.get(0).split(";", -1));
                for (String line : stat.subList(1, stat.size())) {
                    String[] v = line.split(";", -1);
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < Math.min(v.length, header.size()); i++) row.put(header.get(i), v[i]);
                    rows.add(row);
                }
            }
        }
        if (!rows.isEmpty()) {
            Map<String, String> last = rows.get(rows.size() - 1);
            double elapsed = epoch(last.getOrDefault("CurrentTime", "")) - epoch(last.getOrDefault("StartTime", ""));
            long ok = intOf(last, "SuccessfulCall(C)"), failed = intOf(last, "FailedCall(C)");
            out.put("elapsed_s", f("%.2f", elapsed));
            out.put("successful", ok);
            out.put("failed", failed);
            out.put("rate_per_s", Double.isNaN(elapsed) || elapsed == 0 ? "NA" : f("%.0f", ok / elapsed));
            List<Double> perS = new ArrayList<>();
            for (int i = 1; i + 1 <= rows.size() - 1; i++) {  // (prev, row) pairs whose prev is not the first row
                double t0 = epoch(rows.get(i).getOrDefault("CurrentTime", "")), t1 = epoch(rows.get(i + 1).getOrDefault("CurrentTime", ""));
                if (t1 - t0 >= 0.9 && t1 - t0 <= 1.1) perS.add(intOf(rows.get(i + 1), "SuccessfulCall(P)") / (t1 - t0));
            }
            out.put("min_per_s", perS.isEmpty() ? "NA" : f("%.0f", Collections.min(perS)));
            out.put("max_per_s", perS.isEmpty() ? "NA" : f("%.0f", Collections.max(perS)));
            String failures = header.stream().filter(k -> k.startsWith("Failed") && k.endsWith("(C)") && !k.equals("FailedCall(C)") && intOf(last, k) != 0)
                    .map(k -> k.substring(6, k.length() - 3) + ":" + intOf(last, k)).collect(Collectors.joining(","));
            out.put("failures", failures.isEmpty() ? "none" : failures);
            out.put("retrans", intOf(last, "Retransmissions(C)"));
            out.put("out_of_call", intOf(last, "OutOfCallMsgs(C)"));
            out.put("dead_call", intOf(last, "DeadCallMsgs(C)"));
            out.put("watchdog", intOf(last, "WatchdogMajor(C)") + "/" + intOf(last, "WatchdogMinor(C)"));
        } else {
            for (String k : List.of("elapsed_s", "successful", "failed", "rate_per_s", "min_per_s", "max_per_s", "failures", "retrans", "out_of_call", "dead_call", "watchdog"))
                out.put(k, k.equals("successful") ? "0" : k.equals("failures") ? "no-stat-file" : "NA");
        }
        double[] rtt = readRtt(List.of(dir + "/rtt.csv"), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        out.put("p50_ms", fmt1(percentile(rtt, 50)));
        out.put("p90_ms", fmt1(percentile(rtt, 90)));
        out.put("p99_ms", fmt1(percentile(rtt, 99)));
        out.put("p999_ms", fmt1(percentile(rtt, 99.9)));
        out.put("max_ms", fmt1(rtt.length == 0 ? Double.NaN : rtt[rtt.length - 1]));
        out.put("mean_ms", fmt1(rtt.length == 0 ? Double.NaN : Arrays.stream(rtt).average().orElse(Double.NaN)));
        out.put("rtt_n", rtt.length);
        // what sipp did not expect: received status lines, timeouts, connection errors
        String errors = text(dir + "/errors.log");
        Map<String, Integer> kinds = new TreeMap<>();
        if (errors != null) {
            Matcher m = Pattern.compile("Aborting call on unexpected message[^\\n]*?received '([^\\n']*)").matcher(errors);
            while (m.find()) {
                Matcher s = Pattern.compile("^SIP/2\\.0 (\\d{3})").matcher(m.group(1).split("\\\\r|\\r")[0].strip());
                kinds.merge(s.find() ? "SIP_" + s.group(1) : "other", 1, Integer::sum);
            }
            for (String[] p : new String[][] {{"timeout", "timeout"}, {"[Cc]onnection (?:refused|reset|closed)", "connection"}, {"Broken pipe", "broken-pipe"}}) {
                long n = Pattern.compile(p[0]).matcher(errors).results().count();
                if (n > 0) kinds.put(p[1], (int) n);
            }
        }
        out.put("unexpected", kinds.isEmpty() ? "none" : kinds.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")));
        OUT.println(out.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        return 0;
    }

    /** sip-floor: the registrations of a sipp rtt file that ended inside [from, to) ms after sipp's start */
    static int rttWindow(String file, double fromMs, double toMs) {
        double[] v = readRtt(List.of(file), fromMs, toMs);
        OUT.println(f("registrations=%d p50_ms=%.0f p99_ms=%.0f", v.length, percentile(v, 50), percentile(v, 99)));
        return 0;
    }

    // ---- GC log (-Xlog:gc:file=...:uptime): pauses between two line numbers
    static String gc(Path file, int first, int last) {
        List<String> l = lines(file.toString());
        if (l == null) l = List.of();
        int to = last < 0 ? l.size() : Math.min(last, l.size());
        List<Double> pauses = new ArrayList<>();
        Pattern ms = Pattern.compile("([\\d.]+)ms\\s*$");
        for (int i = Math.max(0, first - 1); i < to; i++) {
            if (!l.get(i).contains(" Pause ")) continue;
            Matcher m = ms.matcher(l.get(i));
            if (m.find()) pauses.add(Double.parseDouble(m.group(1)));
        }
        return f("pauses=%d pause_total_ms=%.1f pause_max_ms=%.1f", pauses.size(), pauses.stream().mapToDouble(d -> d).sum(),
                pauses.stream().mapToDouble(d -> d).max().orElse(0));
    }

    // ---- selected counters of an HSS /actuator/prometheus scrape
    static int metrics(String path) {
        String t = text(path);
        if (t == null) { OUT.println("metrics=NA"); return 0; }
        List<String> out = new ArrayList<>();
        for (String name : List.of("hikaricp_connections_timeout_total", "hikaricp_connections_max", "hikaricp_connections_pending", "hikaricp_connections_active")) {
            Matcher m = Pattern.compile("^" + name + "\\{[^}]*\\} ([\\d.eE+-]+)$", Pattern.MULTILINE).matcher(t);
            out.add(name.replace("hikaricp_connections_", "hikari_") + "=" + (m.find() ? m.group(1) : "NA"));
        }
        Map<String, Long> statuses = new TreeMap<>();
        Matcher m = Pattern.compile("^http_server_requests_seconds_count\\{((?:[^\"}]|\"[^\"]*\")*)\\} ([\\d.eE+-]+)$", Pattern.MULTILINE).matcher(t);
        while (m.find()) {
            Map<String, String> labels = new HashMap<>();
            Matcher l = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(m.group(1));
            while (l.find()) labels.put(l.group(1), l.group(2));
            String uri = labels.getOrDefault("uri", "");
            if (!uri.startsWith("/cx/")) continue;
            statuses.merge(labels.get("method") + ":" + uri.substring(uri.lastIndexOf('/') + 1) + ":" + labels.get("status"), (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        out.add("cx_requests=" + (statuses.isEmpty() ? "none" : statuses.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))));
        OUT.println(String.join(" ", out));
        return 0;
    }

    // ---- HSS database: pg_stat_user_tables / pg_stat_database dumps (psql -At -F'|') before and after the window
    static int pgstatDiff(String p0, String p1, String sequences) {
        int seqs = Math.max(1, (int) Double.parseDouble(sequences.isEmpty() ? "1" : sequences));
        Map<String, long[]> t0 = new HashMap<>(), t1 = new TreeMap<>();
        long[] d0 = readPgstat(p0, t0), d1 = readPgstat(p1, t1);
        if (t1.isEmpty() || d1 == null) { OUT.println("pgstat=NA"); return 0; }
        long[] dd = new long[8];
        for (int i = 0; i < 8; i++) dd[i] = d1[i] - (d0 == null ? 0 : d0[i]);
        OUT.println(f("DB commits=%d (%.1f/sequence) rollbacks=%d deadlocks=%d blks_read=%d blks_hit=%d tup_returned/sequence=%.0f tup_fetched/sequence=%.1f",
                dd[0], dd[0] / (double) seqs, dd[1], dd[2], dd[4], dd[5], dd[6] / (double) seqs, dd[7] / (double) seqs));
        String[] names = {"seq_scan", "seq_tup_read", "idx_scan", "ins", "upd", "hot_upd", "del", "dead_tup", "autovacuum"};
        for (var e : t1.entrySet()) {
            long[] a = t0.getOrDefault(e.getKey(), new long[9]), b = e.getValue(), d = new long[9];
            for (int i = 0; i < 9; i++) d[i] = b[i] - a[i];
            d[7] = b[7];  // n_dead_tup: a level, not a counter
            boolean any = d[8] != 0;
            for (int i = 0; i < 7; i++) any |= d[i] != 0;
            if (!any) continue;
            StringBuilder s = new StringBuilder("TABLE " + e.getKey());
            for (int i = 0; i < 9; i++) s.append(' ').append(names[i]).append('=').append(d[i]);
            OUT.println(s + f(" seq_scan/sequence=%.2f seq_tup_read/sequence=%.0f idx_scan/sequence=%.2f", d[0] / (double) seqs, d[1] / (double) seqs, d[2] / (double) seqs));
        }
        return 0;
    }

    static long[] readPgstat(String path, Map<String, long[]> tables) {
        List<String> l = lines(path);
        long[] db = null;
        if (l == null) return null;
        for (String line : l) {
            String[] x = line.split("\\|", -1);
            if (x[0].equals("table") && x.length >= 11) {
                long[] v = new long[9];
                for (int i = 0; i < 9; i++) v[i] = x[i + 2].isEmpty() ? 0 : Long.parseLong(x[i + 2]);
                tables.put(x[1], v);
            } else if (x[0].equals("db") && x.length >= 9) {
                db = new long[8];
                for (int i = 0; i < 8; i++) db[i] = x[i + 1].isEmpty() ? 0 : Long.parseLong(x[i + 1]);
            }
        }
        return db;
    }

    // ---- bench/sip: pg_stat_database of the bench's databases per registration
    static int pgDbDiff(String p0, String p1, String rate, String seconds) {
        Function<String, Map<String, long[]>> read = path -> {
            Map<String, long[]> out = new TreeMap<>();
            List<String> l = lines(path);
            if (l != null) for (String line : l) {
                String[] x = line.strip().split("\\|", -1);
                if (x.length != 10) continue;
                long[] v = new long[9];
                for (int i = 0; i < 9; i++) v[i] = x[i + 1].isEmpty() ? 0 : Long.parseLong(x[i + 1]);
                out.put(x[0], v);
            }
            return out;
        };
        Map<String, long[]> a = read.apply(p0), b = read.apply(p1);
        Double r = number(rate), s = number(seconds);
        double n = r == null || s == null ? 0 : r * s;
        if (a.isEmpty() || b.isEmpty() || n <= 0) { OUT.println("pg_stat_database=NA"); return 0; }
        for (var e : b.entrySet()) {
            long[] x = a.getOrDefault(e.getKey(), new long[9]), y = e.getValue();
            double[] d = new double[9];
            for (int i = 0; i < 9; i++) d[i] = (y[i] - x[i]) / n;
            OUT.println(f("%s: commits %.1f rollbacks %.2f rows returned %.0f fetched %.1f inserted %.2f updated %.2f deleted %.2f blocks read %.2f hit %.0f",
                    e.getKey(), d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]));
        }
        return 0;
    }

    // ---- wrk --latency output -> key=value line
    static double toMs(String v, String unit) {
        return Double.parseDouble(v) * switch (unit) { case "us" -> 0.001; case "s" -> 1000.0; case "m" -> 60000.0; default -> 1.0; };
    }

    static int wrk(String path) {
        String t = Optional.ofNullable(text(path)).orElse("");
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(t);
        out.put("rps", m.find() ? m.group(1) : "NA");
        for (String p : List.of("50", "75", "90", "99")) {
            m = Pattern.compile("^\\s+" + p + "%\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE).matcher(t);
            out.put("p" + p + "_ms", m.find() ? f("%.2f", toMs(m.group(1), m.group(2))) : "NA");
        }
        m = Pattern.compile("^\\s+Latency\\s+([\\d.]+)(us|ms|s|m)\\s+[\\d.]+\\w+\\s+([\\d.]+)(us|ms|s|m)", Pattern.MULTILINE).matcher(t);
        boolean lat = m.find();
        out.put("avg_ms", lat ? f("%.2f", toMs(m.group(1), m.group(2))) : "NA");
        out.put("max_ms", lat ? f("%.2f", toMs(m.group(3), m.group(4))) : "NA");
        m = Pattern.compile("(\\d+) requests in ([\\d.]+)(\\w+)").matcher(t);
        out.put("requests", m.find() ? m.group(1) : "NA");
        m = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(t);
        out.put("non2xx", m.find() ? m.group(1) : "0");
        m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(t);
        out.put("socket_errors", m.find() ? String.valueOf(Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)) + Long.parseLong(m.group(4))) : "0");
        m = Pattern.compile("^STATUS (\\d+) (\\d+)$", Pattern.MULTILINE).matcher(t);
        List<String> st = new ArrayList<>();
        while (m.find()) st.add(m.group(1) + ":" + m.group(2));
        Collections.sort(st);
        out.put("statuses", st.isEmpty() ? "none" : String.join(",", st));
        OUT.println(out.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        return 0;
    }

    // ---- JFR: where one JVM's CPU samples (jdk.ExecutionSample) go
    static final String[][] SUBSYSTEMS = {
            {"SIP stack (jain-sip)", "^(gov\\.nist|javax\\.sip|android\\.gov\\.nist)"}, {"Netty I/O", "^io\\.netty"}, {"Reactor", "^reactor\\."},
            {"HTTP client/server (reactor-netty)", "^reactor\\.netty"}, {"Spring (web, security, data)", "^org\\.springframework"},
            {"JSON (Jackson)", "^(com\\.fasterxml\\.jackson|tools\\.jackson)"}, {"JPA/Hibernate", "^(org\\.hibernate|jakarta\\.persistence)"},
            {"JDBC/R2DBC driver", "^(org\\.postgresql|io\\.r2dbc|com\\.zaxxer\\.hikari)"}, {"jOOQ/Flyway", "^(org\\.jooq|org\\.flywaydb)"},
            {"logging", "^(ch\\.qos\\.logback|org\\.slf4j|org\\.apache\\.logging)"}, {"metrics (Micrometer)", "^io\\.micrometer"},
            {"crypto/digest (java.security, javax.crypto, sun.security)", "^(java\\.security|javax\\.crypto|sun\\.security|com\\.sun\\.crypto)"},
            {"project code (org.webrtcims)", "^org\\.webrtcims"}, {"JFR itself (profiling overhead)", "^jdk\\.jfr"}};

    static int jfrSummary(String path, int top) {
        Map<String, Integer> selfM = new HashMap<>(), selfP = new HashMap<>(), incl = new HashMap<>(), threads = new HashMap<>();
        List<Pattern> subs = Arrays.stream(SUBSYSTEMS).map(s -> Pattern.compile(s[1])).toList();
        int n = 0;
        try (var rf = new jdk.jfr.consumer.RecordingFile(Path.of(path))) {
            while (rf.hasMoreEvents()) {
                var e = rf.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
                n++;
                var th = e.getThread("sampledThread");
                String tn = th == null || th.getJavaName() == null ? "?" : th.getJavaName();
                threads.merge(tn.replaceAll("[-#]?\\d+$", "-N"), 1, Integer::sum);
                if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) continue;
                List<String> names = e.getStackTrace().getFrames().stream()
                        .map(fr -> fr.getMethod().getType().getName().replace('/', '.') + "." + fr.getMethod().getName()).toList();
                selfM.merge(names.get(0), 1, Integer::sum);
                String[] parts = names.get(0).split("\\.");
                String pkg = String.join(".", Arrays.asList(parts).subList(0, Math.min(3, Math.max(0, parts.length - 2))));
                selfP.merge(pkg.isEmpty() ? "(default)" : pkg, 1, Integer::sum);
                for (int i = 0; i < subs.size(); i++) {
                    Pattern p = subs.get(i);
                    if (names.stream().anyMatch(x -> p.matcher(x).find())) incl.merge(SUBSYSTEMS[i][0], 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            OUT.println("jfr read failed: " + e.getMessage());
            return 0;
        }
        if (n == 0) { OUT.println("no execution samples"); return 0; }
        final int total = n;
        Function<Integer, String> pct = c -> f("%5.1f%%", 100.0 * c / total);
        Function<Map<String, Integer>, List<Map.Entry<String, Integer>>> common = m -> m.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
        OUT.println("samples: " + n + " (jdk.ExecutionSample, Java code on CPU)");
        OUT.println("  inclusive, by subsystem (sample counted once per subsystem on its stack):");
        common.apply(incl).forEach(e -> OUT.println("    " + pct.apply(e.getValue()) + "  " + e.getKey()));
        OUT.println("  self, top " + top + " packages:");
        common.apply(selfP).stream().limit(top).forEach(e -> OUT.println("    " + pct.apply(e.getValue()) + "  " + e.getKey()));
        OUT.println("  self, top " + top + " methods:");
        common.apply(selfM).stream().limit(top).forEach(e -> OUT.println("    " + pct.apply(e.getValue()) + "  " + e.getKey()));
        OUT.println("  threads (numbers folded): " + common.apply(threads).stream().limit(6)
                .map(e -> f("%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total)).collect(Collectors.joining(", ")));
        return 0;
    }

    // ---- anchor-compare: the comparison table from the PHASE / RSS / WARMUP lines of run.sh
    static Map<String, String> parseKv(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = Pattern.compile("(\\w+)=([^\\s)]+)").matcher(line);
        while (x.find()) m.put(x.group(1), x.group(2));
        return m;
    }

    static String fx(Double x, int d) { return x == null ? "NA" : f("%." + d + "f", x); }

    static int anchorSummary(String[] a) {
        double tRate = a.length > 1 ? Double.parseDouble(a[1]) : 0.5, tP99 = a.length > 2 ? Double.parseDouble(a[2]) : 3,
                tP50 = a.length > 3 ? Double.parseDouble(a[3]) : 2, tCpu = a.length > 4 ? Double.parseDouble(a[4]) : 3.5,
                tRss = a.length > 5 ? Double.parseDouble(a[5]) : 1024;
        List<String> l = Optional.ofNullable(lines(a[0])).orElse(List.of());
        List<Map<String, String>> rows = l.stream().filter(x -> x.startsWith("PHASE ")).map(Bench::parseKv).toList();
        List<Map<String, String>> rss = l.stream().filter(x -> x.startsWith("RSS ")).map(Bench::parseKv).toList();
        List<Map<String, String>> warm = l.stream().filter(x -> x.startsWith("WARMUP ")).map(Bench::parseKv).toList();
        Map<String, Map<String, List<Map<String, String>>>> by = new HashMap<>();
        for (var r : rows) by.computeIfAbsent(r.get("kind"), k -> new HashMap<>()).computeIfAbsent(r.get("level"), k -> new ArrayList<>()).add(r);
        List<String> kinds = new ArrayList<>(Stream.of("anchor", "jvm5", "local").filter(by::containsKey).toList());
        Map<String, String> label = Map.of("anchor", "anchor (Kamailio)", "jvm5", "project, 5 JVMs", "local", "project, run-local");
        OUT.println("Per phase (in run order)");
        OUT.println(f("  %2s %-20s %-12s %8s %8s %8s %7s %10s %6s  cpu ms/reg per process", "#", "system", "level", "regs/s", "p50 ms", "p99 ms", "errors", "cpu ms/reg", "load1"));
        for (var r : rows) {
            String split = r.entrySet().stream().filter(e -> e.getKey().startsWith("cpums_") && !e.getKey().equals("cpums_total"))
                    .map(e -> e.getKey().substring(6) + " " + fx(number(e.getValue()), 2)).collect(Collectors.joining(" "));
            double jit = r.entrySet().stream().filter(e -> e.getKey().endsWith("_jit")).mapToDouble(e -> Optional.ofNullable(number(e.getValue())).orElse(0.0)).sum();
            split += r.keySet().stream().anyMatch(k -> k.endsWith("_jit")) ? f("  | JIT threads %.2f cores, foreign %s cores", jit, r.getOrDefault("foreign_cores", "NA"))
                    : "  | foreign " + r.getOrDefault("foreign_cores", "NA") + " cores";
            OUT.println(f("  %2s %-20s %-12s %8s %8s %8s %7s %10s %6s  %s", r.get("phase"), label.getOrDefault(r.get("kind"), r.get("kind")), r.get("level"),
                    r.getOrDefault("rate_per_s", "NA"), r.getOrDefault("p50_ms", "NA"), r.getOrDefault("p99_ms", "NA"), r.getOrDefault("errors", "NA"),
                    fx(number(r.getOrDefault("cpums_total", "")), 2), r.getOrDefault("load1", "NA"), split));
        }
        java.util.function.BiFunction<String, String[], Double> agg = (kind, lk) -> {
            List<Double> xs = by.getOrDefault(kind, Map.of()).getOrDefault(lk[0], List.of()).stream().map(r -> number(r.getOrDefault(lk[1], ""))).filter(Objects::nonNull).toList();
            return xs.isEmpty() ? null : xs.stream().mapToDouble(d -> d).average().orElse(0);
        };
        java.util.function.BiFunction<String, String, Double> errs = (kind, level) -> by.getOrDefault(kind, Map.of()).getOrDefault(level, List.of()).stream()
                .mapToDouble(r -> Optional.ofNullable(number(r.getOrDefault("errors", ""))).orElse(0.0)).sum();
        OUT.println();
        OUT.println("Means over the phases of each system (ratio = project / anchor)");
        StringBuilder h = new StringBuilder(f("  %-28s %9s", "metric", "anchor"));
        for (String k : kinds) if (!k.equals("anchor")) h.append(f(" %22s %6s", label.get(k), "ratio"));
        OUT.println(h);
        String[][] metrics = {{"C=1 think 100ms p50 ms", "c1", "p50_ms", "2"}, {"C=10 regs/s", "c10", "rate_per_s", "1"}, {"C=10 p99 ms", "c10", "p99_ms", "2"},
                {"C=100 regs/s", "c100", "rate_per_s", "1"}, {"C=100 p99 ms", "c100", "p99_ms", "2"}, {"C=100 errors (sum)", "c100", "errors", "0"},
                {"C=100 cpu ms/registration", "c100", "cpums_total", "3"}};
        for (String[] m : metrics) {
            int d = Integer.parseInt(m[3]);
            Double av = m[2].equals("errors") ? errs.apply("anchor", m[1]) : agg.apply("anchor", new String[] {m[1], m[2]});
            StringBuilder line = new StringBuilder(f("  %-28s %9s", m[0], fx(av, d)));
            for (String k : kinds) {
                if (k.equals("anchor")) continue;
                Double v = m[2].equals("errors") ? errs.apply(k, m[1]) : agg.apply(k, new String[] {m[1], m[2]});
                line.append(f(" %22s %6s", fx(v, d), fx(v != null && av != null && av != 0 ? v / av : null, 2)));
            }
            OUT.println(line);
        }
        if (!warm.isEmpty()) {
            OUT.println();
            OUT.println("  warm-up per phase: " + warm.stream().map(w -> f("%s %s %s s (JIT at its end %s cores)", w.get("phase"), w.get("kind"), w.get("seconds"), w.get("jit_last")))
                    .collect(Collectors.joining(", ")));
        }
        if (!rss.isEmpty()) {
            OUT.println();
            for (var r : rss) OUT.println(f("  idle RSS after provisioning, phase %s %s: %s MiB together (%s)", r.get("phase"),
                    label.getOrDefault(r.get("kind"), r.get("kind")), r.get("sum_mib"), r.getOrDefault("detail", "")));
        }
        OUT.println();
        OUT.println("Targets (issue 12; each from this run; means over the phases of each system)");
        for (String k : kinds) {
            if (k.equals("anchor")) continue;
            Double ar = agg.apply("anchor", new String[] {"c100", "rate_per_s"}), pr = agg.apply(k, new String[] {"c100", "rate_per_s"});
            double e = errs.apply(k, "c100");
            Double ratio = pr != null && ar != null && ar != 0 ? pr / ar : null;
            pass(ratio != null && ratio >= tRate && e == 0, f("%s: C=100 %s regs/s = %sx the anchor's %s (>= %sx), errors %.0f (= 0)", label.get(k), fx(pr, 1), fx(ratio, 2), fx(ar, 1), tRate, e));
            Double a99 = agg.apply("anchor", new String[] {"c10", "p99_ms"}), p99 = agg.apply(k, new String[] {"c10", "p99_ms"});
            Double r99 = p99 != null && a99 != null && a99 != 0 ? p99 / a99 : null;
            pass(r99 != null && r99 <= tP99, f("%s: C=10 p99 %s ms = %sx the anchor's %s ms (<= %sx)", label.get(k), fx(p99, 2), fx(r99, 2), fx(a99, 2), tP99));
            Double a50 = agg.apply("anchor", new String[] {"c1", "p50_ms"}), p50 = agg.apply(k, new String[] {"c1", "p50_ms"});
            Double r50 = p50 != null && a50 != null && a50 != 0 ? p50 / a50 : null;
            pass(r50 != null && r50 <= tP50, f("%s: C=1 p50 %s ms = %sx the anchor's %s ms (<= %sx)", label.get(k), fx(p50, 2), fx(r50, 2), fx(a50, 2), tP50));
            Double cpu = agg.apply(k, new String[] {"c100", "cpums_total"}), acpu = agg.apply("anchor", new String[] {"c100", "cpums_total"});
            pass(cpu != null && cpu <= tCpu, f("%s: C=100 CPU per registration, all processes %s ms (<= %s; anchor %s ms)", label.get(k), fx(cpu, 2), tCpu, fx(acpu, 2)));
        }
        List<Map<String, String>> rs = rss.stream().filter(r -> "jvm5".equals(r.get("kind"))).toList();
        if (!rs.isEmpty()) {
            double worst = rs.stream().mapToDouble(r -> Optional.ofNullable(number(r.getOrDefault("sum_mib", ""))).orElse(0.0)).max().orElse(0);
            pass(worst <= tRss, f("project, 5 JVMs: idle RSS after provisioning, sum of the five JVMs, max over phases %.0f MiB (<= %.0f)", worst, tRss));
        }
        return 0;
    }

    static void pass(boolean ok, String text) { OUT.println("  " + (ok ? "PASS" : "FAIL") + "  " + text); }

    // ================================================================================================ JSON (reading answers)
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) { this.s = s; }

        static Map<String, Object> obj(String s) { return map(new Json(s).value()); }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o) { return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(); }

        static List<?> list(Object o) { return o instanceof List<?> l ? l : List.of(); }

        static String write(Object o) {
            if (o == null) return "null";
            if (o instanceof String x) return "\"" + x.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            if (o instanceof Map<?, ?> m) return m.entrySet().stream().map(e -> write(e.getKey()) + ":" + write(e.getValue())).collect(Collectors.joining(",", "{", "}"));
            if (o instanceof List<?> l) return l.stream().map(Json::write).collect(Collectors.joining(",", "[", "]"));
            return String.valueOf(o);
        }

        private void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    ws();
                    if (s.charAt(i) == '}') { i++; return m; }
                    while (true) {
                        ws();
                        String k = (String) value();
                        ws();
                        i++;  // :
                        m.put(k, value());
                        ws();
                        if (s.charAt(i++) == '}') return m;
                    }
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    i++;
                    ws();
                    if (s.charAt(i) == ']') { i++; return l; }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i++) == ']') return l;
                    }
                }
                case '"' -> {
                    StringBuilder b = new StringBuilder();
                    i++;
                    while (s.charAt(i) != '"') {
                        char x = s.charAt(i++);
                        if (x == '\\') {
                            char e = s.charAt(i++);
                            switch (e) {
                                case 'n' -> b.append('\n');
                                case 't' -> b.append('\t');
                                case 'r' -> b.append('\r');
                                case 'b' -> b.append('\b');
                                case 'f' -> b.append('\f');
                                case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                                default -> b.append(e);
                            }
                        } else {
                            b.append(x);
                        }
                    }
                    i++;
                    return b.toString();
                }
                default -> {
                    int j = i;
                    while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) i++;
                    String t = s.substring(j, i);
                    return switch (t) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        case "null" -> null;
                        default -> t.contains(".") || t.contains("e") || t.contains("E") ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
                    };
                }
            }
        }
    }
}
