#!/usr/bin/env python3
"""Helpers for bench/hss/run.sh (Python 3 stdlib only). Reuses the /proc and GC-log helpers of
bench/web-auth-proxy/report.py and adds CPU attribution for several named processes.

  report.py cpu-snapshot FILE NAME=PID ... [postmaster=PID]
        CPU ticks of the machine, of every process, and per JVM given as NAME=PID the ticks of its JIT compiler
        and GC threads. PIDs that are empty or 0 are ignored.
  report.py cpu-diff FILE1 FILE2
        -> key=value line: wall_s machine_busy_pct <name>_cores (jit= gc=) ... postgres_cores irq_cores
           foreign_cores cores top_foreign
  report.py gc FILE [FROM_LINE [TO_LINE]]       -> pauses=.. pause_total_ms=.. pause_max_ms=..
  report.py pgstat-diff FILE1 FILE2 SEQUENCES   -> per-table scan/tuple deltas of psql dumps (see run.sh)
  report.py metrics FILE                        -> selected Prometheus counters of the HSS
"""

import json
import os
import re
import sys

import importlib.util  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts

# bench/web-auth-proxy/report.py, loaded by path (same module name as this file)
_spec = importlib.util.spec_from_file_location(
    "proxy_bench_report", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web-auth-proxy", "report.py"))
_proxy_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_proxy_report)
cmd_gc, machine_snapshot, jit_gc_ticks = _proxy_report.cmd_gc, _proxy_report.machine_snapshot, _proxy_report.jit_gc_ticks


def snapshot(named, postmaster):
    threads = {}
    for name, pid in named.items():
        jit, gc = jit_gc_ticks(pid)
        threads[name] = {"jit": jit, "gc": gc}
    return dict(machine_snapshot(), named=named, postmaster=postmaster, threads=threads)


def diff(before, after, top=3):
    cores = os.cpu_count() or 1
    hz = os.sysconf("SC_CLK_TCK")
    total = after["total"] - before["total"] or 1
    per_core = total / cores
    busy = total - (after["idle"] - before["idle"])
    by_pid = {pid: name for name, pid in after["named"].items()}
    postmaster = after["postmaster"]
    used = {name: 0 for name in after["named"]}
    used.update(postgres=0, foreign=0)
    foreign = []
    for pid, (comm, ppid, ticks) in after["procs"].items():
        delta = ticks - before["procs"].get(pid, [comm, ppid, 0])[2]
        if delta <= 0:
            continue
        if pid in by_pid:
            group = by_pid[pid]
        elif postmaster and (int(pid) == postmaster or ppid == postmaster):
            group = "postgres"
        elif not postmaster and comm == "postgres":
            group = "postgres"
        else:
            group = "foreign"
        used[group] += delta
        if group == "foreign":
            foreign.append((delta, f"{comm}[{pid}]"))
    irq = (after["irq"] - before["irq"]) + (after["steal"] - before["steal"])
    unattributed = busy - sum(used.values()) - irq  # processes that came and went between the snapshots
    parts = [f"wall_s={per_core / hz:.1f}", f"machine_busy_pct={100.0 * busy / total:.0f}"]
    for name in after["named"]:
        t0, t1 = before["threads"].get(name, {}), after["threads"].get(name, {})
        jit = (t1.get("jit", 0) - t0.get("jit", 0)) / per_core
        gc = (t1.get("gc", 0) - t0.get("gc", 0)) / per_core
        parts.append(f"{name}_cores={used[name] / per_core:.2f} ({name}_jit={jit:.2f} {name}_gc={gc:.2f})")
    parts.append(f"postgres_cores={used['postgres'] / per_core:.2f}")
    parts.append(f"irq_cores={irq / per_core:.2f}")
    parts.append(f"foreign_cores={(used['foreign'] + max(unattributed, 0)) / per_core:.2f}")
    parts.append(f"cores={cores}")
    foreign.sort(reverse=True)
    top_foreign = ",".join(f"{name}:{d / per_core:.2f}" for d, name in foreign[:top] if d / per_core >= 0.01)
    parts.append(f"top_foreign={top_foreign or 'none'}")
    return " ".join(parts)


def cmd_cpu_snapshot(path, *specs):
    named, postmaster = {}, 0
    for spec in specs:
        name, _, pid = spec.partition("=")
        if not pid or pid == "0":
            continue
        if name == "postmaster":
            postmaster = int(pid)
        else:
            named[name] = pid
    with open(path, "w") as f:
        json.dump(snapshot(named, postmaster), f)


