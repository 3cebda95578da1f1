#!/usr/bin/env python3
"""Helpers for bench/sip/run.sh (Python 3 stdlib only): summarize one sipp run.

  sip_report.py pg-split CPU0 CPU1 PREFIX -> postgres_ours_cores=.. postgres_other_cores=.. other_dbs=..: CPU of the
        PostgreSQL backends between two `bench/hss/report.py cpu-snapshot` files, split by the database in the
        backend's process title (ours: the database name starts with PREFIX; other benchmarks share the cluster)
  sip_report.py pg-db-diff PG0 PG1 RATE SECONDS -> per database: commits, rollbacks, rows returned/fetched/
        inserted/updated/deleted per registration, from two pg_stat_database dumps (psql -At -F'|') taken SECONDS
        apart at RATE registrations/s
  sip_report.py phase DIR [RC]   -> one key=value line for the sipp run whose files are in DIR:
        stat.csv    sipp -trace_stat -stf stat.csv -fd 1 (';'-separated, one row per second and one at exit)
        rtt.csv     sipp -trace_rtt (Date_ms;response_time_ms;rtd_no), one row per successful call: the scenario's
                    rtd="true" on the 200, i.e. first REGISTER sent -> 200 received (both round trips)
        errors.log  sipp -trace_err -error_file (unexpected messages, timeouts), if any
  keys: rc elapsed_s successful failed rate_per_s min_per_s max_per_s (full one-second rows only)
        p50_ms p90_ms p99_ms p999_ms max_ms mean_ms rtt_n (nearest-rank percentiles of rtt.csv)
        failures (non-zero Failed* counters) unexpected (received status lines / error kinds, counted)
        retrans out_of_call dead_call watchdog (sipp's own scheduling overruns: major/minor)
"""

import math
import os
import re
import sys


def epoch(field):
    """'2026-11-28<TAB>01:49:21.619470<TAB>1795830561.619470' -> 1795830561.61947"""
    parts = field.split("\t")
    try:
        return float(parts[-1])
    except ValueError:
        return None


def read_stat(path):
    try:
        lines = [l.rstrip("\n") for l in open(path, encoding="utf-8", errors="replace") if l.strip()]
    except FileNotFoundError:
        return None, []
    if not lines:
        return None, []
    header = lines[0].split(";")
    rows = [dict(zip(header, l.split(";"))) for l in lines[1:]]
    return header, rows


def num(row, key):
    try:
        return int(float(row.get(key, "0") or 0))
    except ValueError:
        return 0


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100.0 * len(sorted_values)) - 1))
    return sorted_values[k]


def read_rtt(path):
    values = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.strip().split(";")
                if len(parts) < 3 or not parts[1] or not parts[1][0].isdigit():
                    continue  # header (repeated by every dump of a concatenated file)
                values.append(float(parts[1]))
    except FileNotFoundError:
        pass
    values.sort()
    return values


def read_errors(path):
    """Counts of what sipp did not expect: 'received SIP/2.0 403 Forbidden', 'timeout', ..."""
    kinds = {}
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        return kinds
    for m in re.finditer(r"Aborting call on unexpected message[^\n]*?received '([^\n']*)", text):
        first = m.group(1).split("\\r")[0].split("\r")[0]
        m2 = re.match(r"SIP/2\.0 (\d{3})", first.strip())
        label = f"SIP_{m2.group(1)}" if m2 else "other"
        kinds[label] = kinds.get(label, 0) + 1
    for pattern, label in ((r"timeout", "timeout"), (r"[Cc]onnection (?:refused|reset|closed)", "connection"),
                           (r"Broken pipe", "broken-pipe")):
        n = len(re.findall(pattern, text))
        if n:
            kinds[label] = n
    return kinds


def fmt(v):
    return "NA" if v != v else f"{v:.1f}"  # NaN -> NA


