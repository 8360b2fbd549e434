// How the module's parts are downloaded: put at the top of the parts' loader (__wasm_split.js,
// written by wasm-split-cli) by scripts/release-wasm.sh, which has each part's
// `fetch(new URL("./split_….wasm", import.meta.url))` call `partFetch` instead (the literal
// `new URL(…)` stays, for bundlers to follow).
//
// - A server that sends a part as `application/octet-stream` (S3 and GCS uploads, older nginx
//   `mime.types`, IIS) still gets it compiled: the bytes are handed to the compiler as
//   `application/wasm`, with one console warning for the page, as the main module's glue does.
// - A download is given up only after PART_STALL_MS without a byte, not after a total time, so a
//   slow link still gets its part; a failed one is kept, and the next attempt (the widget's retry)
//   asks only for the rest (`Range`), where the server allows it, instead of starting from zero.

const PART_STALL_MS = 10_000;
/** What has arrived of each part that did not finish, by address. */
const partKept = new Map();
let partWarned = false;

function partFetch(url) {
  const address = String(url);
  const chunks = partKept.get(address) ?? [];
  partKept.delete(address);
  let have = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const controller = new AbortController();
  let timer;
  const waiting = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException(`maqal: no bytes of ${address} for ${PART_STALL_MS / 1000} s`, 'TimeoutError')), PART_STALL_MS);
  };
  const download = async () => {
    waiting();
    const response = await fetch(url, { signal: controller.signal, ...(have > 0 ? { headers: { Range: `bytes=${have}-` } } : {}) });
    if (have > 0 && !(response.status === 206 && (response.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`))) {
      // The server sent the whole file (or another range): what was kept is not needed.
      chunks.length = 0;
      have = 0;
      if (response.status === 206) throw new Error(`maqal: ${address}: the server answered another range`);
    }
    if (!response.ok) throw new Error(`maqal: ${address}: HTTP ${response.status}`);
    const type = response.headers.get('content-type') ?? '';
    if (!partWarned && response.status === 200 && !/^application\/wasm\b/i.test(type)) {
      partWarned = true;
      console.warn(`maqal: ${address} is served as ${type || 'no type'}, not application/wasm; compiled from its bytes instead (set the server's type for .wasm to application/wasm)`);
    }
    const reader = response.body.getReader();
    for (;;) {
      waiting();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      have += value.byteLength;
    }
    return new Response(new Blob(chunks), { headers: { 'Content-Type': 'application/wasm' } });
  };
  return download()
    .catch((error) => {
      // Kept for the next attempt (a part that failed is asked for again only when the widget
      // needs it again: a retry, the reader acting).
      if (have > 0) partKept.set(address, chunks);
      throw error;
    })
    .finally(() => clearTimeout(timer));
}
