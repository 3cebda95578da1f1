// Builds the WIC page into <outdir> (default dist/): src/wic.js with JsSIP bundled by esbuild into one IIFE script
// (no CDN, no module loader: the page works from any static server), plus the static html/css.
// Usage: node build.mjs [outdir]   (the Maven build of local-launcher runs it with target/classes/wic-page)
// Runs `npm ci` first when node_modules is missing or older than package-lock.json (exact versions, no CDN).
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] ?? join(here, 'dist'));

const mtime = async (path) => (await stat(path).catch(() => null))?.mtimeMs ?? -1;
if (await mtime(join(here, 'node_modules/.package-lock.json')) < await mtime(join(here, 'package-lock.json'))) {
  console.log('wic-page: npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
}
const { build } = await import('esbuild');
const jssip = JSON.parse(await readFile(join(here, 'node_modules/jssip/package.json'), 'utf8')).version;

await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(here, 'src/wic.js')],
  outfile: join(outdir, 'wic.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  define: { __JSSIP_VERSION__: JSON.stringify(jssip) },
  banner: { js: `/* WebRTC IMS reference WIC page; bundles JsSIP ${jssip} (MIT, versatica/JsSIP) and its dependencies */` },
  legalComments: 'eof',
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) {
  await copyFile(join(here, 'src', file), join(outdir, file));
}
console.log(`wic-page: JsSIP ${jssip} bundled into ${outdir}`);
