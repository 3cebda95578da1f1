// The reference WebRTC IMS Client (WIC): JsSIP in the browser, web credentials (profile D1), a live SIP ladder,
// calls (audio, video when a camera is there), MESSAGE chat, de-registration. Bundled by build.mjs (esbuild, IIFE).
//
// Configuration, later sources win: built-in defaults < ./config.json (served by the local launcher's page server)
// < query parameters (?ws=…&wwsf=…&domain=…&webid=…&impu=…). See README.md.
// Tests drive the page through the DOM and read window.wic (state, the current session's RTCPeerConnection, ladder).
import JsSIP from 'jssip';

JsSIP.debug.disable('JsSIP:*');

const $ = (id) => document.getElementById(id);
const el = {
  regStatus: $('reg-status'), identity: $('identity'), form: $('signin-form'), webid: $('webid'),
  password: $('password'), impu: $('impu'), wwsf: $('wwsf'), wsUrl: $('ws-url'), domain: $('domain'),
  register: $('register'), unregister: $('unregister'), regDetail: $('reg-detail'), target: $('target'),
  call: $('call'), video: $('video'), answer: $('answer'), hangup: $('hangup'), callStatus: $('call-status'),
  remoteVideo: $('remote-video'), localVideo: $('local-video'), remoteAudio: $('remote-audio'),
  chatForm: $('chat-form'), chatText: $('chat-text'), send: $('send'), chatLog: $('chat-log'),
  ladder: $('ladder'), ladderClear: $('ladder-clear'), advanced: $('advanced'),
};
$('jssip-version').textContent = __JSSIP_VERSION__; // eslint-disable-line no-undef

/** What tests (and curious users, in the console) can read. */
const wic = {
  jssipVersion: __JSSIP_VERSION__, // eslint-disable-line no-undef
  config: null,
  ua: null,
  registration: 'unregistered',   // unregistered | registering | registered | failed
  registrationStatus: null,       // last final status of REGISTER (e.g. 200, 403)
  associatedUris: [],
  session: null,                  // the current JsSIP RTCSession
  call: { state: 'idle' },        // idle | calling | ringing | incoming | confirmed | ended | failed (+ status, cause)
  messages: [],                   // {direction: 'in'|'out', peer, text, status}
  ladder: [],                     // {direction: 'out'|'in', time, firstLine, text}
  /** The RTCPeerConnection of the current (or last) call: getStats() proves media flows. */
  peerConnection() { return this.session?.connection ?? null; },
};
window.wic = wic;

// ---------------------------------------------------------------- configuration
async function loadConfig() {
  const secure = location.protocol === 'https:';
  const config = {
    webSocketUrl: `${secure ? 'wss' : 'ws'}://${location.hostname || '127.0.0.1'}:8094/sip`,
    wwsf: 'wwsf.example.com',
    domain: 'ims.example.net',
    webIdentity: '',
    impu: '',
    iceServers: [],
    registerExpires: 600,
  };
  try {
    const r = await fetch('config.json', { cache: 'no-store' });
    if (r.ok) Object.assign(config, await r.json());
  } catch { /* no server config: defaults and query parameters */ }
  const q = new URLSearchParams(location.search);
  const map = { ws: 'webSocketUrl', wwsf: 'wwsf', domain: 'domain', webid: 'webIdentity', impu: 'impu' };
  for (const [param, key] of Object.entries(map)) if (q.get(param)) config[key] = q.get(param);
  return config;
}

/** RFC 5626 +sip.instance, one per tab (profile D16: sessionStorage, reg-id 1). */
function instanceId() {
  let id = sessionStorage.getItem('wic.instanceId');
  if (!id) {
    id = crypto.randomUUID ? crypto.randomUUID()
      : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
    sessionStorage.setItem('wic.instanceId', id);
  }
  return id;
}

// ---------------------------------------------------------------- SIP ladder
/** JsSIP's WebSocket transport, recording every SIP message that goes out or comes in (one per WS message). */
class RecordingSocket extends JsSIP.WebSocketInterface {
  send(message) {
    const sent = super.send(message);
    if (sent) record('out', message);
    return sent;
  }

  _onMessage(event) {
    if (typeof event.data === 'string') record('in', event.data);
    super._onMessage(event);
  }
}

