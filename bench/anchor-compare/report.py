#!/usr/bin/env python3
"""Helpers of bench/anchor-compare/run.sh (Python 3 stdlib only).

  report.py cpu-snap FILE NAME=PID[,PID...] ...
        CPU ticks (utime + stime) of every process on the machine, the machine's total/idle ticks, and the groups:
        a group is its root PIDs AND all their descendants (Kamailio's forked workers, PostgreSQL backends, the
        embedded PostgreSQL of the local launcher), resolved when the window ends.
  report.py cpu-diff FILE0 FILE1 [RATE]
        -> key=value line: wall_s machine_busy_pct <name>_cores ... foreign_cores top_foreign
           and, with RATE (registrations/s of the window), cpums_<name> (CPU ms per registration) and cpums_total
           (sum over the named groups, foreign excluded)
  report.py jfr-summary FILE.jfr [TOP]
        -> where the CPU samples (jdk.ExecutionSample) of one JVM go: top methods by self samples, packages by self
           samples, and inclusive shares of a few subsystems (a sample counts once per subsystem on its stack)
  report.py summary PHASES_FILE [TARGET_RATE_RATIO TARGET_P99_RATIO TARGET_P50_RATIO TARGET_CPU_MS TARGET_RSS_MIB]
        -> the comparison table (anchor beside project, ratios, PASS/FAIL) from the key=value lines of run.sh
"""

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

sys.dont_write_bytecode = True

# bench/web-auth-proxy/report.py: CPU ticks of a JVM's JIT compiler and GC threads
_spec = importlib.util.spec_from_file_location(
    "proxy_bench_report", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web-auth-proxy", "report.py"))
_proxy_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_proxy_report)
jit_gc_ticks = _proxy_report.jit_gc_ticks


# ---- CPU from /proc ----------------------------------------------------------------------------------------------
def read_procs():
    procs = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        rp = s.rfind(")")
        comm = s[s.find("(") + 1:rp]
        fields = s[rp + 2:].split()
        # fields[0] = state (field 3); ppid = field 4; utime = 14, stime = 15
        # (comm, ppid, utime + stime, starttime: tells a reused PID apart; kworkers change their comm)
        procs[int(d)] = (comm, int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19]))
    return procs


def read_machine():
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    total = sum(cpu[:8])  # user nice system idle iowait irq softirq steal
    return total, cpu[3] + cpu[4]


def cmd_cpu_snap(path, *specs):
    groups = {}
    for spec in specs:
        name, _, pids = spec.partition("=")
        roots = [int(p) for p in pids.split(",") if p.strip().isdigit() and int(p) > 0]
        if roots:
            groups[name] = roots
    total, idle = read_machine()
    procs = read_procs()
    jvm = {}  # JIT / GC thread ticks of the roots that are JVMs
    for name, roots in groups.items():
        if len(roots) == 1 and procs.get(roots[0], ("",))[0] == "java":
            jvm[name] = jit_gc_ticks(roots[0])
    with open(path, "w") as f:
        json.dump({"total": total, "idle": idle, "groups": groups, "jvm": jvm,
                   "procs": {str(k): v for k, v in procs.items()}}, f)


def group_of(pid, procs, root_to_group):
    seen = 0
    while pid and seen < 64:
        if pid in root_to_group:
            return root_to_group[pid]
        p = procs.get(str(pid))
        if p is None:
            return None
        pid = p[1]
        seen += 1
    return None


