#!/usr/bin/env python3
"""Provisioning and functional check for the HSS benchmark (Python 3 stdlib only).

  provision.py provision --hss URL --proxy URL --users N [--threads T] [--salt S]
  provision.py verify    --hss URL --users N [--salt S] [--user I]

Tokens come from the environment: BENCH_HSS_ADMIN_TOKEN (HSS, role ADMIN), BENCH_PROXY_SYNC_TOKEN (proxy, role
ADMIN or SYNC scoped to wwsf.example.com), BENCH_CSCF_TOKEN (HSS, role S_CSCF: MAR, SAR) and BENCH_ICSCF_TOKEN
(HSS, role I_CSCF: UAR, LIR; defaults to BENCH_CSCF_TOKEN) (verify only).

Identities (LoadGen.java computes the same): user i has the web identity ``bench-%07d@idp.example.com``, the IMPU
``sip:user<i>@ims.example.net`` (default IMPU of subscription ``bench-sub-%07d``), the password ``<salt>-<i>`` and
the MD5 H(A1) = MD5(webIdentity ":" realm ":" password) with realm = the WWSF identity.

provision, in this order, each step timed separately (wall time of the HTTP exchanges, bodies built beforehand):
  wwsf           PUT /admin/v1/wwsfs/wwsf.example.com                      (HSS)
  subscriptions  PUT /admin/v1/subscriptions/{id}, one per user, T concurrent connections (no bulk API)
  mappings       POST /admin/v1/web-identity-mappings:import, <= 10,000 items per call
  credentials    POST /sync/v1/credentials:batch, <= 10,000 items per call (proxy)
Every answer is checked (status, created/rejected counts). One line per step: ``RESULT step=... ok=0|1 ...``.

verify runs one full registration of user I against the HSS and checks the answers field by field: UAR (2001
FIRST_REGISTRATION with the configured S-CSCF in serverNames), MAR (the expected H(A1), realm, MD5), SAR (2001,
user profile with the IMPU), UAR again (2002 SUBSEQUENT_REGISTRATION with serverName), LIR (serverName); and
three negative cases: an unknown web identity (404 USER_UNKNOWN), a bad token (401), an ADMIN token on Cx (403).
"""

import argparse
import concurrent.futures
import hashlib
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

WWSF = "wwsf.example.com"
REALM = WWSF
SCSCF = "sip:scscf1.ims.example.net:5060;transport=tcp"
VISITED = "ims.example.net"


def web_identity(i):
    return f"bench-{i:07d}@idp.example.com"


def impu(i):
    return f"sip:user{i}@ims.example.net"


def subscription_id(i):
    return f"bench-sub-{i:07d}"


def ha1(salt, i):
    return hashlib.md5(f"{web_identity(i)}:{REALM}:{salt}-{i}".encode()).hexdigest()


def enc(identity):
    return urllib.parse.quote(identity, safe="")  # ':' '@' ';' '+' all percent-encoded


