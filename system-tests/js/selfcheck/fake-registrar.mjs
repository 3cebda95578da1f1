// SELF-CHECK ONLY — this is NOT a test of the product and NOT a model of the eP-CSCF.
//
// A deliberately small fake "eP-CSCF + registrar" in one process, used by `npm run selfcheck` (and by
// bench/ws-register's self-check) to keep the client scripts honest while the real Java eP-CSCF is being written.
// It implements just enough of protocol-profile.md §3 / §6 / §7.2 for the scripts to be exercised:
//   - WS handshake (RFC 6455 / RFC 7118 §4.1): path /sip, subprotocol `sip` required (else HTTP 400),
//     Origin must be a known WWSF origin (else HTTP 403) — profile D3;
//   - REGISTER only: `WebRTC-Web-Identity` required (else 400, D1), its wwsf must equal the Origin's WWSF (else 403,
//     D3), unknown web identity or web identity not mapped to the To IMPU → 403 before any challenge (§6 #9/#10),
//     `Supported: path` required (else 421, §6 #5);
//   - no Authorization → 401 `WWW-Authenticate: Digest realm="<wwsf>", nonce, opaque, algorithm=MD5, qop="auth"`;
//   - Authorization → RFC 2617 check (MD5, qop=auth); wrong response → 403 (§6 #16); 200 OK echoes the Contact(s)
//     with `expires`, plus P-Associated-URI, Service-Route, Authentication-Info (rspauth, D8), Require: outbound
//     when reg-id/+sip.instance are present (RFC 5626 §6);
//   - Expires 0 on a flow already bound to that IMPU → 200 without challenge (D12), otherwise challenged;
//   - RFC 5626 §4.4.1 CRLF keep-alive: "\r\n\r\n" → "\r\n".
//
// Users: JSON array of {impu, webIdentity, wwsf, password, origin?} (origin defaults to https://<wwsf>).
// CLI:   node fake-registrar.mjs --users users.json [--port 0] [--host 127.0.0.1] [--tls-cert c.pem --tls-key k.pem]
//        [--trace]     prints {"event":"listening","port":N} on stdout; --trace prints every SIP message on stderr.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { splitTopLevel } from '../lib/common.mjs';

const md5 = (s) => createHash('md5').update(s).digest('hex');

/** Parses one SIP message (text). Header names lower-cased, compact forms expanded; values per field line. */
export function parseSip(text) {
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const lines = head.split('\r\n');
  const start = lines.shift();
  const compact = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', k: 'supported' };
  const headers = {};
  for (const line of lines) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    let name = line.slice(0, c).trim().toLowerCase();
    name = compact[name] || name;
    (headers[name] ||= []).push(line.slice(c + 1).trim());
  }
  const m = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  return { start, method: m?.[1], ruri: m?.[2], headers, body: end >= 0 ? text.slice(end + 4) : '' };
}

/** Digest auth-params (RFC 2617 §3.2.2) → object. */
export function parseDigest(value) {
  const params = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]+)/g;
  for (let m; (m = re.exec(value.replace(/^Digest\s+/i, '')));) params[m[1].toLowerCase()] = m[3] ?? m[2];
  return params;
}

