#!/usr/bin/env node
// Real SIP.js (0.21.2) WIC: one user registers over WebSocket, driven by a JSON scenario; prints JSON lines.
// Contract: README.md. Usage: node sipjs-client.mjs '<json scenario>'
//
// SIP.js's Web transport calls `new WebSocket(server, "sip")` on the global WebSocket (platform/web/transport), so
// the same `ws` subclass as for JsSIP (Origin header, TLS options, refused-handshake status) is installed globally.
// Differences from JsSIP that matter for the eP-CSCF (README "Behaviour"): SIP.js adds reg-id/+sip.instance only
// with Registerer `regId`, sends Registerer extraHeaders on REGISTER but NOT on un-REGISTER (passed explicitly
// below, as a WWSF app has to), and re-sends its last Authorization (old nonce, same nc) on every later REGISTER.
import { randomUUID } from 'node:crypto';
import { UserAgent, Registerer, RegistererState } from 'sip.js';
import { emit, die, readScenario, identityHeaders, webSocketClass, headerPairs, headersObject, withTimeout }
  from './lib/common.mjs';

const scenario = readScenario();
const user = scenario.user ?? scenario.users?.[0];
const { url, origin, steps = ['register', 'unregister'] } = scenario;
const timeoutMs = scenario.timeoutMs ?? 15_000;
if (!url || !user) die('scenario needs "url" and "user" (or "users":[one user])');
for (const s of steps) if (!/^(register|refresh|unregister|sleep:\d+)$/.test(s)) die(`unknown step "${s}"`);

const counts = { ok: 0, failed: 0, skipped: 0 };
const outcome = (line, ok) => { counts[ok ? 'ok' : 'failed']++; emit(line); return ok; };
/** Status/reason/headers of a SIP.js IncomingResponse (delegate argument): `.message` is the parsed message. */
const describe = (response) => (response?.message
  ? { status: response.message.statusCode, reason: response.message.reasonPhrase,
    headers: headersObject(headerPairs(response.message.data)) }
  : {});

let refused = null;
let lastError = null;
let socket = null;
globalThis.WebSocket = webSocketClass({
  origin: user.origin ?? origin,
  rejectUnauthorized: scenario.rejectUnauthorized ?? false,
  hooks: {
    onHandshakeRefused: (status) => { refused = status; },
    onError: (err) => { lastError = err; },
    onOpen: (ws) => { socket = ws; },
  },
});

const watchdog = setTimeout(() => { emit({ event: 'error', message: 'harness timeout' }); process.exit(3); },
  timeoutMs * (steps.length + 3) + steps.filter((s) => s.startsWith('sleep:')).reduce((a, s) => a + Number(s.slice(6)), 0));

const ua = new UserAgent({
  uri: UserAgent.makeURI(user.impu),                  // IMPU → From/To (profile D1)
  authorizationUsername: user.webIdentity,           // web identity → digest username (D1)
  authorizationPassword: user.password,
  transportOptions: { server: url, connectionTimeout: Math.ceil(timeoutMs / 1000) },
  instanceId: user.instanceId ?? randomUUID(),
  logBuiltinEnabled: false,
  logLevel: 'error',
  logConnector: scenario.debug ? (level, category, label, content) => process.stderr.write(`${level} ${category} ${content}\n`) : () => {},
});
const registerer = new Registerer(ua, {
  expires: user.expires ?? scenario.expires ?? 600,
  extraHeaders: identityHeaders(scenario, user),     // D1 header on every REGISTER
  // RFC 5626 reg-id + +sip.instance like JsSIP (SIP.js adds them only when regId is set); null → omitted
  ...(scenario.regId === null ? {} : { regId: scenario.regId ?? 1 }),
});

let alive = true;
try {
  await ua.start();
  outcome({ event: 'connected', user: 0, step: 'connect' }, true);
} catch (e) {
  alive = false;
  if (refused !== null) outcome({ user: 0, step: 'connect', event: 'handshakeFailed', httpStatus: refused }, false);
  else outcome({ user: 0, step: 'connect', event: 'connectFailed', error: String(lastError?.message ?? e.message ?? e) }, false);
}

/** register()/unregister() with a requestDelegate; resolves with the final response (or an error/timeout). */
function request(fn) {
  const p = new Promise((resolve) => {
    const requestDelegate = {
      onAccept: (response) => resolve({ accepted: true, response }),
      onReject: (response) => resolve({ accepted: false, response }),
    };
    fn({ requestDelegate }).catch((error) => resolve({ error }));
  });
  return withTimeout(p, timeoutMs, () => ({ timeout: true }));
}

for (const step of steps) {
  if (!alive) { counts.skipped++; emit({ user: 0, step, event: 'skipped' }); continue; }
  if (step.startsWith('sleep:')) { await new Promise((r) => setTimeout(r, Number(step.slice(6)))); continue; }
  const unregister = step === 'unregister';
  const r = await request((o) => (unregister
    ? registerer.unregister({ ...o, requestOptions: { extraHeaders: identityHeaders(scenario, user) } })
    : registerer.register(o)));
  const base = { user: 0, step };
  if (r.timeout) alive = outcome({ ...base, event: 'timeout', timeoutMs }, false);
  else if (r.error) alive = outcome({ ...base, event: 'error', cause: String(r.error.message ?? r.error) }, false);
  else if (r.accepted) {
    alive = outcome({ ...base, event: unregister ? 'unregistered' : 'registered', ...describe(r.response),
      registererState: registerer.state }, true);
  } else {
    alive = outcome({ ...base, event: unregister ? 'unregistrationFailed' : 'registrationFailed', ...describe(r.response),
      registererState: registerer.state }, false);
  }
}

// End (scenario "atEnd"):
//  "unregister" (default): if still registered, un-REGISTER with the D1 header (as a WWSF app must), then stop();
//  "stop": SIP.js's own graceful shutdown — UserAgent.stop() disposes the Registerer, whose un-REGISTER carries NO
//          extraHeaders (so no WebRTC-Web-Identity); outcome line step "stop" with the Registerer's final state;
//  "close": drop the WebSocket without un-REGISTER (tab crash / network loss, profile §7.6).
const atEnd = scenario.atEnd ?? 'unregister';
if (atEnd === 'close') socket?.terminate();
if (atEnd === 'unregister' && registerer.state === RegistererState.Registered) {
  const r = await request((o) => registerer.unregister({ ...o, requestOptions: { extraHeaders: identityHeaders(scenario, user) } }));
  const ok = Boolean(r.accepted);
  outcome({ user: 0, step: 'stop', event: ok ? 'unregistered' : (r.timeout ? 'timeout' : 'unregistrationFailed'),
    ...describe(r.response), registererState: registerer.state }, ok);
}
const wasRegistered = atEnd === 'stop' && registerer.state === RegistererState.Registered;
await withTimeout(ua.stop().catch(() => {}), 5_000, () => socket?.terminate());
if (wasRegistered) outcome({ user: 0, step: 'stop', event: 'stopped', registererState: registerer.state }, true);
clearTimeout(watchdog);
emit({ event: 'done', ...counts });
setTimeout(() => process.exit(0), 100);
