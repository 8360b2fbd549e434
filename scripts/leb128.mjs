// LEB128 numbers, as WebAssembly's binary format writes sizes and counts (scripts/short-imports.mjs
// and scripts/wasm-name.mjs rewrite sections of the release's modules with them).

/** The unsigned number `value` as bytes. */
export function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

/** The unsigned number in `bytes` at `at`: [value, where it ends]. */
export function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}
