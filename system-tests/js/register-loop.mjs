#!/usr/bin/env node
// Registrations that never stop, for the crash-recovery test (KillNineRecoveryIT): every user, concurrently and in a
// loop, opens a NEW WebSocket with a NEW real JsSIP (3.13.8) UA, REGISTERs (401 -> digest -> 200, profile §3) and
// drops the socket; one JSON line per attempt. Runs until SIGTERM/SIGINT (or `durationMs`). Contract: README.md.
// Usage: node register-loop.mjs '<json scenario>'
//
// A new UA per attempt keeps JsSIP's own reconnection back-off (2..30 s, Transport.js) out of the measurement: the
// time an attempt is made is the test's choice, not JsSIP's. Each user keeps one +sip.instance, so the binding of an
// attempt replaces the previous one at the S-CSCF (RFC 5626 §6: same instance and reg-id) and nothing piles up.
import JsSIP from 'jssip';
import { randomUUID } from 'node:crypto';
import { emit, die, readScenario, identityHeaders, webSocketClass, withTimeout } from './lib/common.mjs';

JsSIP.debug.disable('JsSIP:*');

const scenario = readScenario();
const { url, origin, users = [] } = scenario;
const attemptTimeoutMs = scenario.attemptTimeoutMs ?? 10_000;
const pauseMs = scenario.pauseMs ?? 250;
const failurePauseMs = scenario.failurePauseMs ?? pauseMs; // slower while the core is down: fewer useless requests
const durationMs = scenario.durationMs ?? 0; // 0: until a signal
if (!url || !Array.isArray(users) || users.length === 0) die('scenario needs "url" and a non-empty "users" array');

const counts = { ok: 0, failed: 0 };
let stopping = false;
const finish = () => {
  stopping = true;
  emit({ event: 'done', ...counts });
  process.exit(0);
};
process.on('SIGTERM', finish);
process.on('SIGINT', finish);
if (durationMs > 0) setTimeout(finish, durationMs);

// JsSIP's WebSocketInterface reads the global WebSocket inside connect(): swap in this attempt's class (Origin, hooks)
// right there; connect() is synchronous up to `new WebSocket(...)`, so concurrent users do not mix their classes.
class AttemptSocketInterface extends JsSIP.WebSocketInterface {
  constructor(wsUrl, WebSocketClass) { super(wsUrl); this._class = WebSocketClass; }
  connect() { globalThis.WebSocket = this._class; super.connect(); }
}

function mailbox() {
  const waiters = [];
  return {
    post(name, data) {
      for (const w of [...waiters]) {
        if (w.names.includes(name)) { waiters.splice(waiters.indexOf(w), 1); w.resolve({ name, data }); }
      }
    },
    next(names) { return new Promise((resolve) => waiters.push({ names, resolve })); },
  };
}

/** One registration attempt of one user on a fresh WebSocket; resolves to the fields of its output line. */
async function attempt(user, instanceId) {
  const t0 = Date.now();
  const left = () => Math.max(1, t0 + attemptTimeoutMs - Date.now());
  const box = mailbox();
  let socket = null;
  let socketError = null;
  const WebSocketClass = webSocketClass({
    origin: user.origin ?? origin,
    rejectUnauthorized: scenario.rejectUnauthorized ?? false,
    hooks: {
      onHandshakeRefused: (status) => box.post('handshakeRefused', { status }),
      onError: (err) => { socketError = err; },
      onOpen: (ws) => { socket = ws; },
    },
  });
  const ua = new JsSIP.UA({
    sockets: [new AttemptSocketInterface(url, WebSocketClass)],
    uri: user.impu,                       // IMPU -> From/To (profile D1)
    authorization_user: user.webIdentity, // web identity -> digest username (D1)
    password: user.password,
    register: false,
    register_expires: user.expires ?? scenario.expires ?? 300,
    instance_id: instanceId,
  });
  ua.registrator().setExtraHeaders(identityHeaders(scenario, user)); // D1 header on every REGISTER
  for (const ev of ['connected', 'disconnected', 'registered', 'registrationFailed']) {
    ua.on(ev, (data) => box.post(ev, data));
  }
  let result;
  const connected = box.next(['connected', 'handshakeRefused', 'disconnected']);
  ua.start();
  const c = await withTimeout(connected, left(), () => ({ name: 'timeout' }));
  if (c.name === 'handshakeRefused') result = { phase: 'connect', event: 'handshakeFailed', status: c.data.status };
  else if (c.name === 'disconnected') result = { phase: 'connect', event: 'connectFailed', error: socketError?.message };
  else if (c.name === 'timeout') result = { phase: 'connect', event: 'timeout' };
  else {
    const answered = box.next(['registered', 'registrationFailed', 'disconnected']);
    ua.register();
    const r = await withTimeout(answered, left(), () => ({ name: 'timeout' }));
    const response = r.data?.response;
    if (r.name === 'registered') result = { phase: 'register', event: 'registered', status: response?.status_code };
    else if (r.name === 'registrationFailed') {
      result = { phase: 'register', event: 'registrationFailed', status: response?.status_code,
        reason: response?.reason_phrase, cause: r.data.cause };
    } else result = { phase: 'register', event: r.name };
  }
  // drop the flow without un-REGISTER (the next attempt replaces the binding), then stop the UA: no reconnection
  if (socket) {
    socket.terminate();
    await withTimeout(box.next(['disconnected']), 1_000, () => null);
  }
  ua.stop();
  return { t0, t1: Date.now(), ok: result.event === 'registered', ...result };
}

async function loop(index, user) {
  const instanceId = user.instanceId ?? randomUUID();
  for (let n = 1; !stopping; n++) {
    let line;
    try {
      line = await attempt(user, instanceId);
    } catch (e) {
      line = { t0: Date.now(), t1: Date.now(), ok: false, phase: 'harness', event: 'error', cause: String(e?.message ?? e) };
    }
    if (stopping) return;
    counts[line.ok ? 'ok' : 'failed']++;
    emit({ user: index, attempt: n, ...line });
    await new Promise((r) => setTimeout(r, line.ok ? pauseMs : failurePauseMs));
  }
}

await Promise.all(users.map((u, i) => loop(i, u)));
