// Shortens the names the main module imports its JavaScript by: wasm-bindgen names each import
// after its function plus a 16-digit hash (`__wbg_instanceof_HtmlTextAreaElement_37c6efee878106d5`),
// written twice, in the module and in its glue, and hashes do not compress: about 270 of them
// cost several KiB of what every page downloads. The module and the glue are rewritten together
// (each name must appear once in the glue, as its import object's key, or nothing is changed).
// So are the exports named by Rust's mangled symbols (wasm-bindgen's closure shims, 100–160
// characters of crate hashes each), which the glue calls as `wasm.<name>`.
// Run by scripts/release-wasm.sh after wasm-opt; by hand: `node scripts/short-imports.mjs DIR`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leb, readLeb as readLebAt } from './leb128.mjs';

const dir = process.argv[2] ?? 'dist';
const wasmPath = join(dir, 'maqal-core_bg.wasm');
const gluePath = join(dir, 'maqal-core.js');
const MODULE = './maqal-core_bg.js';

const bytes = readFileSync(wasmPath);
const readLeb = (at) => readLebAt(bytes, at);
const name = (text) => Buffer.concat([leb(Buffer.byteLength(text)), Buffer.from(text)]);

/** a, b, …, z, A, …, Z, aa, ab, …: short, and valid as JavaScript property names. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (i) => {
  let out = '';
  do {
    out = ALPHABET[i % ALPHABET.length] + out;
    i = Math.floor(i / ALPHABET.length) - 1;
  } while (i >= 0);
  return `$${out}`;
};

let at = 8;
const parts = [bytes.subarray(0, 8)];
const renamed = new Map();
/** Exports named by Rust's mangled symbols (wasm-bindgen's closure shims), to their short names. */
const exported = new Map();
while (at < bytes.length) {
  const id = bytes[at];
  const [size, body] = readLeb(at + 1);
  const end = body + size;
  if (id === 7) {
    // The export section: (name, kind, index)*. Only the mangled names are renamed: the glue
    // calls them as `wasm.<name>`; every other export keeps the name other code knows it by.
    let [count, p] = readLeb(body);
    const entries = [leb(count)];
    while (count-- > 0) {
      const [nameLength, n] = readLeb(p);
      const field = bytes.subarray(n, n + nameLength).toString();
      const [, q] = readLeb(n + nameLength + 1);
      let short = field;
      if (/^_R[0-9A-Za-z_]+$/.test(field)) {
        short = `$_${shortName(exported.size).slice(1)}`;
        exported.set(field, short);
      }
      entries.push(name(short), bytes.subarray(n + nameLength, q));
      p = q;
    }
    const section = Buffer.concat(entries);
    parts.push(Buffer.from([7]), leb(section.length), section);
    at = end;
    continue;
  }
  if (id !== 2) {
    parts.push(bytes.subarray(at, end));
    at = end;
    continue;
  }
  // The import section: (module, name, kind, description)*.
  let [count, p] = readLeb(body);
  const entries = [leb(count)];
  while (count-- > 0) {
    const [moduleLength, m] = readLeb(p);
    const module = bytes.subarray(m, m + moduleLength).toString();
    const [nameLength, n] = readLeb(m + moduleLength);
    const field = bytes.subarray(n, n + nameLength).toString();
    const described = n + nameLength;
    // The kind and what follows: a function's type index, a table, a memory or a global.
    let q = described + 1;
    const kind = bytes[described];
    if (kind === 0) [, q] = readLeb(q);
    else if (kind === 1) {
      q += 1;
      const flags = bytes[q++];
      [, q] = readLeb(q);
      if (flags & 1) [, q] = readLeb(q);
    } else if (kind === 2) {
      const flags = bytes[q++];
      [, q] = readLeb(q);
      if (flags & 1) [, q] = readLeb(q);
    } else if (kind === 3) q += 2;
    else throw new Error(`short-imports: import kind ${kind} unknown`);
    let short = field;
    if (module === MODULE) {
      short = renamed.get(field) ?? shortName(renamed.size);
      renamed.set(field, short);
    }
    entries.push(name(module), name(short), bytes.subarray(described, q));
    p = q;
  }
  const section = Buffer.concat(entries);
  parts.push(Buffer.from([2]), leb(section.length), section);
  at = end;
}

let glue = readFileSync(gluePath, 'utf8');
for (const [long, short] of renamed) {
  const pattern = new RegExp(`\\b${long.replace(/\$/g, '\\$')}(?=:)`, 'g');
  const found = glue.match(pattern)?.length ?? 0;
  if (found !== 1) throw new Error(`short-imports: ${long} is in the glue ${found} times, not once as a key`);
  glue = glue.replace(pattern, short);
}
for (const [long, short] of exported) {
  // Called by the glue as `wasm.<name>`, from a JavaScript function of the same name: every
  // mention is renamed alike (nothing else knows the name; the split parts import none of them).
  const pattern = new RegExp(`\\b${long}\\b`, 'g');
  if (!new RegExp(`\\bwasm\\.${long}\\b`).test(glue)) throw new Error(`short-imports: export ${long} is not called by the glue as wasm.${long}`);
  glue = glue.replace(pattern, () => short);
}
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.log(`short-imports: ${renamed.size} imports and ${exported.size} exports renamed`);
