#!/usr/bin/env node
// `npm run selfcheck`: runs the client scripts against the FAKE registrar (fake-registrar.mjs) and checks their
// JSON lines. It is a self-check of the SCRIPTS (their JSON contract, Origin/TLS handling, exit behaviour) —
// NOT a test of the product: the eP-CSCF's real behaviour is tested by the Java system tests that use these scripts.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeRegistrar } from './fake-registrar.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WWSF = 'wwsf.example.com';
const alice = { impu: 'sip:alice.web@ims.example.net', webIdentity: 'alice@idp.example.com', wwsf: WWSF, password: 'wonderland' };
const bob = { impu: 'sip:bob.web@ims.example.net', webIdentity: 'bob@idp.example.com', wwsf: WWSF, password: 'builder' };
const ORIGIN = `https://${WWSF}`;

/** Runs `node <script> '<json>'` → {code, lines (parsed JSON), stderr, ms}. */
function run(script, scenario) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, script), JSON.stringify(scenario)], { timeout: 60_000 }, (err, stdout, stderr) => {
      const lines = stdout.split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return { unparsable: l }; } });
      resolve({ code: err ? (err.code ?? 'killed') : 0, lines, stderr, ms: Date.now() - t0 });
    });
  });
}

let failed = 0;
async function scenario(name, script, input, expect) {
  const r = await run(script, input);
  const problems = [];
  const find = (pred) => r.lines.find(pred);
  try { expect(r, find, problems); } catch (e) { problems.push(`exception: ${e.message}`); }
  if (r.lines.some((l) => l.unparsable)) problems.push('a stdout line is not JSON');
  if (r.lines.at(-1)?.event !== 'done') problems.push('last line is not {"event":"done"}');
  if (r.code !== 0) problems.push(`exit code ${r.code}`);
  if (problems.length) {
    failed++;
    console.log(`FAIL ${name} (${r.ms} ms)\n  ${problems.join('\n  ')}\n  stdout:\n${r.lines.map((l) => `    ${JSON.stringify(l).slice(0, 300)}`).join('\n')}\n  stderr: ${r.stderr.slice(0, 500)}`);
  } else console.log(`PASS ${name} (${r.ms} ms)`);
}
const is = (problems, cond, what) => { if (!cond) problems.push(what); };