def cmd_phase(directory, rc="NA"):
    header, rows = read_stat(os.path.join(directory, "stat.csv"))
    out = {"rc": rc}
    if rows:
        last = rows[-1]
        start, end = epoch(last.get("StartTime", "")), epoch(last.get("CurrentTime", ""))
        elapsed = (end - start) if start is not None and end is not None else float("nan")
        ok, failed = num(last, "SuccessfulCall(C)"), num(last, "FailedCall(C)")
        out.update(elapsed_s=f"{elapsed:.2f}", successful=ok, failed=failed,
                   rate_per_s=f"{ok / elapsed:.0f}" if elapsed and elapsed == elapsed else "NA")
        # full one-second rows: periodic counters of rows that are ~1 s apart (not the first nor the exit row)
        per_s = []
        for prev, row in zip(rows, rows[1:]):
            t0, t1 = epoch(prev.get("CurrentTime", "")), epoch(row.get("CurrentTime", ""))
            if t0 is not None and t1 is not None and 0.9 <= t1 - t0 <= 1.1 and prev is not rows[0]:
                per_s.append(num(row, "SuccessfulCall(P)") / (t1 - t0))
        out["min_per_s"] = f"{min(per_s):.0f}" if per_s else "NA"
        out["max_per_s"] = f"{max(per_s):.0f}" if per_s else "NA"
        failures = {k[len("Failed"):-3]: num(last, k) for k in header
                    if k.startswith("Failed") and k.endswith("(C)") and k != "FailedCall(C)" and num(last, k)}
        out["failures"] = ",".join(f"{k}:{v}" for k, v in failures.items()) or "none"
        out["retrans"] = num(last, "Retransmissions(C)")
        out["out_of_call"] = num(last, "OutOfCallMsgs(C)")
        out["dead_call"] = num(last, "DeadCallMsgs(C)")
        out["watchdog"] = f"{num(last, 'WatchdogMajor(C)')}/{num(last, 'WatchdogMinor(C)')}"
    else:
        out.update(elapsed_s="NA", successful=0, failed="NA", rate_per_s="NA", min_per_s="NA", max_per_s="NA",
                   failures="no-stat-file", retrans="NA", out_of_call="NA", dead_call="NA", watchdog="NA")
    rtt = read_rtt(os.path.join(directory, "rtt.csv"))
    out.update(p50_ms=fmt(percentile(rtt, 50)), p90_ms=fmt(percentile(rtt, 90)), p99_ms=fmt(percentile(rtt, 99)),
               p999_ms=fmt(percentile(rtt, 99.9)), max_ms=fmt(rtt[-1] if rtt else float("nan")),
               mean_ms=fmt(sum(rtt) / len(rtt) if rtt else float("nan")), rtt_n=len(rtt))
    kinds = read_errors(os.path.join(directory, "errors.log"))
    out["unexpected"] = ",".join(f"{k}:{v}" for k, v in sorted(kinds.items())) or "none"
    print(" ".join(f"{k}={v}" for k, v in out.items()))


def backend_db(pid):
    """'postgres: 15/main: bench_sip_hss bench_sip_hss 127.0.0.1(58848) idle' -> 'bench_sip_hss' (None otherwise)"""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            title = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    m = re.match(r"postgres: (?:[^:]+: )?(\S+) (\S+) \S+\(\d+\)", title)  # <cluster>: <user> <db> <host(port)>
    return m.group(2) if m else None


def cmd_pg_split(before_path, after_path, prefix):
    import json
    with open(before_path) as b, open(after_path) as a:
        before, after = json.load(b), json.load(a)
    cores = os.cpu_count() or 1
    per_core = (after["total"] - before["total"]) / cores or 1
    postmaster = after.get("postmaster") or 0
    ours = other = 0
    dbs = {}
    for pid, (comm, ppid, ticks) in after["procs"].items():
        if not postmaster or not (int(pid) == postmaster or ppid == postmaster):
            continue
        delta = ticks - before["procs"].get(pid, [comm, ppid, 0])[2]
        if delta <= 0:
            continue
        db = backend_db(pid)
        if db is not None and db.startswith(prefix):
            ours += delta
        else:
            other += delta
            key = db or "background"
            dbs[key] = dbs.get(key, 0) + delta
    top = ",".join(f"{k}:{v / per_core:.2f}" for k, v in sorted(dbs.items(), key=lambda kv: -kv[1])[:3])
    print(f"postgres_ours_cores={ours / per_core:.2f} postgres_other_cores={other / per_core:.2f} "
          f"other_dbs={top or 'none'}")


def cmd_pg_db_diff(before_path, after_path, rate, seconds):
    def read(path):
        out = {}
        try:
            for line in open(path):
                f = line.strip().split("|")
                if len(f) == 10:
                    out[f[0]] = [int(x or 0) for x in f[1:]]
        except (OSError, ValueError):
            pass
        return out
    a, b = read(before_path), read(after_path)
    try:
        n = float(rate) * float(seconds)
    except ValueError:
        n = 0
    if not a or not b or n <= 0:
        print("pg_stat_database=NA")
        return
    for db in sorted(b):
        d = [y - x for x, y in zip(a.get(db, [0] * 9), b[db])]
        print(f"{db}: commits {d[0] / n:.1f} rollbacks {d[1] / n:.2f} rows returned {d[2] / n:.0f} fetched {d[3] / n:.1f} "
              f"inserted {d[4] / n:.2f} updated {d[5] / n:.2f} deleted {d[6] / n:.2f} blocks read {d[7] / n:.2f} hit {d[8] / n:.0f}")


def main(argv):
    if len(argv) >= 3 and argv[1] == "phase":
        cmd_phase(argv[2], argv[3] if len(argv) > 3 else "NA")
    elif len(argv) >= 6 and argv[1] == "pg-db-diff":
        cmd_pg_db_diff(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) >= 5 and argv[1] == "pg-split":
        cmd_pg_split(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
