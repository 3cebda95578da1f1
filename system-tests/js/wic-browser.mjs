#!/usr/bin/env node
// The reference WIC page (wic-page/) in a REAL Chromium (Debian's /usr/bin/chromium driven by playwright-core, fake
// camera and microphone): two pages sign in as two users, message and call each other; prints JSON lines.
// Contract: README.md ("wic-browser.mjs"). Usage: node wic-browser.mjs '<json scenario>'
//   {"pageUrl":"http://localhost:8080/", "webSocketUrl":"ws://127.0.0.1:8094/sip", "wwsf":"…", "domain":"…",
//    "users":[{webIdentity, impu, password}, {…}], "absent":"sip:carol…" , "screenshot":"/…/after-registration.png",
//    "steps":["register","screenshot","message","call","callAbsent","unregister"], "timeoutMs":20000,
//    "mediaSeconds":3, "chromium":"/usr/bin/chromium"}
// Every step prints one line {"step":…, "ok":true|false, …observations}; the Java test asserts on them.
import { chromium } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { emit, die, readScenario, withTimeout } from './lib/common.mjs';

const s = readScenario();
if (!s.pageUrl || !Array.isArray(s.users) || s.users.length < 2) die('scenario needs "pageUrl" and two "users"');
const timeoutMs = s.timeoutMs ?? 20_000;
const steps = s.steps ?? ['register', 'screenshot', 'message', 'call', 'callAbsent', 'unregister'];
const started = Date.now();
const ms = () => Date.now() - started;

// Harness bound: every wait below is bounded; this only fires on a bug (exit 3).
const watchdog = setTimeout(() => { emit({ event: 'error', message: 'harness timeout' }); process.exit(3); },
  timeoutMs * (steps.length * 4 + 4) + (s.mediaSeconds ?? 3) * 1000);

const browser = await chromium.launch({
  executablePath: s.chromium ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required'],
}).catch((e) => die(`cannot launch Chromium (${s.chromium ?? '/usr/bin/chromium'}): ${e.message}`));
emit({ event: 'browser', version: browser.version(), ms: ms() });

