#!/usr/bin/env node
// Hand-built SIP over WebSocket between registered WICs through the whole core (lib/raw-sip.mjs: requests written
// by hand, MD5 digest computed here); prints JSON lines. Contract: README.md ("raw-sip.mjs").
// Usage: node raw-sip.mjs '<json>'
//   {"scenario":"dialog"|"deadFlow"|"regEvent", "url":"ws://…/sip", "origin":"https://…", "domain":"ims.example.net",
//    "users":[{impu, webIdentity, wwsf, password}, …], "target":"sip:…" (dialog/deadFlow: whom users[0] calls),
//    "timeoutMs":15000, "waitMs":30000 (regEvent: how long to wait for the terminating NOTIFY)}
import { emit, die, readScenario } from './lib/common.mjs';
import { RawUa, SipMessage, token } from './lib/raw-sip.mjs';

const s = readScenario();
if (!s.url || !Array.isArray(s.users) || s.users.length === 0) die('scenario needs "url" and "users"');
const timeoutMs = s.timeoutMs ?? 15_000;
const started = Date.now();
const ms = () => Date.now() - started;
const watchdog = setTimeout(() => { emit({ event: 'error', message: 'harness timeout' }); process.exit(3); },
  timeoutMs * 12 + (s.waitMs ?? 30_000));

const uas = s.users.map((user) => new RawUa({ url: s.url, origin: s.origin, user, domain: s.domain ?? 'ims.example.net', timeoutMs }));
const d = (m) => (m ? m.describe() : null);

async function registerAll() {
  let ok = true;
  for (const [i, ua] of uas.entries()) {
    try {
      await ua.connect();
      const { challenge, response } = await ua.register();
      emit({ step: 'register', user: i, challenge: challenge?.status ?? null, status: response?.status ?? null, contact: ua.contactUri, ms: ms() });
      ok &&= response?.status === 200;
    } catch (e) {
      emit({ step: 'register', user: i, error: String(e.message ?? e), ms: ms() });
      ok = false;
    }
  }
  return ok;
}

