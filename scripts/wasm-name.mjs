// Names each WebAssembly module of the widget `maqal` (the module-name entry of its `name`
// section; 15 bytes): the browser then writes `maqal` in the stack of a trap in it
// (`at maqal (…wasm:wasm-function…`, or `wasm://wasm/maqal-…`), which is how the loader tells the widget's own crashes from another
// script's WebAssembly (a captcha, a codec, another widget), which must leave the widgets alone.
// `node scripts/wasm-name.mjs FILE.wasm …` (scripts/release-wasm.sh runs it on every build; in a
// release, after wasm-opt, which drops names).
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { leb, readLeb } from './leb128.mjs';

export const MODULE_NAME = 'maqal';

const vec = (bytes) => [...leb(bytes.length), ...bytes];

/**
 * `bytes` (a module) with its `name` section naming the module `name`; the section's other
 * entries (a development build's function names) are kept, one `name` section is left.
 */
export function named(bytes, name = MODULE_NAME) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('wasm-name: not a WebAssembly module');
  const kept = [bytes.subarray(0, 8)];
  const others = [];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const [size, contentAt] = readLeb(bytes, at + 1);
    const end = contentAt + size;
    if (bytes[start] === 0) {
      const [length, nameAt] = readLeb(bytes, contentAt);
      if (bytes.subarray(nameAt, nameAt + length).toString() === 'name') {
        // Its subsections but the module's name (id 0), in their order.
        let sub = nameAt + length;
        while (sub < end) {
          const [subSize, subAt] = readLeb(bytes, sub + 1);
          if (bytes[sub] !== 0) others.push(bytes.subarray(sub, subAt + subSize));
          sub = subAt + subSize;
        }
        at = end;
        continue;
      }
    }
    kept.push(bytes.subarray(start, end));
    at = end;
  }
  const moduleName = Buffer.from([0x00, ...vec(vec([...Buffer.from(name)]))]);
  const payload = Buffer.concat([Buffer.from(vec([...Buffer.from('name')])), moduleName, ...others]);
  kept.push(Buffer.from([0x00]), leb(payload.length), payload);
  return Buffer.concat(kept);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of process.argv.slice(2)) writeFileSync(file, named(readFileSync(file)));
}