function record(direction, text) {
  if (/^\s*$/.test(text)) return; // CRLF keep-alives
  const firstLine = text.slice(0, text.indexOf('\r\n') >= 0 ? text.indexOf('\r\n') : text.length);
  const cseq = /\r\nCSeq:\s*([^\r\n]+)/i.exec(text)?.[1] ?? '';
  const entry = { direction, time: new Date(), firstLine, cseq, text };
  wic.ladder.push(entry);
  const li = document.createElement('li');
  const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine)?.[1];
  li.className = `${direction}${status && Number(status) >= 400 && status !== '401' && status !== '407' ? ' error' : ''}`;
  const row = document.createElement('div');
  row.className = 'row';
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = entry.time.toISOString().slice(11, 23);
  const arrow = document.createElement('span');
  arrow.className = 'arrow';
  arrow.textContent = status ? `${firstLine.slice(8)} (${cseq})` : firstLine.replace(/ SIP\/2\.0$/, '');
  row.append(time, arrow, document.createElement('span'));
  const pre = document.createElement('pre');
  pre.textContent = text;
  li.append(row, pre);
  li.addEventListener('click', () => li.classList.toggle('open'));
  el.ladder.append(li);
  el.ladder.scrollTop = el.ladder.scrollHeight;
}

el.ladderClear.addEventListener('click', () => { wic.ladder.length = 0; el.ladder.textContent = ''; });

// ---------------------------------------------------------------- registration
function setRegistration(state, detail = '') {
  wic.registration = state;
  el.regStatus.dataset.state = state;
  el.regStatus.textContent = { unregistered: 'not registered', registering: 'registering…', registered: 'registered', failed: 'registration failed' }[state];
  el.regStatus.className = `badge ${{ registered: 'on', registering: 'busy', failed: 'bad' }[state] ?? 'off'}`;
  el.regDetail.textContent = detail;
  const registered = state === 'registered';
  el.register.disabled = state === 'registering' || registered;
  el.unregister.disabled = !registered;
  el.call.disabled = !registered || wic.session !== null;
  el.send.disabled = !registered;
  el.identity.textContent = registered ? el.impu.value : '';
}

function headerValues(response, name) {
  return (response?.getHeaders?.(name) ?? []).flatMap((v) => v.split(/,(?=\s*<)/)).map((v) => v.trim());
}

function register() {
  const config = wic.config;
  config.webSocketUrl = el.wsUrl.value.trim();
  config.wwsf = el.wwsf.value.trim();
  config.domain = el.domain.value.trim() || config.domain;
  const webIdentity = el.webid.value.trim();
  const impu = el.impu.value.trim().startsWith('sip:') ? el.impu.value.trim() : `sip:${el.impu.value.trim()}`;
  el.impu.value = impu;
  stopUa();
  let ua;
  try {
    ua = new JsSIP.UA({
      sockets: [new RecordingSocket(config.webSocketUrl)],
      uri: impu,                           // IMPU → From/To (profile D1)
      authorization_user: webIdentity,     // web identity → digest username (D1)
      password: el.password.value,         // never leaves the browser: only the digest response does
      register: false,
      register_expires: config.registerExpires ?? 600,
      instance_id: instanceId(),
      session_timers: false,
      user_agent: `WebRTC IMS WIC page (JsSIP ${wic.jssipVersion})`,
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30,
    });
  } catch (e) {
    setRegistration('failed', `configuration error: ${e.message ?? e}`);
    return;
  }
  wic.ua = ua;
  // D1: the web identity and the WWSF on every REGISTER (initial, challenged retry, refreshes, un-REGISTER)
  ua.registrator().setExtraHeaders([`WebRTC-Web-Identity: "${webIdentity}";wwsf="${config.wwsf}"`]);
  // REGISTER once the WebSocket is open (JsSIP fails a request sent before that with "Connection Error"); JsSIP
  // re-registers by itself after a reconnection
  ua.once('connected', () => {
    if (ua !== wic.ua) return;
    el.regDetail.textContent = 'connected, sending REGISTER…';
    ua.register();
  });
  ua.on('disconnected', (e) => {
    if (ua !== wic.ua) return;
    if (wic.registration === 'registering') {
      setRegistration('failed', `WebSocket closed (${e?.code ?? 'no connection'}): is the origin ${location.origin} allowed for ${config.wwsf}?`);
      stopUa();
    } else if (wic.registration === 'registered') el.regDetail.textContent = 'connection lost, reconnecting…';
  });
  ua.on('registered', (e) => {
    wic.registrationStatus = e.response.status_code;
    wic.associatedUris = headerValues(e.response, 'P-Associated-URI');
    setRegistration('registered', `${e.response.status_code} ${e.response.reason_phrase}; associated: ${wic.associatedUris.join(', ')}`);
  });
  ua.on('unregistered', (e) => {
    wic.registrationStatus = e?.response?.status_code ?? null;
    setRegistration('unregistered', e?.response ? `de-registered (${e.response.status_code} ${e.response.reason_phrase})` : 'de-registered');
  });
  ua.on('registrationFailed', (e) => {
    wic.registrationStatus = e.response?.status_code ?? null;
    setRegistration('failed', e.response ? `${e.response.status_code} ${e.response.reason_phrase}` : e.cause);
    stopUa();
  });
  ua.on('newMessage', onMessage);
  ua.on('newRTCSession', onSession);
  setRegistration('registering', 'connecting…');
  ua.start();
}