const SDP_OFFER = ['v=0', `o=- ${Date.now()} 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 49170 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');
const SDP_ANSWER = ['v=0', `o=- ${Date.now() + 1} 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 49172 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');

/** INVITE (offer) → 180 → 200 (answer) → ACK → BYE → 200 between users[0] and users[1], RFC 3261 route sets. */
async function dialog() {
  const [a, b] = uas;
  const callId = token(16);
  const fromTag = token(10);
  const from = `<${a.user.impu}>;tag=${fromTag}`;
  const invite = a.request('INVITE', s.target, {
    to: `<${s.target}>`, from, callId, cseq: 1, body: SDP_OFFER, contentType: 'application/sdp',
    headers: [`Contact: <${a.contactUri};ob>`, 'Allow: INVITE,ACK,CANCEL,BYE,MESSAGE,OPTIONS', 'Supported: outbound'],
  });
  a.send(invite.text);
  const atB = await b.next((m) => m.method === 'INVITE');
  emit({ step: 'inviteAtCallee', offer: SDP_OFFER, received: d(atB), ms: ms() });
  const provisional = [];
  let toTag = null;
  if (atB) {
    toTag = token(10);
    b.respond(atB, 180, 'Ringing', { toTag, headers: [`Contact: <${b.contactUri};ob>`] });
    b.respond(atB, 200, 'OK', { toTag, headers: [`Contact: <${b.contactUri};ob>`], body: SDP_ANSWER, contentType: 'application/sdp' });
  }
  const final = await a.finalResponse(invite.branch, provisional);
  emit({ step: 'inviteAtCaller', answer: SDP_ANSWER, provisional: provisional.map((p) => p.status), final: d(final), ms: ms() });
  if (final?.status !== 200) { // give up: CANCEL is not this scenario's subject
    return;
  }
  // UAC route set: the 2xx's Record-Route reversed; remote target: its Contact (RFC 3261 §12.1.2)
  const routeSet = final.all('record-route').reverse();
  const remoteTarget = SipMessage.uriOf(final.get('contact'));
  const to = final.get('to');
  const routes = routeSet.length ? [`Route: ${routeSet.join(', ')}`] : [];
  const ack = a.request('ACK', remoteTarget, { to, from, callId, cseq: 1, headers: routes });
  a.send(ack.text);
  const ackAtB = await b.next((m) => m.method === 'ACK');
  emit({ step: 'ackAtCallee', routeSet, remoteTarget, received: d(ackAtB), ms: ms() });
  const bye = a.request('BYE', remoteTarget, { to, from, callId, cseq: 2, headers: routes });
  a.send(bye.text);
  const byeAtB = await b.next((m) => m.method === 'BYE');
  if (byeAtB) b.respond(byeAtB, 200, 'OK');
  const byeFinal = await a.finalResponse(bye.branch);
  emit({ step: 'bye', received: d(byeAtB), final: d(byeFinal), ms: ms() });
}

/** users[1] registers, its socket dies without un-REGISTER; users[0] sends MESSAGE twice, then INVITE. */
async function deadFlow() {
  const [a, b] = uas;
  b.destroy();
  await new Promise((r) => setTimeout(r, s.afterDestroyMs ?? 500));
  emit({ step: 'calleeSocketDestroyed', ms: ms() });
  for (const [n, method] of ['MESSAGE', 'MESSAGE', 'INVITE'].entries()) {
    const isInvite = method === 'INVITE';
    const req = a.request(method, s.target, {
      to: `<${s.target}>`, from: `<${a.user.impu}>;tag=${token(10)}`, callId: token(16), cseq: 1,
      body: isInvite ? SDP_OFFER : `ping ${n}`, contentType: isInvite ? 'application/sdp' : 'text/plain',
      headers: isInvite ? [`Contact: <${a.contactUri};ob>`] : [],
    });
    a.send(req.text);
    const provisional = [];
    const final = await a.finalResponse(req.branch, provisional);
    emit({ step: `request${n + 1}`, method, provisional: provisional.map((p) => p.status), final: d(final), ms: ms() });
    if (isInvite && final && final.status >= 300) { // ACK for a non-2xx final response (same branch, hop-by-hop)
      const ack = [`ACK ${s.target} SIP/2.0`, `Via: ${final.raw('via')[0]}`, 'Max-Forwards: 70', `To: ${final.get('to')}`,
        `From: ${final.get('from')}`, `Call-ID: ${final.get('call-id')}`, 'CSeq: 1 ACK', 'Content-Length: 0', '', ''].join('\r\n');
      a.send(ack);
    }
  }
}

/** users[0] SUBSCRIBEs to reg for its own IMPU; reports every NOTIFY until Subscription-State: terminated. */
async function regEvent() {
  const [a] = uas;
  const callId = token(16);
  const from = `<${a.user.impu}>;tag=${token(10)}`;
  const sub = a.request('SUBSCRIBE', a.user.impu, {
    to: `<${a.user.impu}>`, from, callId, cseq: 1,
    headers: [`Contact: <${a.contactUri};ob>`, 'Event: reg', 'Accept: application/reginfo+xml', 'Expires: 600000'],
  });
  a.send(sub.text);
  const final = await a.finalResponse(sub.branch);
  emit({ step: 'subscribe', final: d(final), ms: ms() });
  if (!final || final.status >= 300) return;
  const deadline = Date.now() + (s.waitMs ?? 30_000);
  for (let n = 1; ; n++) {
    const notify = await a.next((m) => m.method === 'NOTIFY' && m.get('call-id') === callId, Math.max(1, deadline - Date.now()));
    if (!notify) { emit({ step: 'notify', n, event: 'timeout', ms: ms() }); return; }
    a.respond(notify, 200, 'OK');
    const subscriptionState = notify.get('subscription-state') ?? '';
    emit({ step: 'notify', n, subscriptionState, received: d(notify), ms: ms() });
    if (/^terminated/i.test(subscriptionState)) return;
  }
}

try {
  if (await registerAll()) {
    if (s.scenario === 'dialog') await dialog();
    else if (s.scenario === 'deadFlow') await deadFlow();
    else if (s.scenario === 'regEvent') await regEvent();
    else die(`unknown scenario ${s.scenario}`);
  }
} catch (e) {
  emit({ event: 'error', message: String(e.stack ?? e) });
}
for (const ua of uas) ua.close();
clearTimeout(watchdog);
emit({ event: 'done', ms: ms() });
setTimeout(() => process.exit(0), 100);