class Client:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, url, token, timeout=120):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.token, self.timeout = parts.hostname, parts.port or 80, token, timeout
        self.conn = None

    def call(self, method, path, body=None, token=None):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        headers = {"Authorization": f"Bearer {token or self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, raw
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def socket_state(client):
    """`ss` line of the client's connection (queues, TCP state), for diagnosing a request that got no answer."""
    try:
        local = client.conn.sock.getsockname()
        out = subprocess.run(["ss", "-tnio", "state", "all", f"( sport = :{local[1]} or dport = :{local[1]} )"],
                             capture_output=True, text=True, timeout=5).stdout
        return " | ".join(" ".join(line.split()) for line in out.splitlines()[1:])
    except Exception as e:  # diagnostics only
        return f"n/a ({e})"


def result(step, ok, **kv):
    print(f"RESULT step={step} ok={1 if ok else 0} " + " ".join(f"{k}={v}" for k, v in kv.items()), flush=True)


def problem(message):
    print(f"PROBLEM {message}", file=sys.stderr, flush=True)


def chunks(n, size):
    return [(start, min(n, start + size)) for start in range(0, n, size)]


def put_all(url, token, threads, items, label):
    """PUT every (path, body) with `threads` keep-alive connections; returns (ok, seconds, statuses)."""
    local = threading.local()
    clients = []
    lock = threading.Lock()

    def put(item):
        if not hasattr(local, "client"):
            local.client = Client(url, token)
            with lock:
                clients.append(local.client)
        path, body = item
        try:
            s, r = local.client.call("PUT", path, body)
        except Exception as e:  # noqa: BLE001 - reported, counted as failure
            return 0, repr(e).encode()
        return s, (r[:300] if s not in (200, 201) else b"")

    statuses = {}
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        for s, r in pool.map(put, items, chunksize=32):
            statuses[s] = statuses.get(s, 0) + 1
            if s not in (200, 201) and statuses[s] <= 3:
                problem(f"{label}: HTTP {s} {r!r}")
    seconds = time.perf_counter() - t0
    for c in clients:
        c.close()
    ok = statuses.get(201, 0) + statuses.get(200, 0) == len(items)
    return ok, seconds, statuses


def statuses_text(statuses):
    return ",".join(f"{k}:{v}" for k, v in sorted(statuses.items()))


def post_batches(client, path, items, chunk, label):
    """POST the items `chunk` per call to `path`; returns (seconds, [(status, parsed body)] of the 200 answers),
    reports the other answers as problems."""
    payloads = [json.dumps({"items": items[a:b]}).encode() for a, b in chunks(len(items), chunk)]
    t0 = time.perf_counter()
    try:
        answers = [client.call("POST", path, p) for p in payloads]
    except Exception as e:  # noqa: BLE001 - reported, counted as failure
        problem(f"{label}: {e!r}")
        answers = [(0, b"")]
    seconds = time.perf_counter() - t0
    parsed = []
    for s, raw in answers:
        if s != 200:
            problem(f"{label}: HTTP {s} {raw[:300]!r}")
        else:
            parsed.append(json.loads(raw))
    return seconds, len(payloads), parsed, len(parsed) == len(answers) == len(payloads)


def import_mappings(client, items, chunk):
    """The HSS's bulk import of (WWSF, web identity) -> IMPU mappings; returns (ok, fields of the RESULT line)."""
    seconds, requests, answers, ok = post_batches(client, "/admin/v1/web-identity-mappings:import", items, chunk,
                                                  "mapping import")
    created = sum(a.get("created", 0) for a in answers)
    rejected = sum(a.get("rejected", 0) for a in answers)
    for answer in answers:
        bad = [i for i in answer.get("items", []) if i.get("status") != 201]
        if bad:
            problem(f"mapping import: {len(bad)} items not 201, first {json.dumps(bad[0])}")
    n = len(items)
    return ok and created == n and rejected == 0, dict(
        items=n, requests=requests, seconds=f"{seconds:.3f}", per_s=f"{n / max(seconds, 1e-9):.0f}",
        created=created, rejected=rejected)


def sync_credentials(client, items, chunk):
    """The proxy's credential batch sync; returns (ok, fields of the RESULT line)."""
    seconds, requests, answers, ok = post_batches(client, "/sync/v1/credentials:batch", items, chunk,
                                                  "credential batch")
    summary = {"received": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    for answer in answers:
        for k in summary:
            summary[k] += int(answer["summary"].get(k, 0))
        bad = [i for i in answer.get("items", []) if i.get("status") not in (200, 201)]
        if bad:
            problem(f"credential batch: {len(bad)} items not 200/201, first {json.dumps(bad[0])}")
    n = len(items)
    ok = ok and summary["created"] + summary["unchanged"] + summary["updated"] == n and summary["rejected"] == 0
    if not ok:
        problem(f"credential batch summary {summary}, expected {n} written")
    return ok, dict(items=n, requests=requests, seconds=f"{seconds:.3f}", per_s=f"{n / max(seconds, 1e-9):.0f}",
                    **summary)


def cmd_provision(args):
    admin = os.environ.get("BENCH_HSS_ADMIN_TOKEN") or sys.exit("BENCH_HSS_ADMIN_TOKEN is not set")
    sync = os.environ.get("BENCH_PROXY_SYNC_TOKEN") or sys.exit("BENCH_PROXY_SYNC_TOKEN is not set")
    n = args.users
    failed = False

    # -- WWSF
    hss = Client(args.hss, admin)
    t0 = time.perf_counter()
    status, raw = hss.call("PUT", f"/admin/v1/wwsfs/{enc(WWSF)}", {"origins": [f"https://{WWSF}"]})
    ok = status in (200, 201)
    if not ok:
        problem(f"wwsf: HTTP {status} {raw[:300]!r}")
    result("wwsf", ok, items=1, seconds=f"{time.perf_counter() - t0:.3f}", statuses=f"{status}:1")
    failed |= not ok

    # -- subscriptions: one PUT each, concurrently; one keep-alive connection per thread
    items = [(f"/admin/v1/subscriptions/{enc(subscription_id(i))}",
              json.dumps({"impus": [{"identity": impu(i), "default": True}], "allowedWwsfs": [WWSF]}).encode())
             for i in range(n)]
    ok, seconds, statuses = put_all(args.hss, admin, args.threads, items, "subscription")
    result("subscriptions", ok, items=n, seconds=f"{seconds:.3f}", per_s=f"{n / seconds:.0f}",
           threads=args.threads, statuses=statuses_text(statuses))
    failed |= not ok

    # -- mappings: bulk import
    ok, fields = import_mappings(hss, [{"wwsfIdentity": WWSF, "webIdentity": web_identity(i), "impu": impu(i),
                                        "subscriptionId": subscription_id(i)} for i in range(n)], args.import_chunk)
    result("mappings", ok, **fields)
    failed |= not ok
    hss.close()

    # -- credentials at the proxy
    proxy = Client(args.proxy, sync)
    ok, fields = sync_credentials(proxy, [{"wwsfIdentity": WWSF, "webIdentity": web_identity(i), "realm": REALM,
                                           "qop": "auth", "vectors": [{"algorithm": "MD5", "ha1": ha1(args.salt, i)}],
                                           "credentialVersion": 1} for i in range(n)], args.sync_chunk)
    proxy.close()
    result("credentials", ok, **fields)
    failed |= not ok
    return 1 if failed else 0


def cmd_verify(args):
    cscf = os.environ.get("BENCH_CSCF_TOKEN") or sys.exit("BENCH_CSCF_TOKEN is not set")
    icscf = os.environ.get("BENCH_ICSCF_TOKEN") or cscf
    admin = os.environ.get("BENCH_HSS_ADMIN_TOKEN", "")
    i = args.user
    web, pu = web_identity(i), impu(i)
    hss = Client(args.hss, cscf, timeout=args.timeout)
    problems = []

    def expect(label, status, raw, want_status, checks):
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        if status != want_status:
            problems.append(f"{label}: HTTP {status} (expected {want_status}): {raw[:300]!r}")
            return body
        for what, ok in checks(body):
            if not ok:
                problems.append(f"{label}: {what} failed: {raw[:400]!r}")
        return body

    def call(label, *a, **kw):
        try:
            return hss.call(*a, **kw)
        except OSError as e:  # timeout, reset: report which step (with the socket state), check the others
            state = socket_state(hss)
            hss.close()
            return 0, f"{type(e).__name__}: {e}; socket: {state}".encode()

    uar = {"impi": web, "authorizationType": "REGISTRATION", "visitedNetworkIdentifier": VISITED,
           "wwsfIdentity": WWSF}
    mar = {"impu": pu, "wwsfIdentity": WWSF, "serverName": SCSCF, "authScheme": "SIP Digest", "numberAuthItems": 1}
    sar = {"impi": web, "serverName": SCSCF, "assignmentType": "REGISTRATION", "userDataAlreadyAvailable": False}
    s, r = call("UAR 1", "POST", f"/cx/v1/impus/{enc(pu)}/authorize", uar, token=icscf)
    expect("UAR 1", s, r, 200, lambda b: [
        ("resultCode 2001", b.get("resultCode") == 2001),
        ("result DIAMETER_FIRST_REGISTRATION", b.get("result") == "DIAMETER_FIRST_REGISTRATION"),
        ("serverNames = [HSS_SCSCFS_0_NAME]",
         (b.get("serverCapabilities") or {}).get("serverNames") == [SCSCF])])
    s, r = call("MAR", "POST", f"/cx/v1/impis/{enc(web)}/auth-data", mar)
    expect("MAR", s, r, 200, lambda b: [
        ("one item", len(b.get("authDataItems") or []) == 1),
        ("digestHa1 = expected MD5 H(A1)",
         ((b.get("authDataItems") or [{}])[0].get("sipDigestAuthenticate") or {}).get("digestHa1")
         == ha1(args.salt, i)),
        ("digestRealm", ((b.get("authDataItems") or [{}])[0].get("sipDigestAuthenticate") or {})
         .get("digestRealm") == REALM),
        ("digestAlgorithm MD5", ((b.get("authDataItems") or [{}])[0].get("sipDigestAuthenticate") or {})
         .get("digestAlgorithm") == "MD5")])
    s, r = call("SAR", "PUT", f"/cx/v1/impus/{enc(pu)}/scscf-registration", sar)
    expect("SAR", s, r, 200, lambda b: [
        ("resultCode 2001", b.get("resultCode") == 2001),
        ("user profile has the IMPU", pu in json.dumps(b.get("userProfile")))])
    s, r = call("UAR 2", "POST", f"/cx/v1/impus/{enc(pu)}/authorize", uar, token=icscf)
    expect("UAR 2", s, r, 200, lambda b: [
        ("resultCode 2002", b.get("resultCode") == 2002),
        ("serverName", b.get("serverName") == SCSCF)])
    s, r = call("LIR", "GET", f"/cx/v1/impus/{enc(pu)}/location", token=icscf)
    expect("LIR", s, r, 200, lambda b: [("serverName", b.get("serverName") == SCSCF)])
    s, r = call("UAR unknown", "POST", f"/cx/v1/impus/{enc(impu(args.users + 7))}/authorize",
                    dict(uar, impi=web_identity(args.users + 7)), token=icscf)
    expect("UAR unknown", s, r, 404, lambda b: [("cause USER_UNKNOWN", b.get("cause") == "USER_UNKNOWN")])
    # Token checks, on the same keep-alive connection as a CSCF would: answered by the bearer-token filter before
    # the request body is read. Their failure is reported but does not stop the benchmark (the load never sends
    # a bad token): a fresh HSS has been seen to leave the 403 after a 401 unanswered (see README, findings).
    flow_problems = len(problems)
    s, r = call("UAR bad token", "POST", f"/cx/v1/impus/{enc(pu)}/authorize", uar,
                token="not-a-valid-token-0123456789")
    expect("UAR bad token", s, r, 401, lambda b: [])
    if admin:
        s, r = call("UAR admin token", "POST", f"/cx/v1/impus/{enc(pu)}/authorize", uar, token=admin)
        expect("UAR admin token", s, r, 403, lambda b: [])
    hss.close()
    for p in problems:
        problem(f"verify {p}")
    token_problems = len(problems) - flow_problems
    print(f"RESULT step=verify ok={0 if flow_problems else 1} user={i} checks=uar,mar,sar,uar2,lir,unknown "
          f"token_checks={'ok' if not token_problems else 'FAILED'}(401,403) problems={len(problems)}", flush=True)
    return 1 if flow_problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("provision")
    p.add_argument("--hss", required=True)
    p.add_argument("--proxy", required=True)
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--salt", default="bench")
    p.add_argument("--import-chunk", type=int, default=10000)
    p.add_argument("--sync-chunk", type=int, default=10000)
    v = sub.add_parser("verify")
    v.add_argument("--hss", required=True)
    v.add_argument("--users", type=int, required=True)
    v.add_argument("--salt", default="bench")
    v.add_argument("--user", type=int, default=0)
    v.add_argument("--timeout", type=float, default=30, help="seconds per request")
    args = parser.parse_args()
    sys.exit(cmd_provision(args) if args.cmd == "provision" else cmd_verify(args))


if __name__ == "__main__":
    main()