def cpu_diff(before, after, rate=None):
    cores = os.cpu_count() or 1
    hz = os.sysconf("SC_CLK_TCK")
    total = (after["total"] - before["total"]) or 1
    busy = total - (after["idle"] - before["idle"])
    per_core = total / cores
    groups = after["groups"] or before["groups"]
    root_to_group = {r: name for name, roots in groups.items() for r in roots}
    used = Counter({name: 0 for name in groups})
    foreign = Counter()
    for pid, (comm, ppid, ticks, start) in after["procs"].items():
        old = before["procs"].get(pid)
        delta = ticks - (old[2] if old and old[3] == start else 0)
        if delta <= 0:
            continue
        g = group_of(int(pid), after["procs"], root_to_group) or group_of(int(pid), before["procs"], root_to_group)
        if g:
            used[g] += delta
        else:
            foreign[f"{comm}[{pid}]"] += delta
    out = {"wall_s": f"{per_core / hz:.1f}", "machine_busy_pct": f"{100.0 * busy / total:.0f}"}
    for name in groups:
        out[f"{name}_cores"] = f"{used[name] / per_core:.3f}"
    for name, (jit1, gc1) in after.get("jvm", {}).items():
        jit0, gc0 = before.get("jvm", {}).get(name, (jit1, gc1))
        out[f"{name}_jit_cores"] = f"{(jit1 - jit0) / per_core:.3f}"
        out[f"{name}_gc_cores"] = f"{(gc1 - gc0) / per_core:.3f}"
    alive = {int(k) for k in after["procs"]}
    missing = [name for name, roots in groups.items() if not any(r in alive for r in roots)]
    out["missing_groups"] = ",".join(missing) or "none"  # ended before the window did: their CPU is not counted
    out["foreign_cores"] = f"{sum(foreign.values()) / per_core:.3f}"
    out["top_foreign"] = ",".join(f"{n}:{d / per_core:.2f}" for n, d in foreign.most_common(3) if d / per_core >= 0.01) or "none"
    if rate and rate > 0:
        tot = 0.0
        for name in groups:
            v = 1000.0 * used[name] / per_core / rate
            out[f"cpums_{name}"] = f"{v:.3f}"
            tot += v
        out["cpums_total"] = f"{tot:.3f}"
    return " ".join(f"{k}={v}" for k, v in out.items())


def cmd_cpu_diff(p0, p1, rate=None):
    with open(p0) as a, open(p1) as b:
        r = float(rate) if rate not in (None, "", "NA", "NaN") else None
        print(cpu_diff(json.load(a), json.load(b), r))


# ---- JFR ---------------------------------------------------------------------------------------------------------
SUBSYSTEMS = [  # (label, regex on "class.method") — inclusive: a sample counts once per subsystem on its stack
    ("SIP stack (jain-sip)", r"^(gov\.nist|javax\.sip|android\.gov\.nist)"),
    ("Netty I/O", r"^io\.netty"),
    ("Reactor", r"^reactor\."),
    ("HTTP client/server (reactor-netty)", r"^reactor\.netty"),
    ("Spring (web, security, data)", r"^org\.springframework"),
    ("JSON (Jackson)", r"^(com\.fasterxml\.jackson|tools\.jackson)"),
    ("JPA/Hibernate", r"^(org\.hibernate|jakarta\.persistence)"),
    ("JDBC/R2DBC driver", r"^(org\.postgresql|io\.r2dbc|com\.zaxxer\.hikari)"),
    ("jOOQ/Flyway", r"^(org\.jooq|org\.flywaydb)"),
    ("logging", r"^(ch\.qos\.logback|org\.slf4j|org\.apache\.logging)"),
    ("metrics (Micrometer)", r"^io\.micrometer"),
    ("crypto/digest (java.security, javax.crypto, sun.security)", r"^(java\.security|javax\.crypto|sun\.security|com\.sun\.crypto)"),
    ("project code (org.webrtcims)", r"^org\.webrtcims"),
    ("JFR itself (profiling overhead)", r"^jdk\.jfr"),
]


def frame_name(fr):
    m = fr.get("method") or {}
    t = (m.get("type") or {}).get("name", "?")
    return f"{t.replace('/', '.')}.{m.get('name', '?')}"


def package_of(name, depth=3):
    parts = name.split(".")
    pkg = [p for p in parts[:-2]]  # drop Class.method
    return ".".join(pkg[:depth]) or "(default)"


