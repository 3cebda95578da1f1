#!/usr/bin/env node
// Low-level WebSocket helper for rule tests (handshake checks, RFC 7118 framing, limits); prints JSON lines.
// Contract: README.md. Usage: node raw-ws.mjs '<json>'
//   {"url":"ws://127.0.0.1:8094/sip", "origin":"https://wwsf.example.com", "protocols":["sip"],
//    "rejectUnauthorized":false, "waitMs":1000,
//    "frames":[{"text":"REGISTER ..."}, {"textBase64":"wyg="}, {"binaryBase64":"..."}, {"fill":70000},
//              {"ping":"hi"}, {"close":1000,"reason":"bye"}, {"delayMs":200,"text":"\r\n\r\n"}]}
import WebSocket from 'ws';
import { emit, die, readScenario } from './lib/common.mjs';

const s = readScenario();
if (!s.url) die('scenario needs "url"');
const protocols = s.protocols ?? ['sip'];   // [] → no Sec-WebSocket-Protocol header at all
const waitMs = s.waitMs ?? 1000;
const started = Date.now();
const t = () => Date.now() - started;

const ws = new WebSocket(s.url, protocols, {
  ...(s.origin !== undefined ? { origin: s.origin } : {}),
  rejectUnauthorized: s.rejectUnauthorized ?? false,
  handshakeTimeout: s.handshakeTimeoutMs ?? 10_000,
  maxPayload: 0, // never refuse what the server sends: report it
});
let finished = false;
const finish = (extra = {}) => {
  if (finished) return;
  finished = true;
  emit({ event: 'done', ms: t(), ...extra });
  setTimeout(() => process.exit(0), 50);
};

ws.on('unexpected-response', (req, res) => {
  // RFC 6455 §4.1: anything but 101 fails the handshake (profile §6 #1: 400 no `sip`, 403 bad Origin)
  emit({ event: 'handshakeFailed', httpStatus: res.statusCode, reason: res.statusMessage, headers: res.headers, ms: t() });
  res.resume();
  req.destroy();
  finish();
});
ws.on('upgrade', (res) => emit({ event: 'upgrade', httpStatus: res.statusCode, protocol: res.headers['sec-websocket-protocol'] ?? null }));
ws.on('error', (err) => emit({ event: 'socketError', message: err.message, code: err.code, ms: t() }));
ws.on('message', (data, isBinary) => emit(isBinary
  ? { event: 'message', type: 'binary', base64: data.toString('base64'), bytes: data.length, ms: t() }
  : { event: 'message', type: 'text', data: data.toString('utf8'), bytes: data.length, ms: t() }));
ws.on('ping', (data) => emit({ event: 'ping', data: data.toString('utf8'), ms: t() })); // ws answers with a pong itself
ws.on('pong', (data) => emit({ event: 'pong', data: data.toString('utf8'), ms: t() }));
ws.on('close', (code, reason) => { emit({ event: 'close', code, reason: reason.toString('utf8'), ms: t() }); finish(); });

ws.on('open', async () => {
  emit({ event: 'open', protocol: ws.protocol || null, ms: t() });
  for (const [index, f] of (s.frames ?? []).entries()) {
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (ws.readyState !== WebSocket.OPEN) { emit({ event: 'notSent', index, reason: 'socket not open' }); continue; }
    let bytes;
    if (f.text !== undefined) { ws.send(f.text, { binary: false }); bytes = Buffer.byteLength(f.text); }
    else if (f.textBase64 !== undefined) {          // raw bytes in a TEXT frame: may be invalid UTF-8 (→ 1007)
      const b = Buffer.from(f.textBase64, 'base64'); ws.send(b, { binary: false }); bytes = b.length;
    } else if (f.binaryBase64 !== undefined) {
      const b = Buffer.from(f.binaryBase64, 'base64'); ws.send(b, { binary: true }); bytes = b.length;
    } else if (f.fill !== undefined) {              // oversized frames (→ 1009): N bytes of "x"
      const b = Buffer.alloc(f.fill, 'x'); ws.send(b, { binary: Boolean(f.binary) }); bytes = b.length;
    } else if (f.ping !== undefined) { ws.ping(f.ping); bytes = Buffer.byteLength(f.ping); }
    else if (f.close !== undefined) { ws.close(f.close, f.reason ?? ''); emit({ event: 'sent', index, kind: 'close' }); continue; }
    else { emit({ event: 'notSent', index, reason: 'unknown frame kind' }); continue; }
    emit({ event: 'sent', index, bytes, ms: t() });
  }
  setTimeout(() => {
    if (ws.readyState !== WebSocket.OPEN) return finish();
    ws.close(1000);                      // our close: the 'close' line (server's echo) follows, then done
    setTimeout(finish, 1_000);
  }, waitMs);
});

// Harness bound: handshake timeout + frames' delays + waitMs + margin.
const budget = (s.handshakeTimeoutMs ?? 10_000) + (s.frames ?? []).reduce((a, f) => a + (f.delayMs ?? 0), 0) + waitMs + 5_000;
setTimeout(() => { emit({ event: 'error', message: `harness timeout after ${budget} ms` }); process.exit(3); }, budget).unref();
