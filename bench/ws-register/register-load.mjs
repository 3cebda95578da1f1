#!/usr/bin/env node
// WebSocket SIP registration load tool for the eP-CSCF (plain SIP text + node:crypto MD5; no SIP stack).
// See README.md. Two modes:
//   load:  node register-load.mjs --url ws://host:port/sip --users users.json --connections 100 --duration 30s
//            [--warmup 5s] [--timeout 5s] [--expires 600] [--origin https://...] [--connect-concurrency 200]
//            [--think 0ms]   (pause of a connection after each registration; the latency does not include it)
//   hold:  node register-load.mjs --url ... --users users.json --hold 10000 [--hold-for 60s] [--concurrency 200]
//            [--connect-rate 0] [--expires 3600] [--progress 5s]
//
// One registration = what JsSIP does for ua.register() (profile §3 steps 1, 5/6, 7, 9/10):
//   REGISTER (no credentials, WebRTC-Web-Identity, Supported: path,gruu,outbound, Contact with +sip.instance/reg-id)
//   → 401 → REGISTER with RFC 2617 digest (MD5, qop=auth, cnonce, nc=00000001), CSeq+1, same Call-ID → 200.
// Latency = first REGISTER sent → 200 received. Like a JsSIP UA that keeps refreshing: one Call-ID per user for the
// whole run (one UA start), CSeq increasing across registrations, new From tag and Via branch per request.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const arg = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
const flag = (name) => argv.includes(`--${name}`);
/** "30s" | "500ms" | "2m" | "30" (seconds) → milliseconds */
const ms = (v) => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(v));
  if (!m) fail(`bad duration "${v}"`);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[m[2] ?? 's']);
};
function fail(message) { console.error(`PROBLEM ${message}`); process.exit(2); }

const url = arg('url') ?? fail('--url is required');
const usersFile = arg('users') ?? fail('--users is required');
const users = JSON.parse(readFileSync(usersFile, 'utf8'));
if (!Array.isArray(users) || users.length === 0) fail('users file must be a non-empty JSON array');
const originOverride = arg('origin');
const originOf = (u) => originOverride ?? u.origin ?? `https://${u.wwsf}`; // provision.py: origins ["https://<wwsf>"]
const timeoutMs = ms(arg('timeout', '5s'));
const expires = Number(arg('expires', flag('hold') || arg('hold') ? 3600 : 600));
const rejectUnauthorized = flag('reject-unauthorized');
const viaTransport = new URL(url).protocol === 'wss:' ? 'WSS' : 'WS'; // RFC 7118 §5: Via SIP/2.0/WS or WSS
const md5 = (s) => createHash('md5').update(s).digest('hex');
const token = (n) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x').toLowerCase().slice(0, n);

// ---------------------------------------------------------------- SIP over one WebSocket
class Connection {
  constructor(index, assigned) {
    this.index = index;
    this.users = assigned.map((u) => ({
      ...u,
      callId: token(22),                 // one Call-ID per "UA start", kept across refreshes (RFC 3261 §10.2)
      cseq: 0,
      contactUser: token(8),
      instance: randomUUID(),            // RFC 5626 +sip.instance
      domain: u.impu.replace(/^sips?:/, '').split('@').pop().split(/[;>]/)[0],
    }));
    this.origin = originOf(assigned[0]);
    this.viaHost = `${token(12)}.invalid`; // JsSIP style: RFC 7118 Appendix B, a .invalid host
    this.next = 0;
    this.pending = null;                 // {callId, cseq, resolve}
    this.ws = null;
  }

  connect() {
    return new Promise((resolve) => {
      const ws = new WebSocket(url, 'sip', { origin: this.origin, rejectUnauthorized, handshakeTimeout: 10_000 });
      this.ws = ws;
      let settled = false;
      const done = (result) => { if (!settled) { settled = true; resolve(result); } };
      ws.on('unexpected-response', (req, res) => { res.resume(); req.destroy(); done(`http-${res.statusCode}`); });
      ws.on('error', (e) => done(`connect-${e.code ?? 'error'}`));
      ws.on('open', () => done(null));
      ws.on('close', () => {
        this.closed = true;
        if (this.pending) { const p = this.pending; this.pending = null; p.resolve({ status: 'closed' }); }
        done('connect-closed');
      });
      ws.on('message', (data, isBinary) => { if (!isBinary) this.onText(data.toString('utf8')); });
      this.closed = false;
    });
  }