def cmd_jfr_summary(path, top="12"):
    top = int(top)
    try:
        raw = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                             check=True, capture_output=True, text=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"jfr print failed: {e}")
        return
    events = json.loads(raw).get("recording", {}).get("events", [])
    n = len(events)
    if n == 0:
        print("no execution samples")
        return
    self_m, self_p, incl, threads = Counter(), Counter(), Counter(), Counter()
    subs = [(label, re.compile(rx)) for label, rx in SUBSYSTEMS]
    for e in events:
        v = e.get("values", {})
        frames = (v.get("stackTrace") or {}).get("frames") or []
        th = (v.get("sampledThread") or {}).get("javaName") or "?"
        threads[re.sub(r"[-#]?\d+$", "-N", th)] += 1
        if not frames:
            continue
        names = [frame_name(f) for f in frames]
        self_m[names[0]] += 1
        self_p[package_of(names[0])] += 1
        seen = set()
        for label, rx in subs:
            if any(rx.search(x) for x in names):
                seen.add(label)
        for label in seen:
            incl[label] += 1
    pct = lambda c: f"{100.0 * c / n:5.1f}%"
    print(f"samples: {n} (jdk.ExecutionSample, Java code on CPU)")
    print("  inclusive, by subsystem (sample counted once per subsystem on its stack):")
    for label, c in incl.most_common():
        print(f"    {pct(c)}  {label}")
    print(f"  self, top {top} packages:")
    for p, c in self_p.most_common(top):
        print(f"    {pct(c)}  {p}")
    print(f"  self, top {top} methods:")
    for m, c in self_m.most_common(top):
        print(f"    {pct(c)}  {m}")
    print("  threads (numbers folded): " + ", ".join(f"{t} {100.0 * c / n:.0f}%" for t, c in threads.most_common(6)))


# ---- summary -----------------------------------------------------------------------------------------------------
def parse_kv(line):
    return dict(re.findall(r"(\w+)=(\S+)", line))


def num(x):
    try:
        v = float(x)
        return v if v == v else None
    except (TypeError, ValueError):
        return None


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


def f(x, d=1):
    return "NA" if x is None else f"{x:.{d}f}"


