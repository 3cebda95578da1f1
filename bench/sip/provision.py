#!/usr/bin/env python3
"""Provisioning of the sipp users for bench/sip/run.sh (Python 3 stdlib only).

  provision.py users-csv --users N --out FILE [--shared-identity] [--password P]
  provision.py provision --hss URL --proxy URL --users N [--threads T] [--shared-identity] [--password P]

Tokens come from the environment: BENCH_HSS_ADMIN_TOKEN (HSS, role ADMIN) and BENCH_PROXY_SYNC_TOKEN (proxy,
role SYNC, scope *).

User i (0-based) is what bench/sipp/register-digest.xml needs (injection file: IMPU user part; web identity;
WWSF; password, with sipp -au '[field1]' -ap '[field3]'):

  IMPU           sip:sipp-<i:06d>@ims.example.net        (default IMPU of subscription sipp-sub-<i:06d>)
  web identity   sipp-<i:06d>@idp.example.com            (--shared-identity: sipp-user@idp.example.com for all)
  password       <P>-<i:06d>                             (--shared-identity: <P> for all)
  WWSF = realm   w<i:06d>.sipp.example.com              (policy md5-only)
  mapping        (WWSF, web identity) -> IMPU
  credential     MD5 H(A1) = md5(web identity + ":" + WWSF + ":" + password), at the proxy

provision, each step timed (wall time of the HTTP exchanges), every answer checked:
  wwsfs          PUT  /admin/v1/wwsfs/{w}                       one per user, T concurrent connections (HSS)
  subscriptions  PUT  /admin/v1/subscriptions/{s}               one per user, T concurrent connections (HSS)
  mappings       POST /admin/v1/web-identity-mappings:import    <= 10,000 items per call (HSS)
  credentials    POST /sync/v1/credentials:batch                <= 10,000 items per call (proxy; runs while the
                                                                HSS steps run, it does not depend on them)
--naming anchor: the users of the Kamailio anchor (bench/anchor-compare): IMPU sip:user<i>@ims.example.net, web
identity user<i>@idp.example.com, password pass<i>, subscription anchor-sub-<i>, and ONE WWSF (= realm)
wwsf.example.com with origin https://wwsf.example.com for all users (--password and --shared-identity are ignored).

One line per step: ``RESULT step=... ok=0|1 ...``; problems on stderr as ``PROBLEM ...``.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import threading
import time

# bench/hss/provision.py (keep-alive HTTP client and output helpers), loaded by path
_spec = importlib.util.spec_from_file_location(
    "hss_bench_provision", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hss", "provision.py"))
_hss = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_hss)
Client, enc, result, problem = _hss.Client, _hss.enc, _hss.result, _hss.problem
put_all, statuses_text, import_mappings, sync_credentials = (_hss.put_all, _hss.statuses_text, _hss.import_mappings,
                                                       _hss.sync_credentials)

SHARED_WEB_IDENTITY = "sipp-user@idp.example.com"
DOMAIN = "ims.example.net"
SHARED = False  # set from --shared-identity
PASSWORD = "wonderland"  # set from --password
ANCHOR = False  # set from --naming anchor
ANCHOR_WWSF = "wwsf.example.com"


def user_part(i):
    return f"user{i}" if ANCHOR else f"sipp-{i:06d}"


def impu(i):
    return f"sip:{user_part(i)}@{DOMAIN}"


def wwsf(i):
    return ANCHOR_WWSF if ANCHOR else f"w{i:06d}.sipp.example.com"


def subscription_id(i):
    return f"anchor-sub-{i}" if ANCHOR else f"sipp-sub-{i:06d}"


def web_identity(i):
    if ANCHOR:
        return f"user{i}@idp.example.com"
    return SHARED_WEB_IDENTITY if SHARED else f"{user_part(i)}@idp.example.com"


def password(i):
    if ANCHOR:
        return f"pass{i}"
    return PASSWORD if SHARED else f"{PASSWORD}-{i:06d}"


def ha1(i):
    return hashlib.md5(f"{web_identity(i)}:{wwsf(i)}:{password(i)}".encode()).hexdigest()


def cmd_users_csv(args):
    with open(args.out, "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(args.first, args.first + args.users):
            f.write(f"{user_part(i)};{web_identity(i)};{wwsf(i)};{password(i)}\n")
    return 0


def provision_credentials(args, sync, out):
    proxy = Client(args.proxy, sync)
    ok, fields = sync_credentials(proxy, [{"wwsfIdentity": wwsf(i), "webIdentity": web_identity(i), "realm": wwsf(i),
                                           "qop": "auth", "vectors": [{"algorithm": "MD5", "ha1": ha1(i)}],
                                           "credentialVersion": 1} for i in range(args.users)], 10000)
    proxy.close()
    out.append(("credentials", ok, fields))


def cmd_provision(args):
    admin = os.environ.get("BENCH_HSS_ADMIN_TOKEN") or sys.exit("BENCH_HSS_ADMIN_TOKEN is not set")
    sync = os.environ.get("BENCH_PROXY_SYNC_TOKEN") or sys.exit("BENCH_PROXY_SYNC_TOKEN is not set")
    n = args.users
    failed = False
    t_all = time.perf_counter()

    # the proxy's credentials do not depend on the HSS: write them meanwhile
    proxy_result = []
    proxy_thread = threading.Thread(target=provision_credentials, args=(args, sync, proxy_result))
    proxy_thread.start()

    # -- WWSFs (no bulk API): one PUT each, concurrently
    wwsfs = sorted({wwsf(i) for i in range(n)})   # --naming anchor: one for all users
    items = [(f"/admin/v1/wwsfs/{enc(w)}",
              json.dumps({"origins": [f"https://{w}"], "algorithmPolicy": "md5-only"}).encode())
             for w in wwsfs]
    ok, seconds, statuses = put_all(args.hss, admin, min(args.threads, len(items)), items, "wwsf")
    result("wwsfs", ok, items=len(items), seconds=f"{seconds:.3f}", per_s=f"{len(items) / seconds:.0f}", threads=args.threads,
           statuses=statuses_text(statuses))
    failed |= not ok

    # -- subscriptions: one PUT each, concurrently
    items = [(f"/admin/v1/subscriptions/{enc(subscription_id(i))}",
              json.dumps({"impus": [{"identity": impu(i), "default": True}], "allowedWwsfs": [wwsf(i)]}).encode())
             for i in range(n)]
    ok, seconds, statuses = put_all(args.hss, admin, args.threads, items, "subscription")
    result("subscriptions", ok, items=n, seconds=f"{seconds:.3f}", per_s=f"{n / seconds:.0f}",
           threads=args.threads, statuses=statuses_text(statuses))
    failed |= not ok

    # -- mappings: bulk import
    hss = Client(args.hss, admin)
    ok, fields = import_mappings(hss, [{"wwsfIdentity": wwsf(i), "webIdentity": web_identity(i), "impu": impu(i),
                                        "subscriptionId": subscription_id(i)} for i in range(n)], 10000)
    hss.close()
    result("mappings", ok, **fields)
    failed |= not ok

    proxy_thread.join()
    if not proxy_result:
        proxy_result.append(("credentials", False, {"error": "no-result"}))
    step, ok, kv = proxy_result[0]
    result(step, ok, **kv)
    failed |= not ok
    result("all", not failed, users=n, seconds=f"{time.perf_counter() - t_all:.3f}")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("users-csv")
    c.add_argument("--users", type=int, required=True)
    c.add_argument("--first", type=int, default=0)
    c.add_argument("--out", required=True)
    c.add_argument("--shared-identity", action="store_true")
    c.add_argument("--password", default="wonderland")
    c.add_argument("--naming", choices=["sipp", "anchor"], default="sipp")
    p = sub.add_parser("provision")
    p.add_argument("--hss", required=True)
    p.add_argument("--proxy", required=True)
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--password", default="wonderland")
    p.add_argument("--shared-identity", action="store_true")
    p.add_argument("--naming", choices=["sipp", "anchor"], default="sipp")
    args = parser.parse_args()
    global SHARED, PASSWORD, ANCHOR
    SHARED, PASSWORD, ANCHOR = args.shared_identity, args.password, args.naming == "anchor"
    sys.exit(cmd_users_csv(args) if args.cmd == "users-csv" else cmd_provision(args))


if __name__ == "__main__":
    main()
