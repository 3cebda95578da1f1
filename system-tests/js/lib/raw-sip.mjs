// A minimal SIP-over-WebSocket user agent written for the tests (no SIP stack): it builds every request by hand,
// answers the digest challenge itself (MD5, qop=auth, profile §4.2), and lets a script wait for messages and answer
// them. Wire rules: RFC 3261 (dialogs, route sets), RFC 7118 (one SIP message per text frame, transport=ws).
import WebSocket from 'ws';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { splitTopLevel } from './common.mjs';

const md5 = (s) => createHash('md5').update(s).digest('hex');
export const token = (n = 10) => randomBytes(n).toString('hex').slice(0, n);

/** A parsed SIP message: first line, ordered header list, body; header lookups are case-insensitive. */
export class SipMessage {
  constructor(text) {
    this.text = text;
    const end = text.indexOf('\r\n\r\n');
    const head = end >= 0 ? text.slice(0, end) : text;
    this.body = end >= 0 ? text.slice(end + 4) : '';
    const lines = head.split('\r\n');
    this.firstLine = lines[0];
    const m = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(this.firstLine);
    this.status = m ? Number(m[1]) : null;
    this.reason = m ? m[2] : null;
    const r = m ? null : /^(\S+) (\S+) SIP\/2\.0$/.exec(this.firstLine);
    this.method = r ? r[1] : null;
    this.ruri = r ? r[2] : null;
    const compact = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type', k: 'supported', o: 'event' };
    this.headers = [];
    for (const line of lines.slice(1)) {
      if (/^[ \t]/.test(line) && this.headers.length) { this.headers.at(-1)[1] += ` ${line.trim()}`; continue; }
      const c = line.indexOf(':');
      if (c <= 0) continue;
      const n = line.slice(0, c).trim().toLowerCase();
      this.headers.push([compact[n] ?? n, line.slice(c + 1).trim()]);
    }
  }

  /** Every value of a header, comma lists split (Via, Route, Record-Route, P-Associated-URI …). */
  all(name) {
    const n = name.toLowerCase();
    const single = ['from', 'to', 'call-id', 'cseq', 'www-authenticate', 'authorization', 'content-type', 'subscription-state'];
    return this.headers.filter(([h]) => h === n).flatMap(([, v]) => (single.includes(n) ? [v] : splitTopLevel(v)));
  }

  get(name) { return this.all(name)[0]; }

  /** Raw header lines of one name, unsplit (to copy Via/Record-Route as they came). */
  raw(name) { return this.headers.filter(([h]) => h === name.toLowerCase()).map(([, v]) => v); }

  get cseq() { const [n, method] = (this.get('cseq') ?? '').split(/\s+/); return { n: Number(n), method }; }

  tag(header) { return /;\s*tag=([^;>\s]+)/.exec(this.get(header) ?? '')?.[1] ?? null; }

  /** The URI inside <…> of a name-addr (or the bare URI). */
  static uriOf(value) { const m = /<([^>]+)>/.exec(value ?? ''); return m ? m[1] : (value ?? '').split(';')[0].trim(); }

  /** JSON form for the Java side: first line, headers (lower-case name → values), body. */
  describe() {
    const headers = {};
    for (const [n] of this.headers) headers[n] ??= this.all(n);
    return { firstLine: this.firstLine, status: this.status ?? undefined, method: this.method ?? undefined, ruri: this.ruri ?? undefined, headers, body: this.body };
  }
}

/**
 * One user on one WebSocket. `next(predicate)` waits for the next matching incoming message (messages that arrived
 * earlier and were not taken yet count too); unanswered incoming requests are never answered automatically.
 */
export class RawUa {
  constructor({ url, origin, user, domain = 'ims.example.net', timeoutMs = 15_000, log = () => {} }) {
    Object.assign(this, { url, origin, user, domain, timeoutMs, log });
    this.viaHost = `${token(12)}.invalid`;
    this.contactUser = token(8);
    this.contactUri = `sip:${this.contactUser}@${this.viaHost};transport=ws`;
    this.instance = `<urn:uuid:${randomUUID()}>`;
    this.callId = `${token(16)}`;
    this.cseq = 0;
    this.fromTag = token(10);
    this.inbox = [];
    this.waiters = [];
    this.closed = false;
  }