def cmd_summary(path, t_rate="0.5", t_p99="3", t_p50="2", t_cpu="3.5", t_rss="1024"):
    t_rate, t_p99, t_p50, t_cpu, t_rss = map(float, (t_rate, t_p99, t_p50, t_cpu, t_rss))
    rows = [parse_kv(l) for l in open(path) if l.startswith("PHASE ")]
    rss_rows = [parse_kv(l) for l in open(path) if l.startswith("RSS ")]
    warm_rows = [parse_kv(l) for l in open(path) if l.startswith("WARMUP ")]
    by = defaultdict(lambda: defaultdict(list))  # kind -> level -> rows
    for r in rows:
        by[r["kind"]][r["level"]].append(r)
    kinds = [k for k in ("anchor", "jvm5", "local") if k in by]
    label = {"anchor": "anchor (Kamailio)", "jvm5": "project, 5 JVMs", "local": "project, run-local"}

    print("Per phase (in run order)")
    print(f"  {'#':>2} {'system':<20} {'level':<12} {'regs/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
          f"{'cpu ms/reg':>10} {'load1':>6}  cpu ms/reg per process")
    for r in rows:
        split = " ".join(f"{k[6:]} {float(v):.2f}" for k, v in r.items() if k.startswith("cpums_") and k != "cpums_total")
        jit = sum(float(v) for k, v in r.items() if k.endswith("_jit_cores"))
        if any(k.endswith("_jit_cores") for k in r):
            split += f"  | JIT threads {jit:.2f} cores, foreign {r.get('foreign_cores', 'NA')} cores"
        else:
            split += f"  | foreign {r.get('foreign_cores', 'NA')} cores"
        print(f"  {r['phase']:>2} {label.get(r['kind'], r['kind']):<20} {r['level']:<12} {r.get('rate_per_s', 'NA'):>8} "
              f"{r.get('p50_ms', 'NA'):>8} {r.get('p99_ms', 'NA'):>8} {r.get('errors', 'NA'):>7} "
              f"{f(num(r.get('cpums_total')), 2):>10} {r.get('load1', 'NA'):>6}  {split}")

    def agg(kind, level, key):
        return mean([num(r.get(key)) for r in by[kind].get(level, [])])

    def errs(kind, level):
        return sum(int(num(r.get("errors")) or 0) + (0 if r.get("ok") == "1" else 0) for r in by[kind].get(level, []))

    print()
    print("Means over the phases of each system (ratio = project / anchor)")
    print(f"  {'metric':<28} {'anchor':>9}" + "".join(f" {label[k]:>22} {'ratio':>6}" for k in kinds if k != "anchor"))
    metrics = [("C=1 think 100ms p50 ms", "c1", "p50_ms", 2), ("C=10 regs/s", "c10", "rate_per_s", 1),
               ("C=10 p99 ms", "c10", "p99_ms", 2), ("C=100 regs/s", "c100", "rate_per_s", 1),
               ("C=100 p99 ms", "c100", "p99_ms", 2), ("C=100 errors (sum)", "c100", "errors", 0),
               ("C=100 cpu ms/registration", "c100", "cpums_total", 3)]
    for name, level, key, d in metrics:
        a = agg("anchor", level, key) if key != "errors" else errs("anchor", level)
        line = f"  {name:<28} {f(a, d):>9}"
        for k in kinds:
            if k == "anchor":
                continue
            v = agg(k, level, key) if key != "errors" else errs(k, level)
            ratio = (v / a) if (v is not None and a) else None
            line += f" {f(v, d):>22} {f(ratio, 2):>6}"
        print(line)
    if warm_rows:
        print()
        print("  warm-up per phase: " + ", ".join(f"{w.get('phase')} {w.get('kind')} {w.get('seconds')} s (JIT at its end {w.get('jit_last')} cores)"
                                               for w in warm_rows))
    if rss_rows:
        print()
        for r in rss_rows:
            print(f"  idle RSS after provisioning, phase {r.get('phase')} {label.get(r.get('kind'), r.get('kind'))}: "
                  f"{r.get('sum_mib')} MiB together ({r.get('detail', '')})")

    print()
    print("Targets (issue 12; each from this run; means over the phases of each system)")
    results = []
    for k in kinds:
        if k == "anchor":
            continue
        ar, pr = agg("anchor", "c100", "rate_per_s"), agg(k, "c100", "rate_per_s")
        e = errs(k, "c100")
        ok = pr is not None and ar and pr / ar >= t_rate and e == 0
        results.append((ok, f"{label[k]}: C=100 {f(pr)} regs/s = {f(pr / ar if pr and ar else None, 2)}x the anchor's "
                            f"{f(ar)} (>= {t_rate}x), errors {e} (= 0)"))
        a99, p99 = agg("anchor", "c10", "p99_ms"), agg(k, "c10", "p99_ms")
        results.append((p99 is not None and a99 and p99 / a99 <= t_p99,
                        f"{label[k]}: C=10 p99 {f(p99, 2)} ms = {f(p99 / a99 if p99 and a99 else None, 2)}x the anchor's {f(a99, 2)} ms (<= {t_p99}x)"))
        a50, p50 = agg("anchor", "c1", "p50_ms"), agg(k, "c1", "p50_ms")
        results.append((p50 is not None and a50 and p50 / a50 <= t_p50,
                        f"{label[k]}: C=1 p50 {f(p50, 2)} ms = {f(p50 / a50 if p50 and a50 else None, 2)}x the anchor's {f(a50, 2)} ms (<= {t_p50}x)"))
        cpu = agg(k, "c100", "cpums_total")
        acpu = agg("anchor", "c100", "cpums_total")
        results.append((cpu is not None and cpu <= t_cpu,
                        f"{label[k]}: C=100 CPU per registration, all processes {f(cpu, 2)} ms (<= {t_cpu}; anchor {f(acpu, 2)} ms)"))
    rs = [r for r in rss_rows if r.get("kind") == "jvm5"]
    if rs:
        worst = max(num(r.get("sum_mib")) or 0 for r in rs)
        results.append((worst <= t_rss, f"project, 5 JVMs: idle RSS after provisioning, sum of the five JVMs, max over phases {worst:.0f} MiB (<= {t_rss:.0f})"))
    for ok, text in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "cpu-snap":
        cmd_cpu_snap(*argv[2:])
    elif cmd == "cpu-diff":
        cmd_cpu_diff(*argv[2:5])
    elif cmd == "jfr-summary":
        cmd_jfr_summary(*argv[2:4])
    elif cmd == "summary":
        cmd_summary(*argv[2:])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
