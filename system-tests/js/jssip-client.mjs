#!/usr/bin/env node
// Real JsSIP (3.13.8) WIC(s) registering over WebSocket, driven by a JSON scenario; prints JSON lines.
// Contract: README.md. Usage: node jssip-client.mjs '<json scenario>'
//
// JsSIP in Node: it calls `new WebSocket(url, 'sip')` (RFC 7118 §4.1 subprotocol) on the global WebSocket, so we
// install a `ws` subclass that adds the Origin header a browser would send (profile D3) — one class per user,
// installed just before that user's socket connects.
import JsSIP from 'jssip';
import { randomUUID } from 'node:crypto';
import { emit, die, readScenario, identityHeaders, webSocketClass, headerPairs, headersObject, withTimeout }
  from './lib/common.mjs';

JsSIP.debug.disable('JsSIP:*');

const scenario = readScenario();
const { url, origin, users = [], steps = ['register'] } = scenario;
const timeoutMs = scenario.timeoutMs ?? 15_000;
const atEnd = scenario.atEnd ?? 'stop';
if (!url || !Array.isArray(users) || users.length === 0) die('scenario needs "url" and a non-empty "users" array');
for (const s of steps) if (!/^(register|refresh|unregister|sleep:\d+)$/.test(s)) die(`unknown step "${s}"`);
if (!['stop', 'close'].includes(atEnd)) die('"atEnd" must be "stop" or "close"');

const counts = { ok: 0, failed: 0, skipped: 0 };
const outcome = (line, ok) => { counts[ok ? 'ok' : 'failed']++; emit(line); return ok; };

/** Status/reason/headers of a JsSIP IncomingResponse (the object JsSIP hands to registered/registrationFailed). */
const describe = (response) => (response
  ? { status: response.status_code, reason: response.reason_phrase, headers: headersObject(headerPairs(response.data)) }
  : {});

// JsSIP's WebSocketInterface reads the global WebSocket inside connect(); give every user its own class (Origin,
// TLS options, hooks) by swapping the global right there. connect() is synchronous up to `new WebSocket(...)`.
class UserSocketInterface extends JsSIP.WebSocketInterface {
  constructor(wsUrl, WebSocketClass) { super(wsUrl); this._class = WebSocketClass; }
  connect() { globalThis.WebSocket = this._class; super.connect(); }
}

/** Small event mailbox: waits for the first of several UA events (or hook events) after a given moment. */
function mailbox() {
  const waiters = [];
  return {
    post(name, data) { for (const w of [...waiters]) if (w.names.includes(name)) { waiters.splice(waiters.indexOf(w), 1); w.resolve({ name, data }); } },
    next(names) { return new Promise((resolve) => waiters.push({ names, resolve })); },
  };
}