// ---- fake registrars: ws and (if openssl exists) wss with a self-signed certificate
const users = [alice, bob];
const fake = await startFakeRegistrar({ users });
const url = `ws://127.0.0.1:${fake.port}/sip`;
let tlsFake = null;
try {
  const dir = mkdtempSync(join(tmpdir(), 'selfcheck-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  tlsFake = await startFakeRegistrar({ users, tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } });
} catch { console.log('SKIP wss scenarios: openssl not available'); }

// ---- jssip-client.mjs
await scenario('jssip: 2 users register, refresh, unregister', 'jssip-client.mjs',
  { url, origin: ORIGIN, timeoutMs: 5000, users: [{ ...alice, expires: 600 }, { ...bob, expires: 300 }], steps: ['register', 'refresh', 'unregister'] },
  (r, find, p) => {
    for (const u of [0, 1]) {
      const reg = find((l) => l.user === u && l.step === 'register');
      is(p, reg?.event === 'registered' && reg.status === 200, `user ${u} register`);
      is(p, reg?.headers?.['p-associated-uri']?.[0] === `<${users[u].impu}>`, `user ${u} P-Associated-URI`);
      is(p, /^<sip:orig@scscf1/.test(reg?.headers?.['service-route']?.[0] ?? ''), `user ${u} Service-Route`);
      is(p, new RegExp(`;expires=${u === 0 ? 600 : 300}$`).test(reg?.headers?.contact?.[0] ?? ''), `user ${u} Contact expires`);
      is(p, /^SIP\/2\.0\/WS [a-z0-9]+\.invalid;/.test(reg?.headers?.via?.[0] ?? ''), `user ${u} Via SIP/2.0/WS <x>.invalid`);
      is(p, find((l) => l.user === u && l.step === 'refresh')?.event === 'registered', `user ${u} refresh`);
      const un = find((l) => l.user === u && l.step === 'unregister');
      is(p, un?.event === 'unregistered' && un.status === 200 && /;expires=0$/.test(un.headers?.contact?.[0] ?? ''), `user ${u} unregister`);
    }
    const done = r.lines.at(-1);
    is(p, done.ok === 8 && done.failed === 0, `done counts ${JSON.stringify(done)}`);
  });

await scenario('jssip: register only → un-REGISTER at stop (JsSIP ua.stop())', 'jssip-client.mjs',
  { url, origin: ORIGIN, users: [alice], steps: ['register'] },
  (r, find, p) => is(p, find((l) => l.step === 'stop')?.event === 'unregistered', 'stop step unregistered'));

await scenario('jssip: atEnd close → no un-REGISTER', 'jssip-client.mjs',
  { url, origin: ORIGIN, users: [alice], steps: ['register'], atEnd: 'close' },
  (r, find, p) => is(p, !find((l) => l.step === 'stop') && find((l) => l.step === 'register')?.event === 'registered', 'no stop line'));

await scenario('jssip: wrong password → 403', 'jssip-client.mjs',
  { url, origin: ORIGIN, users: [{ ...alice, password: 'wrong' }], steps: ['register', 'unregister'] },
  (r, find, p) => {
    const l = find((x) => x.step === 'register');
    is(p, l?.event === 'registrationFailed' && l.status === 403 && l.reason === 'Forbidden' && l.cause === 'Rejected', `register line ${JSON.stringify(l)?.slice(0, 200)}`);
    is(p, find((x) => x.step === 'unregister')?.event === 'skipped', 'unregister skipped');
    is(p, r.lines.at(-1).failed === 1 && r.lines.at(-1).skipped === 1, 'done counts');
  });

await scenario('jssip: unknown web identity → 403 before challenge', 'jssip-client.mjs',
  { url, origin: ORIGIN, users: [{ ...alice, webIdentity: 'mallory@idp.example.com' }] },
  (r, find, p) => is(p, find((x) => x.step === 'register')?.status === 403, '403'));

await scenario('jssip: unauthorized origin → handshakeFailed 403', 'jssip-client.mjs',
  { url, origin: 'https://evil.example.com', users: [alice] },
  (r, find, p) => {
    is(p, find((x) => x.event === 'handshakeFailed')?.httpStatus === 403, 'httpStatus 403');
    is(p, r.ms < 5000, 'exits promptly (no JsSIP reconnect loop)');
  });

await scenario('jssip: omitIdentityHeader → 400 (fake: D1 header required)', 'jssip-client.mjs',
  { url, origin: ORIGIN, users: [alice], omitIdentityHeader: true },
  (r, find, p) => is(p, find((x) => x.step === 'register')?.status === 400, '400'));

await scenario('jssip: identityHeader with a foreign wwsf → 403', 'jssip-client.mjs',
  { url, origin: ORIGIN, users: [alice], identityHeader: '"alice@idp.example.com";wwsf="other.example.com"' },
  (r, find, p) => is(p, find((x) => x.step === 'register')?.status === 403, '403'));

await scenario('jssip: nothing listening → connectFailed, exit 0', 'jssip-client.mjs',
  { url: 'ws://127.0.0.1:9/sip', origin: ORIGIN, users: [alice], timeoutMs: 3000 },
  (r, find, p) => is(p, find((x) => x.step === 'connect')?.event === 'connectFailed', 'connectFailed'));

await scenario('jssip: instanceId is used as +sip.instance', 'jssip-client.mjs',
  { url, origin: ORIGIN, users: [{ ...alice, instanceId: '0f6b3e52-6a1d-4c8e-9b7a-2d5c8e1f4a90' }] },
  (r, find, p) => is(p, /\+sip\.instance="<urn:uuid:0f6b3e52-6a1d-4c8e-9b7a-2d5c8e1f4a90>"/.test(find((x) => x.step === 'register')?.headers?.contact?.[0] ?? ''), 'instance'));

if (tlsFake) {
  await scenario('jssip: wss with a self-signed certificate (rejectUnauthorized false)', 'jssip-client.mjs',
    { url: `wss://127.0.0.1:${tlsFake.port}/sip`, origin: ORIGIN, users: [alice] },
    (r, find, p) => {
      const reg = find((x) => x.step === 'register');
      is(p, reg?.event === 'registered', 'registered');
      is(p, /^SIP\/2\.0\/WSS /.test(reg?.headers?.via?.[0] ?? ''), 'Via SIP/2.0/WSS');
      is(p, /;transport=ws>/.test(reg?.headers?.contact?.[0] ?? ''), 'Contact transport=ws (RFC 7118 §5)');
    });
  await scenario('jssip: wss, rejectUnauthorized true → connectFailed', 'jssip-client.mjs',
    { url: `wss://127.0.0.1:${tlsFake.port}/sip`, origin: ORIGIN, users: [alice], rejectUnauthorized: true, timeoutMs: 3000 },
    (r, find, p) => is(p, find((x) => x.step === 'connect')?.event === 'connectFailed', 'connectFailed'));
}

// ---- sipjs-client.mjs
await scenario('sipjs: register, refresh, unregister', 'sipjs-client.mjs',
  { url, origin: ORIGIN, user: alice, steps: ['register', 'refresh', 'unregister'] },
  (r, find, p) => {
    const reg = find((x) => x.step === 'register');
    is(p, reg?.event === 'registered' && reg.status === 200 && reg.registererState === 'Registered', 'registered');
    is(p, reg?.headers?.['p-associated-uri']?.length === 2 && reg?.headers?.['service-route']?.length === 1, 'P-Associated-URI/Service-Route');
    is(p, find((x) => x.step === 'refresh')?.event === 'registered', 'refresh');
    is(p, find((x) => x.step === 'unregister')?.event === 'unregistered', 'unregister');
  });
await scenario('sipjs: wrong password → 403', 'sipjs-client.mjs',
  { url, origin: ORIGIN, user: { ...alice, password: 'nope' }, steps: ['register'] },
  (r, find, p) => is(p, find((x) => x.step === 'register')?.status === 403, '403'));
await scenario('sipjs: unauthorized origin → handshakeFailed 403', 'sipjs-client.mjs',
  { url, origin: 'https://evil.example.com', user: alice },
  (r, find, p) => is(p, find((x) => x.event === 'handshakeFailed')?.httpStatus === 403, '403'));
await scenario('sipjs: atEnd stop → SIP.js un-REGISTER without the D1 header (fake answers 400)', 'sipjs-client.mjs',
  { url, origin: ORIGIN, user: alice, steps: ['register'], atEnd: 'stop' },
  (r, find, p) => is(p, find((x) => x.step === 'stop')?.event === 'stopped', 'stopped'));
if (tlsFake) {
  await scenario('sipjs: wss self-signed', 'sipjs-client.mjs',
    { url: `wss://127.0.0.1:${tlsFake.port}/sip`, origin: ORIGIN, user: alice, steps: ['register'] },
    (r, find, p) => is(p, /^SIP\/2\.0\/WSS /.test(find((x) => x.step === 'register')?.headers?.via?.[0] ?? ''), 'Via WSS'));
}

// ---- raw-ws.mjs
await scenario('raw-ws: no subprotocol → handshake 400', 'raw-ws.mjs',
  { url, origin: ORIGIN, protocols: [] },
  (r, find, p) => is(p, find((x) => x.event === 'handshakeFailed')?.httpStatus === 400, '400'));
await scenario('raw-ws: unknown origin → handshake 403', 'raw-ws.mjs',
  { url, origin: 'https://evil.example.com' },
  (r, find, p) => is(p, find((x) => x.event === 'handshakeFailed')?.httpStatus === 403, '403'));
await scenario('raw-ws: CRLF keep-alive, ping, invalid UTF-8 → 1007', 'raw-ws.mjs',
  { url, origin: ORIGIN, waitMs: 500, frames: [{ text: '\r\n\r\n' }, { ping: 'x', delayMs: 50 }, { textBase64: 'wyg=', delayMs: 50 }] },
  (r, find, p) => {
    is(p, find((x) => x.event === 'open')?.protocol === 'sip', 'protocol sip');
    is(p, find((x) => x.event === 'message')?.data === '\r\n', 'CRLF pong');
    is(p, find((x) => x.event === 'pong')?.data === 'x', 'pong');
    is(p, find((x) => x.event === 'close')?.code === 1007, 'close 1007');
  });
await scenario('raw-ws: oversized frame → 1009', 'raw-ws.mjs',
  { url, origin: ORIGIN, waitMs: 500, frames: [{ fill: 70_000 }] },
  (r, find, p) => is(p, find((x) => x.event === 'close')?.code === 1009, 'close 1009'));
await scenario('raw-ws: a REGISTER gets its 401', 'raw-ws.mjs',
  { url, origin: ORIGIN, waitMs: 300, frames: [{ text: ['REGISTER sip:ims.example.net SIP/2.0', 'Via: SIP/2.0/WS x.invalid;branch=z9hG4bK1',
    'Max-Forwards: 69', `To: <${alice.impu}>`, `From: <${alice.impu}>;tag=1`, 'Call-ID: raw1', 'CSeq: 1 REGISTER',
    `WebRTC-Web-Identity: "${alice.webIdentity}";wwsf="${WWSF}"`, 'Contact: <sip:u@x.invalid;transport=ws>',
    'Supported: path', 'Content-Length: 0', '', ''].join('\r\n') }] },
  (r, find, p) => is(p, /^SIP\/2\.0 401 .*WWW-Authenticate: Digest realm="wwsf\.example\.com"/s.test(find((x) => x.event === 'message')?.data ?? ''), '401'));

await fake.close();
await tlsFake?.close();
console.log(failed ? `SELFCHECK FAILED: ${failed} scenario(s)` : 'SELFCHECK OK (scripts vs. the fake registrar; not a product test)');
process.exit(failed ? 1 : 0);
