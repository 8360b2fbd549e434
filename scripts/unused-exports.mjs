// Drops from the main module, and from its glue, the JavaScript classes that leptos's server
// functions bring in through wasm-streams (IntoUnderlyingSource, IntoUnderlyingByteSource,
// IntoUnderlyingSink: a Rust stream seen as a web stream). A widget never calls a server function,
// but every `#[wasm_bindgen]` export is kept by the linker, with all the code its methods reach,
// and wasm-bindgen writes a class for each in the glue: about 2 KiB brotli of what every page
// downloads, for nothing. Run by scripts/release-wasm.sh between wasm-bindgen and wasm-opt (which
// then removes the code only those exports reached); by hand: `node scripts/unused-exports.mjs DIR [SPLIT_DIR]`
// (the glue and main module in DIR; the split modules, checked, in SPLIT_DIR, default DIR).
// Stops the build if a class is not where wasm-bindgen writes it, or if anything else names it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leb, readLeb as readLebAt } from './leb128.mjs';

const CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const dir = process.argv[2] ?? 'dist';
const wasmPath = join(dir, 'maqal-core_bg.wasm');
const gluePath = join(dir, 'maqal-core.js');
const splitDir = process.argv[3] ?? dir;
const fail = (why) => {
  throw new Error(`unused-exports: ${why}`);
};

// The glue: each class (from `export class X {` to the line that gives it Symbol.dispose) and
// its finalization registry.
let glue = readFileSync(gluePath, 'utf8');
for (const name of CLASSES) {
  const start = glue.indexOf(`export class ${name} {`);
  const endLine = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`;
  const end = glue.indexOf(endLine, start);
  if (start < 0 || end < 0) fail(`the class ${name} is not in the glue as wasm-bindgen writes it`);
  glue = glue.slice(0, start) + glue.slice(end + endLine.length);
  const registry = new RegExp(`const ${name}Finalization = \\(typeof FinalizationRegistry === 'undefined'\\)\\n[^\\n]*\\n[^\\n]*\\n`);
  if (!registry.test(glue)) fail(`the finalization registry of ${name} is not in the glue`);
  glue = glue.replace(registry, '');
  if (glue.includes(name)) fail(`the glue still names ${name}`);
}

// The module: every export of those classes (`__wbg_x_free`, `x_method`).
const prefixes = CLASSES.map((c) => c.toLowerCase()).flatMap((c) => [`__wbg_${c}_`, `${c}_`]);
const dropped = (field) => prefixes.some((p) => field.startsWith(p));
const bytes = readFileSync(wasmPath);
const readLeb = (at) => readLebAt(bytes, at);
const parts = [bytes.subarray(0, 8)];
let removed = 0;
for (let at = 8; at < bytes.length;) {
  const id = bytes[at];
  const [size, body] = readLeb(at + 1);
  const end = body + size;
  if (id !== 7) {
    parts.push(bytes.subarray(at, end));
    at = end;
    continue;
  }
  // The export section: (name, kind, index)*.
  let [count, p] = readLeb(body);
  const kept = [];
  while (count-- > 0) {
    const [length, n] = readLeb(p);
    const field = bytes.subarray(n, n + length).toString();
    const [, q] = readLeb(n + length + 1);
    if (dropped(field)) removed++;
    else kept.push(bytes.subarray(p, q));
    p = q;
  }
  const section = Buffer.concat([leb(kept.length), ...kept]);
  parts.push(Buffer.from([7]), leb(section.length), section);
  at = end;
}
if (removed === 0) fail('the module exports none of the classes');
// The split modules import from the main one by export name: none may need what goes.
for (const file of readdirSync(splitDir).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f))) {
  const text = readFileSync(join(splitDir, file)).toString('latin1');
  if (prefixes.some((p) => text.includes(p))) fail(`${file} uses an export that would be dropped`);
}
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.log(`unused-exports: dropped ${removed} exports and ${CLASSES.length} classes`);