async function runUser(index, user) {
  const box = mailbox();
  let socket = null;          // the current ws instance
  let socketError = null;     // last socket-level error (ECONNREFUSED, TLS, ...) for connectFailed
  let refreshPending = false; // refresh: JsSIP emits `registered` only on the first success (Registrator.js)
  const WebSocketClass = webSocketClass({
    origin: user.origin ?? origin,
    rejectUnauthorized: scenario.rejectUnauthorized ?? false,
    hooks: {
      onHandshakeRefused: (status, reason) => box.post('handshakeRefused', { status, reason }),
      onError: (err) => { socketError = err; },
      onOpen: (ws) => { socket = ws; },
      onText: (text) => {
        // … so a successful refresh is observed on the socket: the final 2xx to the REGISTER (same object kind as
        // JsSIP's own parse: we parse the same text). Failures still come through JsSIP's registrationFailed.
        if (refreshPending && /^SIP\/2\.0 2\d\d /.test(text) && /\r\nCSeq:\s*\d+\s+REGISTER\r\n/i.test(text)) {
          box.post('refreshed', text);
        }
      },
    },
  });
  const config = {
    sockets: [new UserSocketInterface(url, WebSocketClass)],
    uri: user.impu,                                  // IMPU → From/To (profile D1)
    authorization_user: user.webIdentity,            // web identity → digest username (D1)
    password: user.password,
    register: false,
    register_expires: user.expires ?? scenario.expires ?? 600,
    instance_id: user.instanceId ?? randomUUID(),    // RFC 5626 +sip.instance (profile §7.7)
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 30,
  };
  let ua;
  try {
    ua = new JsSIP.UA(config);
  } catch (e) {
    return outcome({ user: index, step: 'connect', event: 'configError', cause: String(e.message ?? e) }, false);
  }
  ua.registrator().setExtraHeaders(identityHeaders(scenario, user)); // D1 header on every REGISTER
  for (const ev of ['connected', 'disconnected', 'registered', 'unregistered', 'registrationFailed']) {
    ua.on(ev, (data) => box.post(ev, data));
  }
  const timeout = (step) => () => ({ name: 'timeout', step });

  // --- connect (WebSocket opening handshake)
  const connected = box.next(['connected', 'handshakeRefused', 'disconnected']);
  ua.start();
  const c = await withTimeout(connected, timeoutMs, timeout('connect'));
  let alive = c.name === 'connected';
  if (c.name === 'connected') outcome({ user: index, step: 'connect', event: 'connected' }, true);
  else if (c.name === 'handshakeRefused') {
    outcome({ user: index, step: 'connect', event: 'handshakeFailed', httpStatus: c.data.status }, false);
  } else if (c.name === 'disconnected') {
    outcome({ user: index, step: 'connect', event: 'connectFailed', code: c.data?.code, error: socketError?.message }, false);
  } else outcome({ user: index, step: 'connect', event: 'timeout', timeoutMs }, false);

  // --- steps
  for (const step of steps) {
    if (!alive) { counts.skipped++; emit({ user: index, step, event: 'skipped' }); continue; }
    if (step.startsWith('sleep:')) { await new Promise((r) => setTimeout(r, Number(step.slice(6)))); continue; }
    let r;
    if (step === 'register' || step === 'refresh') {
      refreshPending = step === 'refresh';
      const wanted = ['registrationFailed', 'disconnected', step === 'register' ? 'registered' : 'refreshed'];
      const p = box.next(wanted);
      ua.register();
      r = await withTimeout(p, timeoutMs, timeout(step));
      refreshPending = false;
      if (r.name === 'registered') {
        alive = outcome({ user: index, step, event: 'registered', ...describe(r.data.response) }, true);
      } else if (r.name === 'refreshed') {
        const status = Number(r.data.split(' ')[1]);
        alive = outcome({ user: index, step, event: 'registered', status, reason: r.data.split('\r\n')[0].split(' ').slice(2).join(' '),
          headers: headersObject(headerPairs(r.data)) }, true);
      } else if (r.name === 'registrationFailed') {
        alive = outcome({ user: index, step, event: 'registrationFailed', ...describe(r.data.response), cause: r.data.cause }, false);
      }
    } else if (step === 'unregister') {
      const p = box.next(['unregistered', 'disconnected']);
      ua.unregister();
      r = await withTimeout(p, timeoutMs, timeout(step));
      if (r.name === 'unregistered') {
        const d = describe(r.data.response);
        const ok = !r.data.cause && d.status >= 200 && d.status < 300;
        alive = outcome({ user: index, step, event: ok ? 'unregistered' : 'unregistrationFailed', ...d, cause: r.data.cause ?? undefined }, ok);
      }
    }
    if (r?.name === 'disconnected') {
      alive = outcome({ user: index, step, event: 'disconnected', code: r.data?.code, reason: r.data?.reason || undefined }, false);
    } else if (r?.name === 'timeout') {
      alive = outcome({ user: index, step, event: 'timeout', timeoutMs }, false);
    }
  }

  // --- end: "stop" = ua.stop() (JsSIP sends un-REGISTER itself if still registered, then closes the socket);
  //          "close" = drop the WebSocket without un-REGISTER (tab crash / network loss, profile §7.6).
  if (atEnd === 'close' && socket) {
    socket.terminate();
    await withTimeout(box.next(['disconnected']), 2_000, () => null);
    ua.stop();
  } else {
    const wasRegistered = ua.isRegistered();
    const p = box.next(['unregistered']);
    ua.stop();
    if (wasRegistered) {
      const u = await withTimeout(p, timeoutMs, () => null);
      if (u === null) outcome({ user: index, step: 'stop', event: 'timeout', timeoutMs }, false);
      else {
        const info = describe(u.data.response);
        const ok = !u.data.cause && info.status >= 200 && info.status < 300;
        outcome({ user: index, step: 'stop', event: ok ? 'unregistered' : 'unregistrationFailed', ...info, cause: u.data.cause ?? undefined }, ok);
      }
    }
  }
  // JsSIP closes the socket 2 s after stop() when a transaction was pending; close it now (close frame 1000).
  if (socket && socket.readyState === socket.OPEN) {
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.close(1000);
    await withTimeout(closed, 1_000, () => socket.terminate());
  }
}

// Harness watchdog: every wait above is bounded, so this only fires on a bug; exit 3.
const budget = timeoutMs * (steps.length + 3) + steps.filter((s) => s.startsWith('sleep:')).reduce((a, s) => a + Number(s.slice(6)), 0);
const watchdog = setTimeout(() => { emit({ event: 'error', message: `harness timeout after ${budget} ms` }); process.exit(3); }, budget);

try {
  await Promise.all(users.map((u, i) => runUser(i, u)));
} catch (e) {
  die(`harness error: ${e.stack ?? e}`);
}
clearTimeout(watchdog);
emit({ event: 'done', ...counts });
// Every UA is stopped and every socket closed; JsSIP may still hold its 2 s close timer: do not wait for it.
setTimeout(() => process.exit(0), 100);
