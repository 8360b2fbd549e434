// Side-by-side benchmark: Maqal vs Isso's own client (embed.min.js), same Isso server, same
// threads, headless Chromium, cold cache. Prints one markdown table (min / median / max over the
// runs) and writes it to bench/results.md.
//
//   bash bench/run.sh            (installs what it needs, builds, then runs this)
//   node bench/run.mjs [--runs 5] [--sizes 1,100,1000,5000]
//
// Loopback only; every loop is bounded in count and time.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServers } from '../tests/support/server.mjs';
import { launch } from '../tests/support/browser.mjs';
import { startIsso, ISSO_BIN } from '../tests/support/isso.mjs';
import { seed } from './seed.mjs';
import { opt } from './args.mjs';
import { splitParts } from '../scripts/split-manifest.mjs';
import { buildOf } from '../scripts/build-files.mjs';

const RUNS = Math.min(20, Math.max(1, Number(opt('runs', 5))));
const SIZES = opt('sizes', '1,100,1000,5000').split(',').map(Number).filter((n) => n > 0 && n <= 5000);
const PAGE_TIMEOUT = 180_000;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Installed before any page script: records long tasks and when comments first show. */
function instrument(kind) {
  window.__bench = { longtasks: [], first: null, reachable: null, memories: new Set() };
  // Every wasm instance's memory, as it is made (the split parts share the main module's). Kept
  // here rather than found afterwards with CDP's Runtime.queryObjects, which never answers for
  // split modules in this Chromium.
  const remember = (result) => {
    const instance = result?.instance ?? result;
    const memory = instance?.exports?.memory;
    if (memory instanceof WebAssembly.Memory) window.__bench.memories.add(memory);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(remember);
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const started = performance.now();
  const poll = () => {
    const b = window.__bench;
    if (kind === 'ours') {
      const root = document.querySelector('maqal-article')?.shadowRoot;
      if (root && b.first === null && root.querySelector('.comment-list > .comment')) b.first = performance.now();
      if (root && b.first !== null && b.reachable === null) {
        // Reachable: the first page is on screen and the rest is one "load more" away (or there is no rest).
        const total = Number.parseInt(root.querySelector('.comments-title')?.textContent ?? '', 10);
        if (root.querySelector('.load-more button') || !(total > root.querySelectorAll('.comment').length)) b.reachable = performance.now();
      }
    } else {
      const comments = document.querySelectorAll('#isso-thread .isso-comment:not(.isso-preview .isso-comment)');
      if (b.first === null && comments.length) b.first = performance.now();
      const expected = Number(new URLSearchParams(location.search).get('n'));
      if (b.first !== null && b.reachable === null && comments.length >= expected) b.reachable = performance.now();
    }
    if (b.reachable === null && performance.now() - started < 170_000) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function measure(browser, url, kind, endpoint) {
  const page = await browser.page();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  const bytes = { widget: 0, api: 0 };
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  const origin = new URL(url).origin;
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId) ?? '';
    // The widget: Isso's client from its server; every file of Maqal's from the page's origin
    // (the loader, its build's folder: glue, modules, parts, chunks, the parts' loader, styles,
    // catalogue), but the page itself and the article.
    if (u.startsWith(endpoint) && !u.includes('/js/')) bytes.api += e.encodedDataLength;
    else if (u.startsWith(`${endpoint}/js/`) || (u.startsWith(origin) && !u.startsWith(`${origin}/bench/`) && !u.startsWith(`${origin}/articles/`))) {
      bytes.widget += e.encodedDataLength;
    }
  });
  await page.addInitScript(instrument, kind);
  await page.goto(url, { timeout: PAGE_TIMEOUT });
  await page.waitForFunction(() => window.__bench.reachable !== null, null, { timeout: PAGE_TIMEOUT, polling: 100 });
  // The rest of the load: what comes after the first page (the reader's part, idle work) has its
  // long tasks too. Counted until 3 s after the thread is reachable, before scrolling or posting.
  await page.waitForTimeout(3000);
  const bench = await page.evaluate(() => ({ ...window.__bench, memories: undefined }));
  const until = bench.reachable + 3000;
  const tasks = bench.longtasks.filter(([start]) => start <= until).map(([, d]) => d);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  // The JS heap does not include a wasm module's linear memory: add up every WebAssembly.Memory.
  const wasmBytes = await page.evaluate(() => [...window.__bench.memories].reduce((total, m) => total + m.buffer.byteLength, 0));

  // Scroll the whole page down at a steady 2400 px/s for 2 s (bounded), timing every frame.
  const scrolling = await page.evaluate(() => new Promise((resolve) => {
    window.scrollTo(0, 0);
    const gaps = [];
    let last = null;
    const started = performance.now();
    const step = (now) => {
      if (last !== null) gaps.push(now - last);
      last = now;
      window.scrollBy(0, 40);
      if (now - started < 2000) requestAnimationFrame(step);
      else resolve({ worst: Math.max(0, ...gaps), late: gaps.filter((g) => g > 1000 / 30).length });
    };
    requestAnimationFrame(step);
  }));

  // Post a comment and time until it is on screen; then delete it (as its author, with the cookie
  // Isso gave this browser), so every run reads the same thread of N.
  const marker = `bench ${Date.now()}`;
  const posted = page.waitForResponse((r) => r.url().startsWith(`${endpoint}/new?`) && r.request().method() === 'POST', { timeout: 30_000 })
    .then((r) => r.json());
  let post;
  if (kind === 'ours') {
    const w = page.locator('maqal-article');
    await w.locator('#maqal-comment').fill(`تعليق للقياس ${marker}`);
    post = await page.evaluate((marker) => new Promise((resolve) => {
      const root = document.querySelector('maqal-article').shadowRoot;
      const t0 = performance.now();
      root.querySelector('form:not(.reply-form) button[type="submit"]').click();
      const poll = () => ([...root.querySelectorAll('.comment-text')].some((e) => e.textContent.includes(marker))
        ? resolve(performance.now() - t0) : requestAnimationFrame(poll));
      poll();
    }), marker);
  } else {
    await page.locator('#isso-thread .isso-postbox .isso-textarea').fill(`تعليق للقياس ${marker}`);
    post = await page.evaluate((marker) => new Promise((resolve) => {
      const t0 = performance.now();
      document.querySelector('#isso-thread .isso-postbox input[type="submit"]').click();
      const poll = () => ([...document.querySelectorAll('#isso-thread .isso-comment .isso-text')].some((e) => e.textContent.includes(marker))
        ? resolve(performance.now() - t0) : requestAnimationFrame(poll));
      poll();
    }), marker);
  }
  const { id } = await posted;
  const cookie = (await page.context().cookies(endpoint)).find((c) => c.name === String(id));
  await page.close();
  const removed = await fetch(`${endpoint}/id/${id}`, { method: 'DELETE', headers: { cookie: `${cookie?.name}=${cookie?.value}` } });
  if (!removed.ok) throw new Error(`the comment posted by the run could not be deleted: ${removed.status}`);
  return {
    first: bench.first,
    reachable: bench.reachable,
    longest: Math.max(0, ...tasks),
    tbt: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    scrollWorst: scrolling.worst,
    scrollLate: scrolling.late,
    heap: metrics.JSHeapUsedSize / 1024 / 1024,
    wasm: wasmBytes / 1024 / 1024,
    nodes: metrics.Nodes,
    post,
    widgetBytes: bytes.widget,
    apiBytes: bytes.api,
  };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

async function compressedSizes(files) {
  let raw = 0, gzip = 0, brotli = 0;
  for (const f of files) {
    const body = await readFile(f);
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
    brotli += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

async function main() {
  const servers = await startServers();
  const isso = await startIsso({ origins: [servers.origin] });
  const browser = await launch();
  const rows = [];
  try {
    for (const n of SIZES) {
      const thread = `/bench-${n}`;
      process.stderr.write(`seeding ${n} comments…\n`);
      await seed(isso, thread, n);
      for (const kind of ['isso', 'ours']) {
        const results = [];
        for (let run = 0; run < RUNS; run++) {
          const url = `${servers.origin}/bench/${kind}.html?endpoint=${encodeURIComponent(isso.endpoint)}&thread=${encodeURIComponent(thread)}&n=${n}`;
          results.push(await measure(browser, url, kind, isso.endpoint));
          process.stderr.write(`  ${kind} N=${n} run ${run + 1}/${RUNS}: first ${results.at(-1).first.toFixed(0)} ms\n`);
        }
        rows.push({ n, kind, results });
      }
    }
  } finally {
    await browser.close();
    await isso.close();
    await servers.close();
  }

  const fmt = (v, unit) => (unit === 'ms' ? `${v.toFixed(0)}` : unit === 'MB' ? v.toFixed(1) : unit === 'KB' ? (v / 1024).toFixed(1) : `${Math.round(v)}`);
  const metrics = [
    ['first screenful of comments (ms)', 'first', 'ms'],
    ['whole thread reachable (ms)', 'reachable', 'ms'],
    ['longest main-thread task (ms; 0: none over 50)', 'longest', 'ms'],
    ['total blocking time (ms)', 'tbt', 'ms'],
    ['scrolling: longest frame (ms)', 'scrollWorst', 'ms'],
    ['scrolling: frames over 33 ms', 'scrollLate', 'n'],
    ['JS heap after GC (MB)', 'heap', 'MB'],
    ['wasm linear memory (MB)', 'wasm', 'MB'],
    ['DOM nodes', 'nodes', 'n'],
    ['post → comment visible (ms)', 'post', 'ms'],
    ['widget bytes on the wire (KB)', 'widgetBytes', 'KB'],
    ['API bytes on the wire (KB)', 'apiBytes', 'KB'],
  ];
  const lines = [
    `Chromium headless, cold cache, ${RUNS} runs each; min / median / max; ratio = Maqal median ÷ Isso median (below 1 is better).`,
    '',
    '| N | metric | Isso client | Maqal | ratio |',
    '|---:|---|---:|---:|---:|',
  ];
  for (const n of SIZES) {
    const isso = rows.find((r) => r.n === n && r.kind === 'isso').results;
    const ours = rows.find((r) => r.n === n && r.kind === 'ours').results;
    for (const [label, key, unit] of metrics) {
      const a = stats(isso.map((r) => r[key]));
      const b = stats(ours.map((r) => r[key]));
      const cell = (s) => `${fmt(s.min, unit)} / ${fmt(s.median, unit)} / ${fmt(s.max, unit)}`;
      const ratio = a.median > 0 ? (b.median / a.median).toFixed(2) : '—';
      lines.push(`| ${n} | ${label} | ${cell(a)} | ${cell(b)} | ${ratio} |`);
    }
  }
  const isso_js = [fileURLToPath(new URL(`../lib/python3.11/site-packages/isso/js/embed.min.js`, `file://${ISSO_BIN}`))];
  // The build's files are in its folder (dist/<build>/), the loader beside it.
  const { prefix } = buildOf(`${root}dist`);
  const build = `${root}dist/${prefix}`;
  const snippets = (await readdir(`${build}snippets`, { recursive: true })).filter((f) => f.endsWith('.js'));
  // An Isso page's first screen: the main module, the Isso part the loader fetches beside it (with
  // the chunks it shares), and the page's (Arabic) catalogue.
  const modules = splitParts(build);
  const ours_js = [`${root}dist/maqal.js`, ...[...new Set(['maqal.css', 'maqal-core.js', 'maqal-core_bg.wasm', ...snippets.map((f) => `snippets/${f}`),
    ...(modules.isso ?? []), 'i18n/ar.json'])].map((f) => `${build}${f}`)];
  const [a, b] = [await compressedSizes(isso_js), await compressedSizes(ours_js)];
  const kb = (v) => `${(v / 1024).toFixed(1)} KB`;
  lines.push('', '| widget files | raw | gzip | brotli |', '|---|---:|---:|---:|');
  lines.push(`| Isso embed.min.js (JS and its CSS) | ${kb(a.raw)} | ${kb(a.gzip)} | ${kb(a.brotli)} |`);
  lines.push(`| Maqal's first screen on an Isso page: loader, CSS, glue, snippet, main module, Isso part, Arabic catalogue | ${kb(b.raw)} | ${kb(b.gzip)} | ${kb(b.brotli)} |`);
  lines.push('', 'Definitions: "first screenful" is when the first comment is in the DOM; "whole thread',
    'reachable" is when every comment is rendered (Isso) or the first page is rendered with the rest one',
    '"load more" away (Maqal pages the API); long tasks and blocking time are counted up to 3 s after it,',
    'from the Long Tasks API, which reports only tasks over 50 ms (so 0 means none was longer).',
    '"Scrolling" scrolls the page down 40 px per frame for 2 s once the thread is reachable and',
    'times the frames (animation-frame to animation-frame); over 33 ms is a visibly dropped frame.',
    'Bytes on the wire are as the test server sends them: uncompressed (the table above gives gzip/brotli);',
    'the widget\'s are every file it fetched: Isso\'s client, or Maqal\'s loader and every file of its build',
    'the page asked for (modules, parts, chunks, glue, styles, catalogue). Each run deletes the comment it',
    'posted, so every run reads a thread of N.');
  const table = lines.join('\n');
  console.log(table);
  await writeFile(`${root}bench/results.md`, `# Benchmark results\n\n${table}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
