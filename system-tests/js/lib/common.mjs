// Shared helpers of the client scripts: JSON-lines output, scenario parsing, and the `ws`-based WebSocket class
// that JsSIP and SIP.js find as `globalThis.WebSocket` (both call `new WebSocket(url, 'sip')`, browser-style).
import WebSocket from 'ws';

/** One JSON object per stdout line (the Java side reads these). stdout is synchronous for pipes/files on Linux. */
export function emit(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** Harness error: one `{"event":"error"}` line, exit code 2. */
export function die(message) {
  emit({ event: 'error', message });
  process.exit(2);
}

export function readScenario() {
  const raw = process.argv[2];
  if (!raw) die(`usage: node ${process.argv[1].split('/').pop()} '<json scenario>'`);
  try {
    return JSON.parse(raw);
  } catch (e) {
    return die(`scenario is not valid JSON: ${e.message}`);
  }
}

/** D1: WebRTC-Web-Identity: "<webid>";wwsf="<wwsf>" (or the scenario's override / nothing). */
export function identityHeaders(scenario, user) {
  if (scenario.omitIdentityHeader || user.omitIdentityHeader) return [];
  const custom = user.identityHeader ?? scenario.identityHeader;
  if (custom !== undefined) return [`WebRTC-Web-Identity: ${custom}`];
  return [`WebRTC-Web-Identity: "${user.webIdentity}";wwsf="${user.wwsf}"`];
}

/**
 * A `ws` WebSocket subclass that behaves like the browser's constructor `new WebSocket(url, protocols)` but adds
 * what a browser adds by itself: the `Origin` header (RFC 6455 §4.1; the eP-CSCF maps it to the WWSF, profile D3).
 * `rejectUnauthorized:false` lets wss:// reach a self-signed test certificate.
 * A refused handshake (HTTP 4xx/5xx instead of 101) is reported through `hooks.onHandshakeRefused(status)`; the
 * socket is then torn down as a browser would (error + close 1006), so the SIP stack sees a failed connection.
 * `hooks.onText(text)` sees every received text message (used by jssip-client to observe refresh responses).
 */
export function webSocketClass({ origin, rejectUnauthorized = false, hooks = {} }) {
  return class NodeBrowserLikeWebSocket extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, { origin, rejectUnauthorized, handshakeTimeout: 10_000 });
      this.on('unexpected-response', (req, res) => {
        res.resume();
        hooks.onHandshakeRefused?.(res.statusCode, res.statusMessage);
        this.terminate(); // CONNECTING → abort: emits 'error' then 'close' (code 1006), like a browser
      });
      this.on('error', (err) => hooks.onError?.(err));
      this.on('open', () => hooks.onOpen?.(this));
      this.on('message', (data, isBinary) => { if (!isBinary) hooks.onText?.(data.toString('utf8')); });
    }
  };
}

/** Splits a header value at commas outside <...> and "..." (P-Associated-URI, Service-Route may list several). */
export function splitTopLevel(value) {
  const out = [];
  let cur = '', inQ = false, inA = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') inQ = !inQ;
    else if (!inQ && ch === '<') inA = true;
    else if (!inQ && ch === '>') inA = false;
    if (ch === ',' && !inQ && !inA) { out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * Output form of a response's headers: lower-case name → array of values, one entry per header value, with
 * comma-separated lists split (so `P-Associated-URI: <a>, <b>` → ["<a>","<b>"]). `pairs` = [[name, rawValue], ...].
 */
export function headersObject(pairs) {
  // single-valued headers whose values may hold commas (RFC 3261 §7.3.1: only list headers may be split)
  const skip = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'www-authenticate', 'authentication-info',
    'date', 'warning', 'user-agent', 'server', 'retry-after']);
  const out = {};
  for (const [name, value] of pairs) {
    const n = name.toLowerCase();
    const list = skip.has(n) ? [value] : splitTopLevel(value);
    (out[n] ||= []).push(...list);
  }
  return out;
}

/** Raw SIP text → [[name, value], ...] of the header section (compact forms expanded). */
export function headerPairs(text) {
  const compact = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', k: 'supported' };
  const end = text.indexOf('\r\n\r\n');
  const lines = (end >= 0 ? text.slice(0, end) : text).split('\r\n').slice(1);
  return lines.filter((l) => l.indexOf(':') > 0).map((l) => {
    const c = l.indexOf(':');
    const n = l.slice(0, c).trim().toLowerCase();
    return [compact[n] || n, l.slice(c + 1).trim()];
  });
}

/** Timeout helper: resolves the promise's value or `onTimeout()` after `ms`. */
export function withTimeout(promise, ms, onTimeout) {
  let t;
  return Promise.race([promise, new Promise((resolve) => { t = setTimeout(() => resolve(onTimeout()), ms); })])
    .finally(() => clearTimeout(t));
}
