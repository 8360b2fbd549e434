// `npm pack` / `npm publish` run this first: the package ships dist/, so dist/ must be a release
// build of the current sources with its .br/.gz copies. Builds it when it is missing or older
// than a source; fails with the reason otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildOf } from './build-files.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const built = () => (existsSync(dist) ? buildOf(dist).prefix : '');
const wasm = join(dist, built(), 'maqal-core_bg.wasm');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ['src', 'style', 'embed', 'index.html', 'Cargo.toml', 'Cargo.lock', 'Trunk.toml', '.cargo', 'build.rs', 'scripts/compress.mjs', 'scripts/languages.mjs', 'scripts/short-imports.mjs', 'scripts/split-manifest.mjs', 'scripts/build-files.mjs', 'scripts/wasm-name.mjs', 'scripts/release-wasm.sh'].map((p) => join(root, p));
const stale = !built() || !existsSync(wasm) || !existsSync(`${wasm}.br`) || sources.some((p) => newest(p) > statSync(wasm).mtimeMs);
if (stale) {
  console.error('prepack: building the release bundle (trunk build --release)');
  // Its output goes to stderr: stdout is npm's (`npm pack --json` prints the manifest there).
  execFileSync('trunk', ['build', '--release'], { cwd: root, stdio: ['ignore', 2, 2] });
}
for (const file of ['maqal.js', ...['maqal.css', 'maqal-core.js', 'maqal-core_bg.wasm'].map((f) => `${built()}${f}`)]) {
  for (const copy of [file, `${file}.br`, `${file}.gz`]) {
    if (!existsSync(join(dist, copy))) {
      console.error(`prepack: dist/${copy} is missing; run \`trunk build --release\``);
      process.exit(1);
    }
  }
}
