// Prints the release bundle's size (raw / gzip / brotli) for the files a publisher serves,
// and fails when it grows past the budget (brotli). The budget is the measured size plus a
// little headroom: raising it is a decision, made in the commit that needs it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_BROTLI = Number(process.env.MAQAL_SIZE_BUDGET ?? 0) || 285 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;

function files(dir, prefix = '') {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const shipped = files(dist).filter((f) => /^(maqal\.js|maqal\.css|maqal-core\.js|maqal-core_bg\.wasm|snippets\/.*\.js)$/.test(f));
if (!shipped.includes('maqal-core_bg.wasm')) {
  console.error('dist/ has no maqal-core_bg.wasm: run `trunk build --release` first');
  process.exit(1);
}
const rows = shipped.map((f) => {
  const body = readFileSync(join(dist, f));
  return {
    file: f,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = rows.reduce((t, r) => ({ file: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log('| file | raw | gzip | brotli |\n|---|---:|---:|---:|');
for (const r of [...rows, total]) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
if (total.brotli > BUDGET_BROTLI) {
  console.error(`bundle is ${kb(total.brotli)} brotli, over the ${kb(BUDGET_BROTLI)} budget`);
  process.exit(1);
}