  onText(text) {
    if (!text.startsWith('SIP/2.0 ') || !this.pending) return; // requests from the server are ignored
    const status = Number(text.slice(8, 11));
    const header = (re) => re.exec(text)?.[1];
    const callId = header(/\r\n(?:Call-ID|i)\s*:\s*([^\r\n]+)/i)?.trim();
    const cseq = Number(header(/\r\nCSeq\s*:\s*(\d+)/i));
    const p = this.pending;
    if (callId !== p.callId || cseq !== p.cseq || status < 200) return;  // stale or provisional
    this.pending = null;
    p.resolve({ status, text, www: header(/\r\nWWW-Authenticate\s*:\s*([^\r\n]+)/i) });
  }

  /** Sends one REGISTER, resolves with its final response or {status:'timeout'} at the registration's deadline. */
  send(u, authorization, deadline) {
    u.cseq += 1;
    const lines = [
      `REGISTER sip:${u.domain} SIP/2.0`,
      `Via: SIP/2.0/${viaTransport} ${this.viaHost};branch=z9hG4bK${token(10)}`,
      'Max-Forwards: 69',
      `To: <${u.impu}>`,
      `From: <${u.impu}>;tag=${token(10)}`,
      `Call-ID: ${u.callId}`,
      `CSeq: ${u.cseq} REGISTER`,
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      `WebRTC-Web-Identity: "${u.webIdentity}";wwsf="${u.wwsf}"`,      // profile D1
      `Expires: ${expires}`,
      // RFC 7118 §5: transport=ws for WS and WSS; RFC 5626: reg-id + +sip.instance (JsSIP's exact Contact form)
      `Contact: <sip:${u.contactUser}@${this.viaHost};transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:${u.instance}>";expires=${expires}`,
      'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY,SUBSCRIBE',
      'Supported: path,gruu,outbound',                                  // RFC 3327 path (else 421)
      'User-Agent: ws-register-bench',
      'Content-Length: 0', '', ''];
    return new Promise((resolve) => {
      if (this.closed || this.ws.readyState !== WebSocket.OPEN) return resolve({ status: 'closed' });
      const timer = setTimeout(() => { this.pending = null; resolve({ status: 'timeout' }); },
        Math.max(0, deadline - performance.now()));
      this.pending = { callId: u.callId, cseq: u.cseq, resolve: (r) => { clearTimeout(timer); resolve(r); } };
      this.ws.send(lines.join('\r\n'));
    });
  }

  /** One full registration of the connection's next user → {ok, status, latencyMs}. */
  async register() {
    const u = this.users[this.next++ % this.users.length];
    const t0 = performance.now();
    const deadline = t0 + timeoutMs;
    let r = await this.send(u, null, deadline);
    for (let attempt = 0; r.status === 401 && attempt < 2; attempt++) { // 2nd try only on stale=TRUE (as JsSIP)
      if (attempt === 1 && !/stale\s*=\s*"?true/i.test(r.www ?? '')) break;
      const c = {};
      for (const m of (r.www ?? '').matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g)) c[m[1].toLowerCase()] = m[2] ?? m[3];
      if (c.algorithm && c.algorithm.toUpperCase() !== 'MD5') return { ok: false, status: 'algorithm' };
      // RFC 2617 §3.2.2: response = MD5(MD5(user:realm:pw):nonce:nc:cnonce:qop:MD5(REGISTER:uri))
      const uri = `sip:${u.domain}`;
      const cnonce = token(12);
      const nc = '00000001';
      const ha1 = md5(`${u.webIdentity}:${c.realm}:${u.password}`);
      const response = md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
      const auth = `Digest algorithm=MD5, username="${u.webIdentity}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", `
        + `response="${response}"${c.opaque !== undefined ? `, opaque="${c.opaque}"` : ''}, qop=auth, cnonce="${cnonce}", nc=${nc}`;
      r = await this.send(u, auth, deadline);
    }
    const latencyMs = performance.now() - t0;
    return { ok: r.status >= 200 && r.status < 300, status: r.status, latencyMs };
  }
}

