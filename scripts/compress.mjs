// Writes .br and .gz copies of the files a publisher serves, beside them, so a server or CDN can
// send them precompressed (see the README for nginx and Caddy). Run by Trunk after each release
// build (the post_build hook in Trunk.toml, on the staging directory); by hand:
// `node scripts/compress.mjs [dir]` (default dist/).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? new URL('../dist/', import.meta.url).pathname;

/** What a publisher serves: the loader, the stylesheet, the glue, its snippets and the module. */
const SHIPPED = /^(maqal\.js|maqal\.css|maqal-core\.js|maqal-core_bg\.wasm|snippets\/.*\.js)$/;

function files(at, prefix = '') {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? files(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

for (const file of files(dir).filter((f) => SHIPPED.test(f))) {
  const body = readFileSync(join(dir, file));
  writeFileSync(join(dir, `${file}.br`), brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }));
  writeFileSync(join(dir, `${file}.gz`), gzipSync(body, { level: 9 }));
}
