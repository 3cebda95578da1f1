#!/usr/bin/env python3
"""Credential generator and batch-sync / fetch client for the web-auth-proxy benchmark (Python 3 stdlib only).

Identities are deterministic: ``{prefix}-{i:07d}@idp.example.com`` for i in [0, count), so the wrk script can
pick one at random without a list. H(A1) values are hex digests of (salt, identity, version), i.e. random-looking
lower-case hex of the right length (MD5: 32, SHA-256: 64) that `verify` can recompute.

  sync.py sync   --url U --token T --prefix a --count 100000 --requests 1 --version 1 --expect CREATED
  sync.py verify --url U --token T --prefix a --count 100000 --version 1 --sample 50

`sync` builds every request body first (not timed), then times only the HTTP exchanges (send the body, read the
whole answer), then checks each summary. It prints one machine-readable line, ``RESULT key=value ...``, and
exits non-zero when a request failed or an item was not answered with the expected result.
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (CPU sampling, same directory)

WWSF = "wwsf.example.com"
SYNC_PATH = "/sync/v1/credentials:batch"
FETCH_PATH = "/av/v1/digest-vectors:fetch"


def identity(prefix, i):
    return f"{prefix}-{i:07d}@idp.example.com"


def ha1s(salt, web_identity, version):
    seed = f"{salt}|{web_identity}|{version}".encode()
    return hashlib.md5(seed).hexdigest(), hashlib.sha256(seed).hexdigest()


def item(salt, prefix, i, version):
    web = identity(prefix, i)
    md5, sha256 = ha1s(salt, web, version)
    return {
        "wwsfIdentity": WWSF,
        "webIdentity": web,
        "realm": WWSF,
        "qop": "auth",
        "vectors": [{"algorithm": "MD5", "ha1": md5}, {"algorithm": "SHA-256", "ha1": sha256}],
        "credentialVersion": version,
    }


def connect(url, timeout):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)


def post(conn, path, token, body):
    """One exchange; returns (status, body bytes). The caller times it."""
    conn.request("POST", path, body=body, headers={
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    })
    response = conn.getresponse()
    return response.status, response.read()


def cpu_snapshot(args):
    return report.snapshot(args.java_pid, args.postmaster_pid) if args.java_pid else None


def cpu_diff(args, before, after, client_seconds):
    if not before:
        return ""
    # prefix the keys: cpu_java_cores=... etc.
    line = report.diff(before, after, client_seconds, client_pid=os.getpid()).replace(" (jit=", " jit_cores=").replace(" gc=", " gc_cores=")
    return " ".join("cpu_" + kv.rstrip(")") for kv in line.split() if not kv.startswith(("cores=", "wall_s=")))


def cmd_sync(args):
    if args.count % args.requests:
        sys.exit(f"--count {args.count} is not a multiple of --requests {args.requests}")
    per_request = args.count // args.requests
    t0 = time.perf_counter()
    bodies = []
    for r in range(args.requests):
        start = r * per_request
        items = [item(args.salt, args.prefix, i, args.version) for i in range(start, start + per_request)]
        bodies.append(json.dumps({"items": items}, separators=(",", ":")).encode())
    gen_s = time.perf_counter() - t0
    body_mb = sum(len(b) for b in bodies) / 1e6

    conn = connect(args.url, args.timeout)
    answers, per_call = [], []
    cpu0, client0 = cpu_snapshot(args), time.process_time()
    wall0 = time.perf_counter()
    for body in bodies:
        c0 = time.perf_counter()
        status, raw = post(conn, SYNC_PATH, args.token, body)
        per_call.append(time.perf_counter() - c0)
        answers.append((status, raw))
        if status != 200:
            break
    wall_s = time.perf_counter() - wall0
    cpu = cpu_diff(args, cpu0, cpu_snapshot(args), time.process_time() - client0)
    conn.close()

    totals = {"received": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    problems = []
    for n, (status, raw) in enumerate(answers):
        if status != 200:
            problems.append(f"request {n}: HTTP {status}: {raw[:500].decode(errors='replace')}")
            continue
        answer = json.loads(raw)
        for key in totals:
            totals[key] += int(answer["summary"].get(key, 0))
        bad = [i for i in answer["items"] if i.get("result") != args.expect]
        if bad:
            problems.append(f"request {n}: {len(bad)} items not {args.expect}, first: {json.dumps(bad[0])}")
    expected_key = args.expect.lower()
    if len(answers) != args.requests or totals["received"] != args.count or totals[expected_key] != args.count:
        problems.append(f"summary {totals} does not say all {args.count} items were {args.expect}")

    print(f"RESULT label={args.label} ok={0 if problems else 1} items={args.count} requests={args.requests} "
          f"wall_s={wall_s:.3f} items_per_s={args.count / wall_s:.0f} "
          f"max_call_s={max(per_call):.3f} min_call_s={min(per_call):.3f} body_mb={body_mb:.1f} gen_s={gen_s:.1f} "
          + " ".join(f"{k}={v}" for k, v in totals.items()) + (" " + cpu if cpu else ""))
    for p in problems:
        print(f"PROBLEM {args.label}: {p}", file=sys.stderr)
    return 1 if problems else 0


def cmd_verify(args):
    """Fetches a random sample and checks realm, version and the decrypted H(A1) values round-trip."""
    rng = random.Random(args.seed)
    conn = connect(args.url, args.timeout)
    problems = 0
    for i in rng.sample(range(args.count), min(args.sample, args.count)):
        web = identity(args.prefix, i)
        body = json.dumps({"webIdentity": web, "wwsfIdentity": WWSF}).encode()
        status, raw = post(conn, FETCH_PATH, args.token, body)
        md5, sha256 = ha1s(args.salt, web, args.version)
        want = [{"algorithm": "MD5", "ha1": md5}, {"algorithm": "SHA-256", "ha1": sha256}]
        got = json.loads(raw) if status == 200 else None
        if (status != 200 or got.get("realm") != WWSF or got.get("credentialVersion") != args.version
                or got.get("vectors") != want):
            problems += 1
            print(f"PROBLEM verify {web}: HTTP {status} {raw[:300].decode(errors='replace')}", file=sys.stderr)
    # an unknown identity must be 404, not 200 or 5xx
    status, _ = post(conn, FETCH_PATH, args.token,
                     json.dumps({"webIdentity": identity("nobody", 0), "wwsfIdentity": WWSF}).encode())
    if status != 404:
        problems += 1
        print(f"PROBLEM verify: unknown identity answered HTTP {status}, expected 404", file=sys.stderr)
    conn.close()
    print(f"RESULT label=verify ok={0 if problems else 1} sampled={min(args.sample, args.count)} problems={problems}")
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("sync", "verify"):
        p = sub.add_parser(name)
        p.add_argument("--url", required=True)
        p.add_argument("--token", required=True)
        p.add_argument("--prefix", required=True)
        p.add_argument("--count", type=int, required=True)
        p.add_argument("--version", type=int, required=True)
        p.add_argument("--salt", default="bench")
        p.add_argument("--timeout", type=float, default=600)
    sync = sub.choices["sync"]
    sync.add_argument("--requests", type=int, default=1)
    sync.add_argument("--expect", choices=["CREATED", "UPDATED", "UNCHANGED"], default="CREATED")
    sync.add_argument("--label", default="sync")
    sync.add_argument("--java-pid", help="sample the CPU use of this JVM (and the machine) around the HTTP calls")
    sync.add_argument("--postmaster-pid", default="0", help="count this PostgreSQL server only")
    verify = sub.choices["verify"]
    verify.add_argument("--sample", type=int, default=50)
    verify.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.exit(cmd_sync(args) if args.cmd == "sync" else cmd_verify(args))


if __name__ == "__main__":
    main()