function unregister() {
  const ua = wic.ua;
  if (!ua) return;
  ua.once('unregistered', () => setTimeout(() => { if (wic.ua === ua) stopUa(); }, 100));
  ua.unregister();
}

function stopUa() {
  if (wic.session) wic.session.terminate?.();
  if (wic.ua) {
    const ua = wic.ua;
    wic.ua = null;
    ua.stop();
  }
}

el.form.addEventListener('submit', (e) => { e.preventDefault(); register(); });
el.unregister.addEventListener('click', unregister);
window.addEventListener('beforeunload', () => wic.ua?.stop());

// ---------------------------------------------------------------- targets
/**
 * What the user typed → a request URI: a SIP URI as is; `name` → sip:name@domain; a tel number (+1 555…) →
 * sip:+1555…@domain;user=phone (RFC 3261 §19.1.6: a telephone number in a SIP URI; JsSIP has no tel: requests).
 */
function targetUri(input) {
  const text = input.trim().replace(/^tel:/i, '');
  if (/^\+?[0-9][0-9\-.() ]*$/.test(text)) {
    return JsSIP.URI.parse(`sip:${text.replace(/[-.() ]/g, '')}@${wic.config.domain};user=phone`);
  }
  const sip = /^sips?:/i.test(text) ? text : `sip:${text.includes('@') ? text : `${text}@${wic.config.domain}`}`;
  const uri = JsSIP.URI.parse(sip);
  if (!uri) throw new Error(`not a SIP URI or tel number: ${input}`);
  return uri;
}

// ---------------------------------------------------------------- chat (MESSAGE, RFC 3428)
function chatLine(direction, peer, text, extra = '') {
  const li = document.createElement('li');
  li.className = direction;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = direction === 'in' ? `${peer} →` : `→ ${peer}`;
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  const status = document.createElement('span');
  status.className = 'status muted';
  status.textContent = extra;
  li.append(who, body, ' ', status);
  el.chatLog.append(li);
  el.chatLog.scrollTop = el.chatLog.scrollHeight;
  return li;
}

function onMessage(e) {
  if (e.originator !== 'remote') return;
  const peer = e.request.getHeader('P-Asserted-Identity')?.replace(/^.*<|>.*$/g, '') ?? e.request.from.uri.toString();
  const text = e.request.body ?? '';
  wic.messages.push({ direction: 'in', peer, text });
  chatLine('in', peer, text);
}

el.chatForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = el.chatText.value;
  if (!text || !wic.ua) return;
  let uri;
  try { uri = targetUri(el.target.value); } catch (e) { chatLine('out failed', el.target.value, text, e.message); return; }
  const entry = { direction: 'out', peer: uri.toString(), text, status: null };
  wic.messages.push(entry);
  const li = chatLine('out', uri.toString(), text, 'sending…');
  const status = li.querySelector('.status');
  wic.ua.sendMessage(uri, text, {
    contentType: 'text/plain',
    eventHandlers: {
      succeeded: (e) => { entry.status = e.response.status_code; status.textContent = `✓ ${e.response.status_code}`; },
      failed: (e) => {
        entry.status = e.response?.status_code ?? e.cause;
        li.classList.add('failed');
        status.textContent = e.response ? `✗ ${e.response.status_code} ${e.response.reason_phrase}` : `✗ ${e.cause}`;
      },
    },
  });
  el.chatText.value = '';
});

// ---------------------------------------------------------------- calls (INVITE, SDP offer/answer end to end)
function setCall(state, text, extra = {}) {
  wic.call = { state, ...extra };
  el.callStatus.dataset.state = state;
  el.callStatus.textContent = text;
  const active = ['calling', 'ringing', 'incoming', 'confirmed'].includes(state);
  el.call.disabled = active || wic.registration !== 'registered';
  el.answer.disabled = state !== 'incoming';
  el.hangup.disabled = !active;
}

