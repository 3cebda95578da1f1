#!/usr/bin/env python3
"""Helpers for run.sh (Python 3 stdlib only): parse wrk and GC logs, sample CPU usage from /proc.

  report.py wrk FILE                      -> key=value line: rps, p50_ms, p75_ms, p90_ms, p99_ms, requests,
                                             non2xx, socket_errors, statuses
  report.py gc FILE [FROM_LINE [TO_LINE]] -> key=value line: pauses, pause_total_ms, pause_max_ms
  report.py cpu-snapshot JAVA_PID [POSTMASTER_PID]
                                          -> one token: total:idle:java:postgres (clock ticks)
  report.py cpu-diff BEFORE AFTER [CLIENT_CPU_SECONDS]
                                          -> key=value line: wall_s, machine_busy_pct, java_cores,
                                             postgres_cores, client_cores (wrk / sync.py), foreign_cores
                                             (everything else on the machine), cores
"""

import os
import re
import sys


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def cmd_wrk(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    out = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = m.group(1) if m else "NA"
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        out[f"p{pct}_ms"] = f"{to_ms(*m.groups()):.2f}" if m else "NA"
    m = re.search(r"^\s+Latency\s+([\d.]+)(us|ms|s|m)\s+[\d.]+\w+\s+([\d.]+)(us|ms|s|m)", text, re.M)
    out["avg_ms"] = f"{to_ms(m.group(1), m.group(2)):.2f}" if m else "NA"
    out["max_ms"] = f"{to_ms(m.group(3), m.group(4)):.2f}" if m else "NA"
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    out["requests"] = m.group(1) if m else "NA"
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non2xx"] = m.group(1) if m else "0"
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = str(sum(int(g) for g in m.groups())) if m else "0"
    statuses = sorted(re.findall(r"^STATUS (\d+) (\d+)$", text, re.M))
    out["statuses"] = ",".join(f"{c}:{n}" for c, n in statuses) or "none"
    print(" ".join(f"{k}={v}" for k, v in out.items()))


def cmd_gc(path, first=1, last=None):
    pauses = []
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except FileNotFoundError:
        lines = []
    last = len(lines) if last is None else last
    for line in lines[first - 1:last]:
        if " Pause " in line:
            m = re.search(r"([\d.]+)ms\s*$", line)
            if m:
                pauses.append(float(m.group(1)))
    print(f"pauses={len(pauses)} pause_total_ms={sum(pauses):.1f} "
          f"pause_max_ms={max(pauses) if pauses else 0:.1f}")


def ticks_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0


def ppid_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def cmd_cpu_snapshot(java_pid, postmaster_pid="0"):
    """CPU ticks of the machine, the service JVM and PostgreSQL. With a postmaster pid, PostgreSQL is that
    server and its children only (other PostgreSQL servers on the machine, e.g. embedded ones of test runs,
    then count as foreign load); without, every process named postgres."""
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    total, idle = sum(cpu[:8]), cpu[3] + cpu[4]
    postmaster = int(postmaster_pid or 0)
    postgres = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if postmaster:
            if int(pid) == postmaster or ppid_of(pid) == postmaster:
                postgres += ticks_of(pid)
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != "postgres":
                    continue
        except OSError:
            continue
        postgres += ticks_of(pid)
    print(f"{total}:{idle}:{ticks_of(java_pid)}:{postgres}")


def cmd_cpu_diff(before, after, client_seconds=None):
    """client_seconds: CPU seconds (user+sys) of the load generator run in between, if known."""
    b = [int(x) for x in before.split(":")]
    a = [int(x) for x in after.split(":")]
    d = [y - x for x, y in zip(b, a)]
    cores = os.cpu_count() or 1
    hz = os.sysconf("SC_CLK_TCK")
    per_core = d[0] / cores if d[0] else 1
    busy = d[0] - d[1]
    out = (f"wall_s={per_core / hz:.1f} machine_busy_pct={100.0 * busy / d[0]:.0f} "
           f"java_cores={d[2] / per_core:.2f} postgres_cores={d[3] / per_core:.2f}")
    rest = busy - d[2] - d[3]
    if client_seconds is not None:
        client = float(client_seconds) * hz
        out += f" client_cores={client / per_core:.2f}"
        rest -= client
    out += f" foreign_cores={max(rest, 0) / per_core:.2f} cores={cores}"
    print(out)


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "wrk":
        cmd_wrk(argv[2])
    elif cmd == "gc":
        cmd_gc(argv[2], *(int(x) for x in argv[3:5]))
    elif cmd == "cpu-snapshot":
        cmd_cpu_snapshot(*argv[2:4])
    elif cmd == "cpu-diff":
        cmd_cpu_diff(*argv[2:5])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
