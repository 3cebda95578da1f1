#!/usr/bin/env python3
"""Helpers for run.sh (Python 3 stdlib only): parse wrk and GC logs, sample CPU usage from /proc.

  report.py wrk FILE                      -> key=value line: rps, p50_ms, p75_ms, p90_ms, p99_ms, requests,
                                             non2xx, socket_errors, statuses
  report.py gc FILE [FROM_LINE [TO_LINE]] -> key=value line: pauses, pause_total_ms, pause_max_ms
  report.py cpu-snapshot FILE JAVA_PID [POSTMASTER_PID]
                                          -> writes CPU ticks of the machine and every process to FILE
  report.py cpu-diff FILE1 FILE2 [CLIENT_CPU_SECONDS]
                                          -> key=value line: wall_s, machine_busy_pct, java_cores,
                                             postgres_cores, client_cores (wrk / sync.py), irq_cores (irq,
                                             softirq incl. loopback networking, steal), foreign_cores
                                             (everything else on the machine), cores, top_foreign
"""

import json
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


def comm_of(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def machine_snapshot():
    """CPU ticks of the machine and of every process (comm, ppid, ticks)."""
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    procs = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        ticks = ticks_of(pid)
        if ticks:
            procs[pid] = [comm_of(pid), ppid_of(pid), ticks]
    return {"total": sum(cpu[:8]), "idle": cpu[3] + cpu[4], "irq": cpu[5] + cpu[6], "steal": cpu[7], "procs": procs}


def jit_gc_ticks(java_pid):
    """CPU ticks of a JVM's JIT compiler threads and of its GC threads."""
    jit = gc = 0
    task_dir = f"/proc/{java_pid}/task"
    if java_pid and os.path.isdir(task_dir):
        for tid in os.listdir(task_dir):
            name = comm_of(f"{java_pid}/task/{tid}")
            ticks = ticks_of(f"{java_pid}/task/{tid}")
            if "Compiler" in name:
                jit += ticks
            elif name.startswith(("GC Thread", "G1 ", "VM Thread")):
                gc += ticks
    return jit, gc


def snapshot(java_pid, postmaster_pid=0):
    """CPU ticks of the machine, of every process and of the JVM's JIT/GC threads. PostgreSQL = the postmaster and
    its children when its pid is given (other PostgreSQL servers, e.g. embedded ones of test runs, then count as
    foreign load), else every process named postgres."""
    jit, gc = jit_gc_ticks(java_pid)
    return dict(machine_snapshot(), java=str(java_pid), postmaster=int(postmaster_pid or 0), jit=jit, gc=gc)


def diff(before, after, client_seconds=None, top=3, client_pid=None):
    """client_seconds: CPU seconds (user+sys) of the load generator run in between, if known (it may have
    exited before the second snapshot, so it cannot be found in /proc)."""
    cores = os.cpu_count() or 1
    hz = os.sysconf("SC_CLK_TCK")
    total = after["total"] - before["total"] or 1
    per_core = total / cores
    busy = total - (after["idle"] - before["idle"])
    postmaster = after["postmaster"]

    def group(pid, comm, ppid):
        if pid == after["java"]:
            return "java"
        if postmaster and (int(pid) == postmaster or ppid == postmaster):
            return "postgres"
        if not postmaster and comm == "postgres":
            return "postgres"
        return "foreign"

    used = {"java": 0, "postgres": 0, "foreign": 0}
    foreign = []
    for pid, (comm, ppid, ticks) in after["procs"].items():
        delta = ticks - before["procs"].get(pid, [comm, ppid, 0])[2]
        if delta <= 0:
            continue
        if pid == str(client_pid):
            continue  # the client measures itself (client_seconds)
        g = group(pid, comm, ppid)
        used[g] += delta
        if g == "foreign":
            foreign.append((delta, f"{comm}[{pid}]"))
    irq = (after["irq"] - before["irq"]) + (after["steal"] - before["steal"])
    client = float(client_seconds) * hz if client_seconds is not None else 0.0
    # processes that came and went between the snapshots are only visible in the machine's total
    unattributed = busy - used["java"] - used["postgres"] - used["foreign"] - irq - client
    out = (f"wall_s={per_core / hz:.1f} machine_busy_pct={100.0 * busy / total:.0f} "
           f"java_cores={used['java'] / per_core:.2f} (jit={(after['jit'] - before['jit']) / per_core:.2f}"
           f" gc={(after['gc'] - before['gc']) / per_core:.2f}) postgres_cores={used['postgres'] / per_core:.2f}")
    if client_seconds is not None:
        out += f" client_cores={client / per_core:.2f}"
    out += (f" irq_cores={irq / per_core:.2f}"
            f" foreign_cores={(used['foreign'] + max(unattributed, 0)) / per_core:.2f} cores={cores}")
    foreign.sort(reverse=True)
    top_foreign = ",".join(f"{name}:{d / per_core:.2f}" for d, name in foreign[:top] if d / per_core >= 0.01)
    out += f" top_foreign={top_foreign or 'none'}"
    return out


def cmd_cpu_snapshot(path, java_pid, postmaster_pid="0"):
    with open(path, "w") as f:
        json.dump(snapshot(java_pid, postmaster_pid), f)


def cmd_cpu_diff(before_path, after_path, client_seconds=None):
    with open(before_path) as b, open(after_path) as a:
        print(diff(json.load(b), json.load(a), client_seconds))


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "wrk":
        cmd_wrk(argv[2])
    elif cmd == "gc":
        cmd_gc(argv[2], *(int(x) for x in argv[3:5]))
    elif cmd == "cpu-snapshot":
        cmd_cpu_snapshot(*argv[2:5])
    elif cmd == "cpu-diff":
        cmd_cpu_diff(*argv[2:5])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
