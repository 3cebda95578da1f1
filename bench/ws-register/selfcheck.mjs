#!/usr/bin/env node
// SELF-CHECK of the tool only (NOT a measurement, NOT a test of the product): runs register-load.mjs against the
// fake registrar of system-tests/js/selfcheck (needs `npm ci` in system-tests/js too) and checks its RESULT lines.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { startFakeRegistrar } = await import(join(here, '../../system-tests/js/selfcheck/fake-registrar.mjs'));

const dir = mkdtempSync(join(tmpdir(), 'ws-register-selfcheck-'));
const run = (args) => new Promise((resolve) => {
  execFile(process.execPath, args, { cwd: here }, (err, stdout, stderr) => resolve({ code: err?.code ?? 0, stdout, stderr }));
});

let failed = 0;
const check = (name, cond, detail) => { console.log(`${cond ? 'PASS' : 'FAIL'} ${name}${cond ? '' : `\n${detail}`}`); if (!cond) failed++; };

const gen = await run(['users.mjs', '--count', '60', '--out', join(dir, 'users.json')]);
check('users.mjs writes provision.py-named users', gen.code === 0 && /RESULT step=users ok=1/.test(gen.stdout), gen.stderr);
const users = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'users.json'), 'utf8'));
check('user 7 naming', users[7].impu === 'sip:sipp-000007@ims.example.net' && users[7].webIdentity === 'sipp-000007@idp.example.com'
  && users[7].wwsf === 'w000007.sipp.example.com' && users[7].password === 'wonderland-000007'
  && users[7].origin === 'https://w000007.sipp.example.com', JSON.stringify(users[7]));

const fake = await startFakeRegistrar({ users });
const url = `ws://127.0.0.1:${fake.port}/sip`;
writeFileSync(join(dir, 'ten.json'), JSON.stringify(users.slice(0, 10)));

const load = await run(['register-load.mjs', '--url', url, '--users', join(dir, 'ten.json'), '--connections', '10',
  '--duration', '5s', '--warmup', '1s']);
console.log(load.stdout.trim().split('\n').map((l) => `  | ${l}`).join('\n'));
check('load: 10 connections x 5 s, no errors', load.code === 0 && /^RESULT step=load ok=1 .*errors=0/m.test(load.stdout), load.stderr);

const mixed = await run(['register-load.mjs', '--url', url, '--users', join(dir, 'users.json'), '--connections', '10', '--duration', '1s']);
check('load: refuses mixing WWSFs on one connection', mixed.code === 2 && /different origins/.test(mixed.stderr), mixed.stderr);

const wrongOrigin = await run(['register-load.mjs', '--url', url, '--users', join(dir, 'ten.json'), '--connections', '10',
  '--duration', '1s', '--warmup', '0s', '--origin', 'https://evil.example.com']);
check('load: refused handshakes reported', wrongOrigin.code === 1 && /connect_errors=http-403:10/.test(wrongOrigin.stdout), wrongOrigin.stdout);

const hold = await run(['register-load.mjs', '--url', url, '--users', join(dir, 'users.json'), '--hold', '50',
  '--hold-for', '2s', '--concurrency', '20', '--progress', '1s']);
console.log(hold.stdout.trim().split('\n').map((l) => `  | ${l}`).join('\n'));
check('hold: 50 registered connections held 2 s', hold.code === 0 && /^RESULT step=hold ok=1 connections=50 registered=50 open_at_end=50/m.test(hold.stdout), hold.stderr);

await fake.close();
console.log(failed ? `SELFCHECK FAILED (${failed})` : 'SELFCHECK OK');
process.exit(failed ? 1 : 0);
