// `npm pack` / `npm publish` run this first: the package ships dist/, so dist/ must be a release
// build of the current sources with its .br/.gz copies. Builds it when it is missing or older
// than a source; fails with the reason otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const wasm = join(dist, 'maqal-core_bg.wasm');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ['src', 'style', 'embed', 'index.html', 'Cargo.toml', 'Cargo.lock', 'Trunk.toml', '.cargo', 'build.rs', 'scripts/compress.mjs', 'scripts/languages.mjs', 'scripts/short-imports.mjs', 'scripts/split-manifest.mjs', 'scripts/release-wasm.sh'].map((p) => join(root, p));
const stale = !existsSync(wasm) || !existsSync(`${wasm}.br`) || sources.some((p) => newest(p) > statSync(wasm).mtimeMs);
if (stale) {
  console.error('prepack: building the release bundle (trunk build --release)');
  // Its output goes to stderr: stdout is npm's (`npm pack --json` prints the manifest there).
  execFileSync('trunk', ['build', '--release'], { cwd: root, stdio: ['ignore', 2, 2] });
}
for (const file of ['maqal.js', 'maqal.css', 'maqal-core.js', 'maqal-core_bg.wasm']) {
  for (const copy of [file, `${file}.br`, `${file}.gz`]) {
    if (!existsSync(join(dist, copy))) {
      console.error(`prepack: dist/${copy} is missing; run \`trunk build --release\``);
      process.exit(1);
    }
  }
}