  connect() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(this.url, ['sip'], { origin: this.origin, handshakeTimeout: this.timeoutMs });
      this.ws.on('open', resolve);
      this.ws.on('unexpected-response', (req, res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
      this.ws.on('error', (e) => reject(e));
      this.ws.on('close', () => { this.closed = true; this._deliver(null); });
      this.ws.on('message', (data, binary) => {
        const text = data.toString('utf8');
        if (binary || /^\s*$/.test(text)) return;
        const msg = new SipMessage(text);
        this.log('in', msg);
        this._deliver(msg);
      });
    });
  }

  _deliver(msg) {
    if (msg) this.inbox.push(msg);
    for (const w of [...this.waiters]) {
      const i = this.inbox.findIndex(w.predicate);
      if (i >= 0) { const [m] = this.inbox.splice(i, 1); this.waiters.splice(this.waiters.indexOf(w), 1); clearTimeout(w.timer); w.resolve(m); } else if (this.closed) { this.waiters.splice(this.waiters.indexOf(w), 1); clearTimeout(w.timer); w.resolve(null); }
    }
  }

  /** The next incoming message matching `predicate`, or null on timeout / socket closed. */
  next(predicate, timeoutMs = this.timeoutMs) {
    const i = this.inbox.findIndex(predicate);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0]);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const w = { predicate, resolve };
      w.timer = setTimeout(() => { this.waiters.splice(this.waiters.indexOf(w), 1); resolve(null); }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** Final response (≥ 200) to the request with this branch; provisional ones are collected in `provisional`. */
  async finalResponse(branch, provisional = [], timeoutMs = this.timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.next((m) => m.status !== null && (m.get('via') ?? '').includes(branch), Math.max(1, deadline - Date.now()));
      if (!r) return null;
      if (r.status >= 200) return r;
      provisional.push(r);
    }
  }

  send(text) {
    this.log('out', new SipMessage(text));
    this.ws.send(text);
  }

  via(branch) { return `SIP/2.0/WS ${this.viaHost};branch=${branch}`; }

  /** Builds a request; `headers` is a list of "Name: value" lines. Returns {text, branch}. */
  request(method, ruri, { to, from, callId, cseq, headers = [], body = '', contentType } = {}) {
    const branch = `z9hG4bK${token(16)}`;
    const lines = [`${method} ${ruri} SIP/2.0`, `Via: ${this.via(branch)}`, 'Max-Forwards: 70', `To: ${to}`, `From: ${from}`,
      `Call-ID: ${callId}`, `CSeq: ${cseq} ${method}`, ...headers];
    if (body) lines.push(`Content-Type: ${contentType}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', body);
    return { text: lines.join('\r\n'), branch };
  }

  /** A response to `req` (Via, From, To(+tag), Call-ID, CSeq copied, Record-Route copied for dialog-creating 1xx/2xx). */
  respond(req, status, reason, { toTag, headers = [], body = '', contentType } = {}) {
    const to = req.get('to');
    const lines = [`SIP/2.0 ${status} ${reason}`, ...req.raw('via').map((v) => `Via: ${v}`), `From: ${req.get('from')}`,
      `To: ${toTag && !/;\s*tag=/.test(to) ? `${to};tag=${toTag}` : to}`, `Call-ID: ${req.get('call-id')}`, `CSeq: ${req.get('cseq')}`];
    if (['INVITE', 'SUBSCRIBE'].includes(req.method) && status > 100 && status < 300) lines.push(...req.raw('record-route').map((v) => `Record-Route: ${v}`));
    lines.push(...headers);
    if (body) lines.push(`Content-Type: ${contentType}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', body);
    this.send(lines.join('\r\n'));
  }

  identityHeader() { return `WebRTC-Web-Identity: "${this.user.webIdentity}";wwsf="${this.user.wwsf}"`; }

  /** REGISTER → 401 → REGISTER with MD5 digest → final response. Returns {challenge, response}. */
  async register(expires = 600) {
    const registrar = `sip:${this.domain}`;
    const base = () => ({
      to: `<${this.user.impu}>`, from: `<${this.user.impu}>;tag=${this.fromTag}`, callId: this.callId, cseq: ++this.cseq,
    });
    const contact = `Contact: <${this.contactUri}>;+sip.ice;reg-id=1;+sip.instance="${this.instance}";expires=${expires}`;
    const common = [contact, `Expires: ${expires}`, 'Supported: path,gruu,outbound', this.identityHeader()];
    const first = this.request('REGISTER', registrar, { ...base(), headers: common });
    this.send(first.text);
    const challenge = await this.finalResponse(first.branch);
    if (!challenge || challenge.status !== 401) return { challenge, response: challenge };
    const auth = this.authorization(challenge.get('www-authenticate'), 'REGISTER', registrar);
    const second = this.request('REGISTER', registrar, { ...base(), headers: [...common, `Authorization: ${auth}`] });
    this.send(second.text);
    const response = await this.finalResponse(second.branch);
    if (response?.status === 200) this.serviceRoute = response.all('service-route');
    return { challenge, response };
  }

  /** RFC 2617 / 7616 Authorization for a challenge (MD5, qop=auth when offered). */
  authorization(challenge, method, uri) {
    const param = (n) => new RegExp(`${n}="?([^",]*)"?`, 'i').exec(challenge)?.[1];
    const realm = param('realm'); const nonce = param('nonce'); const opaque = param('opaque');
    const qops = (param('qop') ?? '').split(',').map((q) => q.trim());
    const ha1 = md5(`${this.user.webIdentity}:${realm}:${this.user.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const cnonce = token(16); const nc = '00000001';
    const withQop = qops.includes('auth');
    const response = withQop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    return `Digest username="${this.user.webIdentity}", realm="${realm}", nonce="${nonce}", uri="${uri}", `
      + `response="${response}", algorithm=MD5${withQop ? `, cnonce="${cnonce}", nc=${nc}, qop=auth` : ''}${opaque ? `, opaque="${opaque}"` : ''}`;
  }

  close() { try { this.ws?.close(1000); } catch { /* closed */ } }

  /** Drops the connection without a close handshake (a crashed tab / lost network, profile §7.6). */
  destroy() { this.ws?.terminate(); }
}
