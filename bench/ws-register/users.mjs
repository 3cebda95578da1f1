#!/usr/bin/env node
// Generates the users file of register-load.mjs with the SAME naming as bench/sip/provision.py, so that
// `bench/sip/provision.py provision --users N ...` provisions exactly these users (default per-user identities):
//   IMPU sip:sipp-<i:06d>@ims.example.net, web identity sipp-<i:06d>@idp.example.com,
//   WWSF (= realm) w<i:06d>.sipp.example.com, password <P>-<i:06d> (P default "wonderland"),
//   origin https://w<i:06d>.sipp.example.com — provision.py gives every WWSF exactly that one origin.
// Usage: node users.mjs --count N --out users.json [--first 0] [--password wonderland] [--naming sipp|anchor]
// --naming anchor: the users of the Kamailio anchor (/work/shared/anchors/kamailio-chain/provision-pg.sh) and of
//   `provision.py --naming anchor`: IMPU sip:user<i>@ims.example.net, web identity user<i>@idp.example.com,
//   password pass<i>, ONE WWSF (= realm) wwsf.example.com with origin https://wwsf.example.com for all users.
import { writeFileSync } from 'node:fs';

const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const count = Number(arg('count'));
const out = arg('out');
const first = Number(arg('first', 0));
const password = arg('password', 'wonderland');
const naming = arg('naming', 'sipp');
if (!['sipp', 'anchor'].includes(naming)) { console.error('--naming must be sipp or anchor'); process.exit(2); }
if (!Number.isInteger(count) || count <= 0 || !out) {
  console.error('usage: node users.mjs --count N --out users.json [--first 0] [--password wonderland]');
  process.exit(2);
}
const pad = (i) => String(i).padStart(6, '0');
const users = [];
for (let i = first; i < first + count; i++) {
  if (naming === 'anchor') {
    users.push({ impu: `sip:user${i}@ims.example.net`, webIdentity: `user${i}@idp.example.com`, wwsf: 'wwsf.example.com',
      password: `pass${i}`, origin: 'https://wwsf.example.com' });
    continue;
  }
  const wwsf = `w${pad(i)}.sipp.example.com`;
  users.push({
    impu: `sip:sipp-${pad(i)}@ims.example.net`,
    webIdentity: `sipp-${pad(i)}@idp.example.com`,
    wwsf,
    password: `${password}-${pad(i)}`,
    origin: `https://${wwsf}`,
  });
}
writeFileSync(out, `${JSON.stringify(users, null, 0).replace(/\},\{/g, '},\n{')}\n`);
console.log(`RESULT step=users ok=1 naming=${naming} count=${count} first=${first} out=${out}`);