export async function startFakeRegistrar({ users, port = 0, host = '127.0.0.1', tls, trace = false, log = () => {} }) {
  const byWebId = new Map(); // `${wwsf}\n${webIdentity}` → user
  const wwsfByOrigin = new Map();
  for (const u of users) {
    byWebId.set(`${u.wwsf}\n${u.webIdentity}`, u);
    wwsfByOrigin.set(u.origin || `https://${u.wwsf}`, u.wwsf);
  }
  const nonces = new Map(); // nonce → {callId, opaque, used}
  const stats = { staleReplays: 0, handshakes: 0, refused: 0, registers: 0, challenges: 0, ok: 0, forbidden: 0 };

  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }) : http.createServer();
  server.on('request', (req, res) => { res.writeHead(404).end(); });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 65536, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status, why) => {
      stats.refused++;
      log(`handshake refused ${status}: ${why}`);
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const protocols = (req.headers['sec-websocket-protocol'] || '').split(',').map((s) => s.trim());
    if (new URL(req.url, 'http://x').pathname !== '/sip') return refuse(404, 'path');
    if (!protocols.includes('sip')) return refuse(400, 'no sip subprotocol');          // RFC 7118 §4.1
    const wwsf = wwsfByOrigin.get(req.headers.origin);
    if (!wwsf) return refuse(403, `origin ${req.headers.origin}`);                       // profile D3
    wss.handleUpgrade(req, socket, head, (ws) => {
      stats.handshakes++;
      onConnection(ws, wwsf);
    });
  });

  function onConnection(ws, wwsf) {
    const bound = new Set(); // IMPUs registered over this flow ("tls-yes" state, profile D2)
    ws.on('message', (data, isBinary) => {
      const text = data.toString('utf8');
      if (text === '\r\n\r\n') return ws.send('\r\n');                                 // RFC 5626 §4.4.1 pong
      if (trace) process.stderr.write(`--- fake <<< (${isBinary ? 'binary' : 'text'})\n${text}\n`);
      const msg = parseSip(text);
      if (!msg.method) return; // responses / garbage: ignored
      const reply = (status, reason, extra = []) => {
        const h = msg.headers;
        const toTag = (h.to?.[0] || '').includes(';tag=') ? '' : `;tag=${randomBytes(4).toString('hex')}`;
        const lines = [`SIP/2.0 ${status} ${reason}`,
          ...(h.via || []).map((v) => `Via: ${v}`),
          `To: ${h.to?.[0]}${toTag}`, `From: ${h.from?.[0]}`, `Call-ID: ${h['call-id']?.[0]}`, `CSeq: ${h.cseq?.[0]}`,
          ...extra, 'Content-Length: 0', '', ''];
        const out = lines.join('\r\n');
        if (trace) process.stderr.write(`--- fake >>>\n${out}`);
        ws.send(out);
      };
      if (msg.method !== 'REGISTER') return reply(501, 'Not Implemented');
      stats.registers++;
      handleRegister(msg, wwsf, bound, reply);
    });
    ws.on('error', () => {});
  }

  function handleRegister(msg, wwsf, bound, reply) {
    const h = msg.headers;
    const forbid = (why) => { stats.forbidden++; log(`403: ${why}`); reply(403, 'Forbidden'); };
    const idHeader = h['webrtc-web-identity']?.[0];
    if (!idHeader) return reply(400, 'Missing WebRTC-Web-Identity');                      // D1
    const idm = /^"([^"]*)"\s*;\s*wwsf\s*=\s*"([^"]*)"/.exec(idHeader);
    if (!idm) return reply(400, 'Bad WebRTC-Web-Identity');
    const [, webIdentity, claimedWwsf] = idm;
    if (claimedWwsf !== wwsf) return forbid(`wwsf claim ${claimedWwsf} != origin's ${wwsf}`); // D3
    const user = byWebId.get(`${wwsf}\n${webIdentity}`);
    const toUri = /<([^>]+)>/.exec(h.to?.[0] || '')?.[1] ?? (h.to?.[0] || '').split(';')[0];
    if (!user) return forbid(`unknown web identity ${webIdentity}`);                      // §6 #9, before challenge
    if (user.impu !== toUri) return forbid(`${webIdentity} not mapped to ${toUri}`);      // §6 #10
    if (!/\bpath\b/i.test((h.supported || []).join(','))) return reply(421, 'Extension Required', ['Require: path']);

    const contacts = (h.contact || []).flatMap(splitTopLevel);
    const headerExpires = h.expires ? Number(h.expires[0]) : 600;
    const expiresOf = (c) => { const m = /;\s*expires=(\d+)/i.exec(c); return m ? Number(m[1]) : headerExpires; };
    const isDereg = contacts.length > 0 && contacts.every((c) => c === '*' || expiresOf(c) === 0);
    const ok = (granted) => {
      stats.ok++;
      const echoed = contacts.filter((c) => c !== '*')
        .map((c) => `Contact: ${c.replace(/;\s*expires=\d+/i, '')};expires=${granted ?? expiresOf(c)}`);
      const outbound = contacts.some((c) => /reg-id=/.test(c) && /\+sip\.instance=/.test(c));
      return [...echoed, ...(outbound ? ['Require: outbound'] : []), 'Supported: path,outbound'];
    };

    if (isDereg && bound.has(user.impu)) {                                                  // D12: no challenge
      bound.delete(user.impu);
      return reply(200, 'OK', ok(0));
    }
    const auth = h.authorization?.[0];
    const challenge = (stale) => {                                                          // §3 step 5
      stats.challenges++;
      const nonce = randomBytes(16).toString('base64url');
      const opaque = randomBytes(9).toString('base64url');
      nonces.set(nonce, { callId: h['call-id']?.[0], opaque, used: false });
      setTimeout(() => nonces.delete(nonce), 240_000).unref();                              // reg-await-auth
      return reply(401, 'Unauthorized', [`WWW-Authenticate: Digest realm="${wwsf}", nonce="${nonce}", opaque="${opaque}", `
        + `algorithm=MD5, qop="auth"${stale ? ', stale=TRUE' : ''}`]);
    };
    if (!auth) return challenge(false);
    const d = parseDigest(auth);
    const ctx = nonces.get(d.nonce);
    if (!ctx || ctx.callId !== h['call-id']?.[0] || ctx.opaque !== d.opaque) return challenge(false); // §6 #19
    if (d.username !== webIdentity || d.realm !== wwsf) return forbid('username/realm mismatch'); // D2(b)
    if ((d.algorithm && d.algorithm.toUpperCase() !== 'MD5') || d.qop !== 'auth' || !d.cnonce || !d.nc) {
      return reply(400, 'Bad Credentials');                                                 // D8
    }
    // RFC 2617 §3.2.2.1: response = MD5(HA1:nonce:nc:cnonce:qop:MD5(method:uri))
    const ha1 = md5(`${d.username}:${d.realm}:${user.password}`);
    const expected = md5(`${ha1}:${d.nonce}:${d.nc}:${d.cnonce}:${d.qop}:${md5(`REGISTER:${d.uri}`)}`);
    if (expected !== d.response) return forbid(`wrong digest response for ${webIdentity}`); // §6 #16
    if (ctx.used) { stats.staleReplays++; return challenge(true); }                         // D7 single use: §6 #18
    ctx.used = true;
    const rspauth = md5(`${ha1}:${d.nonce}:${d.nc}:${d.cnonce}:${d.qop}:${md5(`:${d.uri}`)}`);
    if (isDereg) bound.delete(user.impu); else bound.add(user.impu);
    return reply(200, 'OK', [...ok(isDereg ? 0 : undefined),
      `P-Associated-URI: <${user.impu}>, <tel:+1555${String(Math.abs(hashCode(user.impu)) % 10_000_000).padStart(7, '0')}>`,
      'Service-Route: <sip:orig@scscf1.ims.example.net:5060;transport=tcp;lr>',
      `Authentication-Info: qop=auth, rspauth="${rspauth}", cnonce="${d.cnonce}", nc=${d.nc}`]);
  }

  await new Promise((resolve) => server.listen(port, host, resolve));
  return {
    port: server.address().port,
    stats,
    close: () => new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}

function hashCode(s) { let h = 0; for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0; return h; }

// ---- CLI ----
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
  const users = JSON.parse(readFileSync(arg('users'), 'utf8'));
  const cert = arg('tls-cert');
  const fake = await startFakeRegistrar({
    users, port: Number(arg('port', 0)), host: arg('host', '127.0.0.1'), trace: process.argv.includes('--trace'),
    tls: cert ? { cert: readFileSync(cert), key: readFileSync(arg('tls-key')) } : undefined,
    log: (s) => process.stderr.write(`fake: ${s}\n`),
  });
  console.log(JSON.stringify({ event: 'listening', port: fake.port }));
  process.on('SIGINT', async () => { console.error(JSON.stringify({ event: 'stats', ...fake.stats })); await fake.close(); process.exit(0); });
  process.on('SIGTERM', async () => { await fake.close(); process.exit(0); });
}