// ---------------------------------------------------------------- helpers
const percentile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'NaN');
const countsText = (m) => (m.size ? [...m].sort().map(([k, v]) => `${k}:${v}`).join(',') : '-');
const bump = (m, k) => m.set(String(k), (m.get(String(k)) ?? 0) + 1);
const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** Runs `fn(i)` for i in [0, n) with at most `limit` in flight (and at most `rate`/s started, 0 = unlimited). */
async function pool(n, limit, fn, rate = 0) {
  let i = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (i < n) {
      const k = i++;
      if (rate > 0) { const due = t0 + (k * 1000) / rate; const wait = due - performance.now(); if (wait > 0) await sleep(wait); }
      await fn(k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

// ---------------------------------------------------------------- load mode
async function load() {
  const connections = Number(arg('connections', 10));
  const warmupMs = ms(arg('warmup', '5s'));
  const durationMs = ms(arg('duration', '30s'));
  const thinkMs = ms(arg('think', '0ms'));                      // per connection, after each registration
  if (users.length < connections) fail(`${users.length} users for ${connections} connections: need at least one user per connection`);
  const assigned = Array.from({ length: connections }, () => []);
  users.forEach((u, i) => assigned[i % connections].push(u));      // user i → connection i % connections
  for (const [k, list] of assigned.entries()) {
    // The eP-CSCF binds a connection to the WWSF of its Origin (profile D3): all users of one connection must share it.
    if (new Set(list.map(originOf)).size > 1) {
      fail(`connection ${k} would carry users of different origins/WWSFs (${originOf(list[0])}, ...): with `
        + 'bench/sip/provision.py naming every user has its own WWSF, so use --connections = number of users');
    }
  }
  console.log(`ws-register load: url=${url} connections=${connections} users=${users.length} warmup=${warmupMs / 1000}s `
    + `duration=${durationMs / 1000}s timeout=${timeoutMs / 1000}s expires=${expires} think=${thinkMs}ms `
    + `users_per_connection=${Math.ceil(users.length / connections)}`);

  const conns = assigned.map((list, k) => new Connection(k, list));
  const connectErrors = new Map();
  await pool(conns.length, Number(arg('connect-concurrency', 200)), async (k) => {
    const e = await conns[k].connect();
    if (e) bump(connectErrors, e);
  });
  const open = conns.filter((c) => !c.closed && c.ws.readyState === WebSocket.OPEN);
  if (open.length === 0) {
    console.log(`RESULT step=load ok=0 connections=${connections} open=0 connect_errors=${countsText(connectErrors)}`);
    process.exit(1);
  }

  const t0 = performance.now();
  const measureFrom = t0 + warmupMs;
  const measureTo = measureFrom + durationMs;
  const latencies = [];
  const errors = new Map();
  let warmupRegs = 0;
  let total = 0;
  const progress = setInterval(() => {
    const t = (performance.now() - t0) / 1000;
    console.error(`progress t=${t.toFixed(0)}s measured=${latencies.length} errors=${[...errors.values()].reduce((a, b) => a + b, 0)} total=${total}`);
  }, ms(arg('progress', '5s')));

  await Promise.all(open.map(async (c) => {
    while (performance.now() < measureTo) {
      if (c.closed) {                                             // reconnect a dropped connection (counted as error)
        await sleep(500);
        const e = await c.connect();
        if (e) { if (performance.now() >= measureFrom) bump(errors, e); continue; }
      }
      const r = await c.register();
      total++;
      const now = performance.now();
      if (now < measureFrom) { warmupRegs++; continue; }
      if (now > measureTo) break;                                  // finished after the window: not counted
      if (r.ok) latencies.push(r.latencyMs); else bump(errors, r.status);
      if (thinkMs > 0) await sleep(Math.min(thinkMs, Math.max(0, measureTo - performance.now())));
    }
  }));
  clearInterval(progress);

  latencies.sort((a, b) => a - b);
  const nErr = [...errors.values()].reduce((a, b) => a + b, 0);
  const rate = latencies.length / (durationMs / 1000);
  const [p50, p90, p99, max] = [percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99), latencies.at(-1)];
  console.log(`connections open: ${open.length}/${connections}${connectErrors.size ? ` (connect errors ${countsText(connectErrors)})` : ''}`);
  console.log(`warm-up: ${warmupRegs} registrations in ${warmupMs / 1000} s (not counted)`);
  console.log(`measured: ${latencies.length} registrations in ${durationMs / 1000} s = ${rate.toFixed(1)} registrations/s`);
  console.log(`latency ms (first REGISTER sent -> 200 received): p50=${fmt(p50)} p90=${fmt(p90)} p99=${fmt(p99)} max=${fmt(max)}`);
  console.log(`errors: ${nErr} (by status: ${countsText(errors)})`);
  const ok = nErr === 0 && connectErrors.size === 0 && latencies.length > 0;
  console.log(`RESULT step=load ok=${ok ? 1 : 0} connections=${connections} open=${open.length} users=${users.length} `
    + `warmup_s=${warmupMs / 1000} duration_s=${durationMs / 1000} think_ms=${thinkMs} registrations=${latencies.length} rate_per_s=${rate.toFixed(1)} `
    + `p50_ms=${fmt(p50)} p90_ms=${fmt(p90)} p99_ms=${fmt(p99)} max_ms=${fmt(max)} errors=${nErr} `
    + `errors_by_status=${countsText(errors)} connect_errors=${countsText(connectErrors)}`);
  for (const c of conns) c.ws?.terminate();
  process.exit(ok ? 0 : 1);
}

// ---------------------------------------------------------------- hold mode
async function hold() {
  const n = Number(arg('hold'));
  if (!Number.isInteger(n) || n <= 0) fail('--hold N needs a positive integer');
  if (users.length < n) fail(`--hold ${n} needs ${n} users (one registered user per connection), the file has ${users.length}`);
  const holdForMs = arg('hold-for') ? ms(arg('hold-for')) : Infinity;
  const concurrency = Number(arg('concurrency', 200));
  const connectRate = Number(arg('connect-rate', 0));
  console.log(`ws-register hold: url=${url} connections=${n} concurrency=${concurrency} connect_rate=${connectRate || 'unlimited'}/s `
    + `expires=${expires} hold_for=${Number.isFinite(holdForMs) ? `${holdForMs / 1000}s` : 'until SIGINT'}`);
  const conns = Array.from({ length: n }, (_, k) => new Connection(k, [users[k]]));
  const errors = new Map();
  let registered = 0;
  let attempted = 0;
  const t0 = performance.now();
  const stateLine = (label) => {
    const open = conns.filter((c) => c.ws && !c.closed && c.ws.readyState === WebSocket.OPEN).length;
    const t = ((performance.now() - t0) / 1000).toFixed(0);
    return `${label} t=${t}s attempted=${attempted}/${n} registered=${registered} open=${open} errors=${countsText(errors)}`;
  };
  const progress = setInterval(() => console.log(stateLine('HOLD')), ms(arg('progress', '5s')));
  let interrupted = false;                       // Ctrl-C during the ramp: stop ramping, report, exit
  const onSignal = () => { interrupted = true; };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  await pool(n, concurrency, async (k) => {
    if (interrupted) return;
    attempted++;
    const c = conns[k];
    const e = await c.connect();
    if (e) { bump(errors, e); return; }
    const r = await c.register();
    if (r.ok) registered++; else bump(errors, r.status);
  }, connectRate);
  const rampS = (performance.now() - t0) / 1000;
  console.log(`${stateLine('RAMPED')} ramp_s=${rampS.toFixed(1)}`);

  // Idle: nothing is sent; `ws` answers the eP-CSCF's Pings by itself (profile D14); server requests are ignored.
  if (!interrupted) {
    await new Promise((resolve) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      if (Number.isFinite(holdForMs)) setTimeout(resolve, holdForMs);
    });
  }
  clearInterval(progress);
  const open = conns.filter((c) => c.ws && !c.closed && c.ws.readyState === WebSocket.OPEN).length;
  const ok = registered === n && open === n;
  console.log(`RESULT step=hold ok=${ok ? 1 : 0} connections=${n} registered=${registered} open_at_end=${open} `
    + `ramp_s=${rampS.toFixed(1)} held_s=${((performance.now() - t0) / 1000 - rampS).toFixed(1)} errors=${countsText(errors)}`);
  for (const c of conns) c.ws?.terminate();
  process.exit(ok ? 0 : 1);
}

(arg('hold') ? hold() : load()).catch((e) => fail(e.stack ?? String(e)));