const query = new URLSearchParams({
  ...(s.webSocketUrl ? { ws: s.webSocketUrl } : {}), ...(s.wwsf ? { wwsf: s.wwsf } : {}),
  ...(s.domain ? { domain: s.domain } : {}),
});
const pages = [];
for (const [i, user] of s.users.entries()) {
  // one context per user: its own sessionStorage, so its own +sip.instance (two devices, profile §7.7)
  const context = await browser.newContext({ permissions: ['microphone', 'camera'], viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${s.pageUrl}?${query}`, { timeout: timeoutMs });
  await page.waitForSelector('body[data-ready=true]', { timeout: timeoutMs });
  pages.push({ i, user, page, consoleErrors });
}
const [a, b] = pages;

const state = (p, id) => p.page.$eval(`#${id}`, (e) => ({ state: e.dataset.state, text: e.textContent }));
/** Waits until #id's data-state is one of `wanted`; returns {state, text, waitedMs} or {timeout:true,…}. */
async function waitState(p, id, wanted, limit = timeoutMs) {
  const t0 = Date.now();
  try {
    await p.page.waitForFunction(([el, ws]) => ws.includes(document.getElementById(el).dataset.state), [id, wanted],
      { timeout: limit, polling: 50 });
    return { ...(await state(p, id)), waitedMs: Date.now() - t0 };
  } catch {
    return { ...(await state(p, id)), timeout: true, waitedMs: Date.now() - t0 };
  }
}
const wicState = (p) => p.page.evaluate(() => ({
  registration: window.wic.registration, status: window.wic.registrationStatus, associated: window.wic.associatedUris,
  call: window.wic.call, ladder: window.wic.ladder.map((l) => `${l.direction === 'out' ? '→' : '←'} ${l.firstLine}`),
}));

/** inbound-rtp / outbound-rtp audio counters of the page's current (or last) call. */
const audioStats = (p) => p.page.evaluate(async () => {
  const pc = window.wic.peerConnection() ?? window.wic.lastSession?.connection;
  if (!pc) return null;
  const out = { inboundBytes: 0, outboundBytes: 0, packetsReceived: 0, connectionState: pc.connectionState };
  (await pc.getStats()).forEach((r) => {
    if (r.kind === 'audio' && r.type === 'inbound-rtp') { out.inboundBytes += r.bytesReceived; out.packetsReceived += r.packetsReceived; }
    if (r.kind === 'audio' && r.type === 'outbound-rtp') out.outboundBytes += r.bytesSent;
  });
  return out;
});

let registered = false;
for (const step of steps) {
  const line = { step, ms: ms() };
  if (step !== 'register' && step !== 'screenshot' && !registered) {
    emit({ ...line, ok: false, skipped: 'not registered' });
    continue;
  }
  try {
    if (step === 'register') {
      for (const p of pages) {
        await p.page.fill('#webid', p.user.webIdentity);
        await p.page.fill('#password', p.user.password);
        await p.page.fill('#impu', p.user.impu);
        await p.page.click('#register');
      }
      line.pages = [];
      for (const p of pages) {
        const r = await waitState(p, 'reg-status', ['registered', 'failed']);
        line.pages.push({ ...r, detail: await p.page.textContent('#reg-detail'), ...(await wicState(p)) });
      }
      registered = line.pages.every((r) => r.state === 'registered');
      line.ok = registered;
    } else if (step === 'screenshot') {
      await a.page.screenshot({ path: s.screenshot, fullPage: true });
      line.path = s.screenshot;
      line.ok = true;
    } else if (step === 'message') {
      const text = `hello from ${a.user.impu} ${randomUUID().slice(0, 8)}`;
      await a.page.fill('#target', b.user.impu);
      await a.page.fill('#chat-text', text);
      await a.page.click('#send');
      line.text = text;
      try {
        await b.page.waitForFunction((t) => [...document.querySelectorAll('#chat-log li.in .text')].some((e) => e.textContent === t),
          text, { timeout: timeoutMs, polling: 50 });
        line.received = true;
      } catch { line.received = false; }
      // the sender's view: the final status of its MESSAGE
      await a.page.waitForFunction(() => window.wic.messages.at(-1)?.status !== null, null, { timeout: timeoutMs }).catch(() => {});
      line.sent = await a.page.evaluate(() => window.wic.messages.filter((m) => m.direction === 'out').at(-1));
      line.receivedOnB = await b.page.evaluate(() => window.wic.messages.filter((m) => m.direction === 'in'));
      line.chatLogB = await b.page.textContent('#chat-log');
      line.ladderA = (await wicState(a)).ladder.filter((l) => l.includes('MESSAGE'));
      line.ladderB = (await wicState(b)).ladder.filter((l) => l.includes('MESSAGE'));
      line.ok = line.received;
    } else if (step === 'call') {
      await a.page.setChecked('#video', false);
      await b.page.setChecked('#video', false);
      await a.page.fill('#target', b.user.impu);
      await a.page.click('#call');
      line.incoming = await waitState(b, 'call-status', ['incoming', 'failed', 'ended']);
      line.callerWhileRinging = await state(a, 'call-status');
      if (line.incoming.state === 'incoming') {
        await b.page.click('#answer');
        line.confirmedA = await waitState(a, 'call-status', ['confirmed', 'failed', 'ended']);
        line.confirmedB = await waitState(b, 'call-status', ['confirmed', 'failed', 'ended']);
      }
      if (line.confirmedA?.state === 'confirmed' && line.confirmedB?.state === 'confirmed') {
        // media: inbound audio bytes on both sides, now and after mediaSeconds
        const first = [await audioStats(a), await audioStats(b)];
        await new Promise((r) => setTimeout(r, (s.mediaSeconds ?? 3) * 1000));
        const second = [await audioStats(a), await audioStats(b)];
        line.statsA = [first[0], second[0]];
        line.statsB = [first[1], second[1]];
        await a.page.click('#hangup');
        line.endedA = await waitState(a, 'call-status', ['ended', 'failed']);
        line.endedB = await waitState(b, 'call-status', ['ended', 'failed']);
      } else {
        line.finalA = await state(a, 'call-status');
        line.finalB = await state(b, 'call-status');
        await a.page.evaluate(() => window.wic.session?.terminate());
      }
      line.ladderA = (await wicState(a)).ladder.filter((l) => /INVITE|ACK|BYE/.test(l));
      line.ladderB = (await wicState(b)).ladder.filter((l) => /INVITE|ACK|BYE/.test(l));
      line.ok = line.endedA?.state === 'ended' && line.endedB?.state === 'ended';
    } else if (step === 'callAbsent') {
      await a.page.setChecked('#video', false);
      await a.page.fill('#target', s.absent);
      await a.page.click('#call');
      line.result = await waitState(a, 'call-status', ['failed', 'ended', 'confirmed']);
      line.call = (await wicState(a)).call;
      line.ok = line.result.state === 'failed';
      if (line.result.state !== 'failed') await a.page.evaluate(() => window.wic.session?.terminate());
    } else if (step === 'unregister') {
      line.pages = [];
      for (const p of pages) {
        if ((await state(p, 'reg-status')).state === 'registered') await p.page.click('#unregister');
        const r = await waitState(p, 'reg-status', ['unregistered']);
        line.pages.push({ ...r, detail: await p.page.textContent('#reg-detail') });
      }
      line.ok = line.pages.every((r) => r.state === 'unregistered');
    } else {
      line.ok = false;
      line.error = `unknown step ${step}`;
    }
  } catch (e) {
    line.ok = false;
    line.error = String(e.stack ?? e);
  }
  line.consoleErrors = pages.map((p) => p.consoleErrors.splice(0));
  emit(line);
}

await withTimeout(browser.close(), 10_000, () => null);
clearTimeout(watchdog);
emit({ event: 'done', ms: ms(), registered });
process.exit(0);
