#!/usr/bin/env node
// MESSAGE (RFC 3428) both ways between a real JsSIP 3.13.8 UA (users[0]) and a real SIP.js 0.21.2 UA (users[1]),
// both registered with web credentials through the whole core; prints JSON lines. Contract: README.md.
// Usage: node message-pair.mjs '{"url":"ws://…/sip","origin":"https://…","users":[{…jssip},{…sipjs}],"timeoutMs":15000}'
import JsSIP from 'jssip';
import { randomUUID } from 'node:crypto';
import { UserAgent, Registerer, Messager } from 'sip.js';
import { emit, die, readScenario, identityHeaders, webSocketClass, headerPairs, headersObject, withTimeout }
  from './lib/common.mjs';

JsSIP.debug.disable('JsSIP:*');
const s = readScenario();
if (!s.url || !Array.isArray(s.users) || s.users.length !== 2) die('scenario needs "url" and two "users"');
const timeoutMs = s.timeoutMs ?? 15_000;
const [jsUser, sjUser] = s.users;
const watchdog = setTimeout(() => { emit({ event: 'error', message: 'harness timeout' }); process.exit(3); }, timeoutMs * 8);
globalThis.WebSocket = webSocketClass({ origin: s.origin, rejectUnauthorized: s.rejectUnauthorized ?? false });

const describe = (text) => ({ firstLine: text.split('\r\n')[0], headers: headersObject(headerPairs(text)),
  body: text.includes('\r\n\r\n') ? text.slice(text.indexOf('\r\n\r\n') + 4) : '' });

// --- JsSIP
const jsInbox = [];
let jsWaiter = null;
const jssip = new JsSIP.UA({
  sockets: [new JsSIP.WebSocketInterface(s.url)], uri: jsUser.impu, authorization_user: jsUser.webIdentity,
  password: jsUser.password, register: false, instance_id: randomUUID(),
});
jssip.registrator().setExtraHeaders(identityHeaders(s, jsUser));
jssip.on('newMessage', (e) => {
  if (e.originator !== 'remote') return;
  jsInbox.push(e.request.data ?? e.request.toString());
  jsWaiter?.();
});
const jsRegistered = new Promise((resolve) => {
  jssip.on('registered', (e) => resolve(e.response.status_code));
  jssip.on('registrationFailed', (e) => resolve(e.response?.status_code ?? e.cause));
});
jssip.once('connected', () => jssip.register());
jssip.start();

// --- SIP.js
const sjInbox = [];
let sjWaiter = null;
const sipjs = new UserAgent({
  uri: UserAgent.makeURI(sjUser.impu), authorizationUsername: sjUser.webIdentity, authorizationPassword: sjUser.password,
  transportOptions: { server: s.url }, instanceId: randomUUID(), logBuiltinEnabled: false, logLevel: 'error',
  delegate: { onMessage: (message) => { message.accept(); sjInbox.push(message.request.data); sjWaiter?.(); } },
});
const registerer = new Registerer(sipjs, { expires: 600, extraHeaders: identityHeaders(s, sjUser), regId: 1 });
await sipjs.start();
const sjRegistered = new Promise((resolve) => {
  registerer.register({ requestDelegate: { onAccept: (r) => resolve(r.message.statusCode), onReject: (r) => resolve(r.message.statusCode) } })
    .catch((e) => resolve(String(e.message ?? e)));
});

const regs = [await withTimeout(jsRegistered, timeoutMs, () => 'timeout'), await withTimeout(sjRegistered, timeoutMs, () => 'timeout')];
emit({ step: 'register', jssip: regs[0], sipjs: regs[1] });

if (regs[0] === 200 && regs[1] === 200) {
  // JsSIP → SIP.js
  const text1 = `from JsSIP ${randomUUID().slice(0, 8)}`;
  const got1 = new Promise((resolve) => { sjWaiter = resolve; if (sjInbox.length) resolve(); });
  const sent1 = new Promise((resolve) => jssip.sendMessage(sjUser.impu, text1, { eventHandlers: {
    succeeded: (e) => resolve(e.response.status_code), failed: (e) => resolve(e.response?.status_code ?? e.cause) } }));
  const status1 = await withTimeout(sent1, timeoutMs, () => 'timeout');
  await withTimeout(got1, timeoutMs, () => null);
  emit({ step: 'jssipToSipjs', text: text1, status: status1, received: sjInbox.map(describe) });

  // SIP.js → JsSIP
  const text2 = `from SIP.js ${randomUUID().slice(0, 8)}`;
  const got2 = new Promise((resolve) => { jsWaiter = resolve; if (jsInbox.length) resolve(); });
  const sent2 = new Promise((resolve) => {
    new Messager(sipjs, UserAgent.makeURI(jsUser.impu), text2).message({ requestDelegate: {
      onAccept: (r) => resolve(r.message.statusCode), onReject: (r) => resolve(r.message.statusCode) } })
      .catch((e) => resolve(String(e.message ?? e)));
  });
  const status2 = await withTimeout(sent2, timeoutMs, () => 'timeout');
  await withTimeout(got2, timeoutMs, () => null);
  emit({ step: 'sipjsToJssip', text: text2, status: status2, received: jsInbox.map(describe) });
}

// un-REGISTER both, then stop
const jsUnreg = new Promise((resolve) => { jssip.once('unregistered', resolve); });
if (jssip.isRegistered()) { jssip.unregister(); await withTimeout(jsUnreg, timeoutMs, () => null); }
jssip.stop();
await withTimeout(new Promise((resolve) => registerer.unregister({ requestOptions: { extraHeaders: identityHeaders(s, sjUser) },
  requestDelegate: { onAccept: resolve, onReject: resolve } }).catch(resolve)), timeoutMs, () => null);
await withTimeout(sipjs.stop(), 5_000, () => null);
clearTimeout(watchdog);
emit({ event: 'done' });
setTimeout(() => process.exit(0), 100);