function showMedia(session) {
  const pc = session.connection;
  if (!pc) return;
  const remote = new MediaStream();
  const attach = (track) => {
    remote.addTrack(track);
    el.remoteAudio.srcObject = remote;
    if (track.kind === 'video') { el.remoteVideo.srcObject = remote; el.remoteVideo.dataset.live = ''; }
    el.remoteAudio.play?.().catch(() => {});
  };
  pc.getReceivers().forEach((r) => r.track && r.track.readyState === 'live' && attach(r.track));
  pc.addEventListener('track', (e) => attach(e.track));
  const local = new MediaStream(pc.getSenders().map((s) => s.track).filter((t) => t?.kind === 'video'));
  if (local.getTracks().length) { el.localVideo.srcObject = local; el.localVideo.dataset.live = ''; }
}

function clearMedia() {
  for (const v of [el.remoteAudio, el.remoteVideo, el.localVideo]) { v.srcObject = null; delete v.dataset.live; }
}

function onSession(e) {
  const session = e.session;
  if (wic.session && wic.session !== session) {
    if (e.originator === 'remote') session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
    return;
  }
  wic.session = session;
  const peer = e.originator === 'remote'
    ? (e.request.getHeader('P-Asserted-Identity')?.replace(/^.*<|>.*$/g, '') ?? e.request.from.uri.toString())
    : e.request.ruri.toString();
  if (e.originator === 'remote') {
    setCall('incoming', `incoming call from ${peer}`, { peer, direction: 'in' });
    if (!el.target.value) el.target.value = peer;
  } else {
    setCall('calling', `calling ${peer}…`, { peer, direction: 'out' });
  }
  session.on('peerconnection', () => session.connection.addEventListener('track', () => showMedia(session), { once: true }));
  session.on('progress', (p) => { if (e.originator === 'local') setCall('ringing', `ringing at ${peer} (${p.response?.status_code ?? ''})`, { peer, direction: 'out' }); });
  session.on('confirmed', () => { setCall('confirmed', `in call with ${peer}`, { peer, direction: wic.call.direction }); showMedia(session); });
  session.on('ended', (x) => {
    setCall('ended', `call ended (${x.originator === 'local' ? 'you hung up' : `${peer} hung up`})`, { peer, cause: x.cause, by: x.originator });
    clearMedia();
    wic.session = null;
    wic.lastSession = session;
    setRegistration(wic.registration, el.regDetail.textContent);
  });
  session.on('failed', (x) => {
    const status = x.message?.status_code;
    const reason = x.message?.reason_phrase;
    setCall('failed', status ? `call failed: ${status} ${reason}` : `call failed: ${x.cause}`,
      { peer, status, reason, cause: x.cause, by: x.originator });
    clearMedia();
    wic.session = null;
    wic.lastSession = session;
    setRegistration(wic.registration, el.regDetail.textContent);
  });
}

function mediaOptions() {
  return {
    mediaConstraints: { audio: true, video: el.video.checked },
    pcConfig: { iceServers: wic.config.iceServers ?? [] },
    rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: el.video.checked },
  };
}

el.call.addEventListener('click', () => {
  if (!wic.ua) return;
  let uri;
  try { uri = targetUri(el.target.value); } catch (e) { setCall('failed', e.message); return; }
  try {
    wic.ua.call(uri, mediaOptions());
  } catch (e) {
    setCall('failed', `call failed: ${e.message ?? e}`);
  }
});
el.answer.addEventListener('click', () => wic.session?.answer(mediaOptions()));
el.hangup.addEventListener('click', () => wic.session?.terminate());

// ---------------------------------------------------------------- start
(async () => {
  const config = await loadConfig();
  wic.config = config;
  el.wsUrl.value = config.webSocketUrl;
  el.wwsf.value = config.wwsf;
  el.domain.value = config.domain;
  if (config.webIdentity) el.webid.value = config.webIdentity;
  if (config.impu) el.impu.value = config.impu;
  try {
    const devices = await navigator.mediaDevices?.enumerateDevices?.() ?? [];
    el.video.checked = devices.some((d) => d.kind === 'videoinput');
  } catch { el.video.checked = false; }
  setRegistration('unregistered');
  setCall('idle', 'no call');
  document.body.dataset.ready = 'true';
})();