def cmd_cpu_diff(before_path, after_path):
    with open(before_path) as b, open(after_path) as a:
        print(diff(json.load(b), json.load(a)))


def read_pgstat(path):
    """psql -At -F '|' output: 'table|relname|seq_scan|seq_tup_read|idx_scan|n_tup_ins|n_tup_upd|n_tup_hot_upd|
    n_tup_del|n_dead_tup|autovacuum_count' rows and one 'db|xact_commit|xact_rollback|deadlocks|conflicts|
    blks_read|blks_hit|tup_returned|tup_fetched' row."""
    tables, db = {}, {}
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        return tables, db
    for line in lines:
        f = line.split("|")
        if f[0] == "table" and len(f) >= 11:
            tables[f[1]] = [int(x or 0) for x in f[2:11]]
        elif f[0] == "db" and len(f) >= 9:
            db = dict(zip(["xact_commit", "xact_rollback", "deadlocks", "conflicts", "blks_read", "blks_hit",
                           "tup_returned", "tup_fetched"], (int(x or 0) for x in f[1:9])))
    return tables, db


def cmd_pgstat_diff(before_path, after_path, sequences):
    seqs = max(int(sequences), 1)
    t0, d0 = read_pgstat(before_path)
    t1, d1 = read_pgstat(after_path)
    if not t1 or not d1:
        print("pgstat=NA")
        return
    dd = {k: d1[k] - d0.get(k, 0) for k in d1}
    print(f"DB commits={dd['xact_commit']} ({dd['xact_commit'] / seqs:.1f}/sequence) rollbacks={dd['xact_rollback']}"
          f" deadlocks={dd['deadlocks']} blks_read={dd['blks_read']} blks_hit={dd['blks_hit']}"
          f" tup_returned/sequence={dd['tup_returned'] / seqs:.0f} tup_fetched/sequence={dd['tup_fetched'] / seqs:.1f}")
    names = ["seq_scan", "seq_tup_read", "idx_scan", "ins", "upd", "hot_upd", "del", "dead_tup", "autovacuum"]
    for rel in sorted(t1):
        a, b = t0.get(rel, [0] * 9), t1[rel]
        d = [y - x for x, y in zip(a, b)]
        d[7] = b[7]  # n_dead_tup: a level, not a counter
        if not any(d[:7]) and not d[8]:
            continue
        print(f"TABLE {rel} " + " ".join(f"{n}={v}" for n, v in zip(names, d))
              + f" seq_scan/sequence={d[0] / seqs:.2f} seq_tup_read/sequence={d[1] / seqs:.0f}"
              + f" idx_scan/sequence={d[2] / seqs:.2f}")


def cmd_metrics(path):
    """Selected counters from a /actuator/prometheus scrape."""
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        print("metrics=NA")
        return
    out = {}
    for name in ("hikaricp_connections_timeout_total", "hikaricp_connections_max", "hikaricp_connections_pending",
                 "hikaricp_connections_active"):
        m = re.search(rf"^{name}\{{[^}}]*\}} ([\d.eE+-]+)$", text, re.M)
        out[name.replace("hikaricp_connections_", "hikari_")] = m.group(1) if m else "NA"
    statuses = {}
    for m in re.finditer(r'^http_server_requests_seconds_count\{((?:[^"}]|"[^"]*")*)\} ([\d.eE+-]+)$', text, re.M):
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if not labels.get("uri", "").startswith("/cx/"):
            continue
        key = f"{labels.get('method')}:{labels.get('uri').split('/')[-1]}:{labels.get('status')}"
        statuses[key] = statuses.get(key, 0) + int(float(m.group(2)))
    out["cx_requests"] = ",".join(f"{k}={v}" for k, v in sorted(statuses.items())) or "none"
    print(" ".join(f"{k}={v}" for k, v in out.items()))


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "cpu-snapshot":
        cmd_cpu_snapshot(*argv[2:])
    elif cmd == "cpu-diff":
        cmd_cpu_diff(*argv[2:4])
    elif cmd == "gc":
        cmd_gc(argv[2], *(int(x) for x in argv[3:5]))
    elif cmd == "pgstat-diff":
        cmd_pgstat_diff(*argv[2:5])
    elif cmd == "metrics":
        cmd_metrics(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
