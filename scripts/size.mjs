// The release bundle's weight as a page pays it (brotli, as a CDN serves it), against budgets
// that only go down: raising one is a regression. A feature pays for its bytes in the change
// that adds it. Part of the tests (`bash scripts/test.sh`), after `trunk build --release`.
//
// - First screen, per backend: what a page downloads before its first comment shows: the loader,
//   the stylesheet, the glue and its snippets, the main module, and the one backend the page
//   names (its split module and the chunks it shares with others), which the loader fetches
//   beside the main module.
// - Total: everything a visit may fetch (every backend, the reader's part, the count badges).
// Both with the largest catalogue of the interface's words (i18n/*.json): a page fetches the one
// of the language it speaks (none for English, which is built in).
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { splitParts } from './split-manifest.mjs';
import { buildFiles, buildOf } from './build-files.mjs';

/**
 * Budgets in bytes, brotli. Measured sizes plus 0.4 KiB (a change to a comment alone has moved
 * the main module's brotli size by 0.3 KiB); lower them as bytes are cut.
 */
const BUDGETS = {
  'first screen, Isso': 175.6 * 1024,
  'first screen, WordPress': 179.9 * 1024,
  'first screen, this browser': 169.8 * 1024,
  total: 245.5 * 1024,
};
const dist = new URL('../dist/', import.meta.url).pathname;

const { prefix } = buildOf(dist);
// Names within the build's folder, and the loader beside it.
const shipped = ['maqal.js', ...(prefix ? buildFiles(dist) : [])];
if (!prefix || !shipped.includes('maqal-core_bg.wasm')) {
  console.error('dist/ has no release build (a build folder with maqal-core_bg.wasm): run `trunk build --release` first');
  process.exit(1);
}
const at = (f) => join(dist, f === 'maqal.js' ? f : `${prefix}${f}`);
const size = Object.fromEntries(shipped.map((f) => {
  const body = readFileSync(at(f));
  return [f, {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }];
}));

// Which files make each split part, as the loader is told (scripts/split-manifest.mjs).
let MODULES = null;
try {
  MODULES = splitParts(join(dist, prefix));
} catch {}
if (!MODULES) {
  console.error('dist/maqal.js names no split parts: the release build did not split the module');
  process.exit(1);
}
const catalogues = shipped.filter((f) => f.startsWith('i18n/') && f !== 'i18n/en.json');
const largest = catalogues.reduce((a, b) => (size[b].brotli > (size[a]?.brotli ?? 0) ? b : a), catalogues[0]);
const words = largest ? [largest] : [];
const base = [
  ...shipped.filter((f) => /^(maqal\.js|maqal\.css|maqal-core\.js|maqal-core_bg\.wasm|snippets\/.*\.js)$/.test(f)),
  ...words,
];
const sets = {
  'first screen, Isso': [...base, ...MODULES.isso],
  'first screen, WordPress': [...base, ...MODULES.wordpress],
  'first screen, this browser': [...base, ...MODULES.local],
  total: [...shipped.filter((f) => !f.startsWith('i18n/')), ...words],
};

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sum = (list, key) => [...new Set(list)].reduce((t, f) => t + size[f][key], 0);
console.log('| file | raw | gzip | brotli |\n|---|---:|---:|---:|');
for (const f of shipped.filter((f) => !f.startsWith('i18n/') || f === largest)) console.log(`| ${f} | ${kb(size[f].raw)} | ${kb(size[f].gzip)} | ${kb(size[f].brotli)} |`);
const catalogueSizes = catalogues.map((f) => `${f.slice(5, -5)} ${kb(size[f].brotli)}`).join(', ');
console.log(`\nCatalogues (brotli): ${catalogueSizes}; counted below: ${largest ?? 'none'}\n`);
console.log('| what a page downloads | requests | raw | gzip | brotli | budget |\n|---|---:|---:|---:|---:|---:|');
let over = false;
for (const [name, list] of Object.entries(sets)) {
  const brotli = sum(list, 'brotli');
  console.log(`| ${name} | ${new Set(list).size} | ${kb(sum(list, 'raw'))} | ${kb(sum(list, 'gzip'))} | ${kb(brotli)} | ${kb(BUDGETS[name])} |`);
  if (brotli > BUDGETS[name]) {
    console.error(`${name}: ${kb(brotli)} brotli, over its ${kb(BUDGETS[name])} budget`);
    over = true;
  }
}
if (over) process.exit(1);
