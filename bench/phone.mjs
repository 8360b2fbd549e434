// The phone profile: a publisher's page on a throttled phone, as Lighthouse's mobile preset has
// it (150 ms round trip, 1.6 Mbps down, 750 kbps up, CPU slowed 4×), cold cache. Static files
// are served brotli-compressed as a CDN would serve them. Pages on the same Isso thread, each with
// the site's footer below (so a late-growing widget would push it, as on a real page):
//   - baseline: the article as server-rendered HTML plus Isso's own client (embed.min.js);
//   - maqal: the widget as the embedding guide gives it (the loader asks for everything at once);
//   - maqal-inline: the same with the server-rendered article inside the element.
// Prints one markdown table (median of the runs, with min and max) and writes bench/results-phone.md:
// article and first comment visible, bytes before the first comment and over the visit (Resource
// Timing), the longest main-thread task, focus to the form accepting a submit, layout shift.
//
//   bash bench/run.sh                    (installs, builds, runs both profiles)
//   node bench/phone.mjs [--runs 5] [--sizes 1,20,1000]
//
// Loopback only; every loop is bounded in count and time.
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { brotliCompressSync, constants } from 'node:zlib';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/support/browser.mjs';
import { startIsso, ISSO_BIN } from '../tests/support/isso.mjs';
import { seed } from './seed.mjs';
import { opt } from './args.mjs';

const RUNS = Math.min(15, Math.max(1, Number(opt('runs', 5))));
const SIZES = opt('sizes', '1,20,1000').split(',').map(Number).filter((n) => n > 0 && n <= 5000);
const TIMEOUT = 120_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.css': 'text/css; charset=utf-8',
};

/** The seed article as a publisher's server renders it (the baseline's article). */
async function serverRenderedArticle() {
  const a = JSON.parse(await readFile(`${root}demo/articles/telegram.json`, 'utf8'));
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paragraphs = a.articleBody.split('\n\n').map((p) => `<p>${esc(p)}</p>`).join('\n');
  return `<article class="article" lang="ar">
  <p class="section">${esc(a.articleSection)}</p>
  <h1 class="headline">${esc(a.headline)}</h1>
  <figure><img src="/articles/telegram.svg" alt="${esc(a.image.description)}" width="${a.image.width}" height="${a.image.height}">
  <figcaption>${esc(a.image.caption)}</figcaption></figure>
  ${paragraphs}
  <p class="source">المصدر: <a href="${a.isBasedOn.url}">${esc(a.isBasedOn.name)}</a></p>
</article>`;
}

const STYLE = `<style>body{margin:0 auto;max-width:40em;padding:1em;font:18px/1.8 system-ui,sans-serif}
img{max-width:100%;height:auto}h1{line-height:1.4}</style>`;

/** What follows the article on a publisher's page (and moves if what is above it grows late). */
const FOOTER = `<footer><h2>الأكثر قراءة</h2><ol>${['أمن الهواتف', 'الذكاء الاصطناعي', 'الحوسبة السحابية', 'الألعاب', 'الشبكات']
  .map((t) => `<li><a href="#">${t}: تقرير جديد</a></li>`).join('')}</ol><p>© تقنية اليوم</p></footer>`;

function pages(article) {
  const head = (title) => `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${title}</title>${STYLE}`;
  return {
    baseline: (endpoint, thread) => `${head('Baseline')}
<script src="/isso/embed.min.js" data-isso="${endpoint}/" async></script></head><body>
${article}
<section id="isso-thread" data-isso-id="${thread}" data-title="Benchmark"></section>${FOOTER}</body></html>`,
    maqal: (endpoint, thread) => `${head('Maqal')}
<script type="module" src="/maqal.js"></script></head><body>
<maqal-article src="/articles/telegram.json" comments="isso:${endpoint}" thread="${thread}"></maqal-article>${FOOTER}</body></html>`,
    // The same, with the article's HTML inside the element, as the publisher's server renders it.
    'maqal-inline': (endpoint, thread) => `${head('Maqal with the article inside')}
<script type="module" src="/maqal.js"></script></head><body>
<maqal-article src="/articles/telegram.json" comments="isso:${endpoint}" thread="${thread}">${article}</maqal-article>${FOOTER}</body></html>`,
  };
}

/** Static files, brotli-compressed once each (quality 11, as a CDN's precompressed copies). */
function startStatic(html) {
  const cache = new Map();
  const issoJs = fileURLToPath(new URL('../lib/python3.11/site-packages/isso/js/embed.min.js', `file://${ISSO_BIN}`));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let body, type;
    try {
      if (url.pathname === '/page') {
        body = Buffer.from(html(url.searchParams.get('kind'), url.searchParams.get('endpoint'), url.searchParams.get('thread')));
        type = TYPES['.html'];
      } else {
        const path = url.pathname === '/isso/embed.min.js' ? issoJs : normalize(join(root, 'dist', decodeURIComponent(url.pathname)));
        if (!path.startsWith(join(root, 'dist')) && path !== issoJs) throw new Error('outside');
        if (!cache.has(path)) {
          const raw = await readFile(path);
          cache.set(path, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
        body = cache.get(path);
        type = TYPES[extname(path)] ?? 'application/octet-stream';
        res.writeHead(200, { 'content-type': type, 'content-encoding': 'br', 'cache-control': 'no-store' });
        return res.end(body);
      }
    } catch {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  })));
}

/**
 * Installed before any page script: when the article and the first comment show, layout shift,
 * the longest main-thread task, and how long the comment form takes to accept a submit when the
 * reader focuses it the moment the first comment shows.
 */
function instrument(kind) {
  window.__phone = { article: null, comment: null, cls: 0, longest: 0, focused: null, accepts: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__phone.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__phone.longest = Math.max(window.__phone.longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  // Maqal's form accepts a submit once its own module has replaced the plain form the first screen
  // draws (a submit pressed before that is kept and sent then); Isso's once its box is there.
  const accepting = () => {
    if (!kind.startsWith('maqal')) return document.querySelector('.isso-postbox .isso-textarea, .isso-postbox textarea');
    const shadow = document.querySelector('maqal-article')?.shadowRoot;
    return shadow && !shadow.querySelector('.form-shell') && shadow.querySelector('form.comment-form #maqal-comment');
  };
  const field = () => (kind.startsWith('maqal')
    ? document.querySelector('maqal-article')?.shadowRoot?.querySelector('#maqal-comment')
    : document.querySelector('.isso-postbox .isso-textarea, .isso-postbox textarea'));
  const find = (selector) => {
    const shadow = document.querySelector('maqal-article')?.shadowRoot;
    const ours = kind.startsWith('maqal');
    // With the article inside the element, its headline counts as visible before the widget's.
    const light = kind === 'maqal-inline' && selector === 'h1.headline' ? document.querySelector(selector) : null;
    return light ?? (ours ? shadow : document)?.querySelector(selector);
  };
  const started = performance.now();
  const poll = () => {
    const b = window.__phone;
    if (b.article === null && find('h1.headline')) b.article = performance.now();
    if (b.comment === null && find(kind.startsWith('maqal') ? '.comment-list > .comment' : '.isso-comment')) b.comment = performance.now();
    if (b.comment !== null && b.focused === null && field()) {
      // Without scrolling to it: the layout shift measured is the page's own, not the reader's.
      field().focus({ preventScroll: true });
      b.focused = performance.now();
    }
    if (b.focused !== null && b.accepts === null && accepting()) b.accepts = performance.now() - b.focused;
    if ((b.article === null || b.accepts === null) && performance.now() - started < 110_000) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function measure(browser, url, kind) {
  const page = await browser.page();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(instrument, kind);
  await page.goto(url, { timeout: TIMEOUT });
  await page.waitForFunction(() => window.__phone.article !== null && window.__phone.accepts !== null, null, { timeout: TIMEOUT, polling: 200 });
  // The rest of the visit: what loads after the first screen (the form's part, idle work).
  await page.waitForTimeout(4000);
  const result = await page.evaluate(() => {
    // Resource Timing, as sent (brotli for static files); the comments API is another origin
    // (and is the same for both clients), the page itself a navigation entry.
    const entries = performance.getEntriesByType('resource').filter((e) => e.name.startsWith(location.origin));
    const sum = (list) => list.reduce((total, e) => total + e.transferSize, 0);
    return {
      ...window.__phone,
      critical: sum(entries.filter((e) => e.responseEnd <= window.__phone.comment)),
      visit: sum(entries),
    };
  });
  await page.close();
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

async function main() {
  const article = await serverRenderedArticle();
  const html = pages(article);
  const statics = await startStatic((kind, endpoint, thread) => html[kind](endpoint, thread));
  // Isso answers CORS for the pages' origin.
  const issoForPage = await startIsso({ origins: [statics.origin] });
  const browser = await launch({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 2.6, isMobile: true, hasTouch: true });
  const rows = [];
  try {
    for (const n of SIZES) {
      const thread = `/phone-${n}`;
      process.stderr.write(`seeding ${n} comments…\n`);
      await seed(issoForPage, thread, n);
      for (const kind of ['baseline', 'maqal', 'maqal-inline']) {
        const results = [];
        for (let run = 0; run < RUNS; run++) {
          const url = `${statics.origin}/page?kind=${kind}&endpoint=${encodeURIComponent(issoForPage.endpoint)}&thread=${encodeURIComponent(thread)}`;
          results.push(await measure(browser, url, kind));
          process.stderr.write(`  ${kind} N=${n} run ${run + 1}/${RUNS}: article ${results.at(-1).article.toFixed(0)} ms, comment ${results.at(-1).comment.toFixed(0)} ms\n`);
        }
        rows.push({ n, kind, results });
      }
    }
  } finally {
    await browser.close();
    await issoForPage.close();
    await statics.close();
  }
  const lines = [
    `Phone profile: 150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU 4× slower, 412 px wide, cold cache, brotli; ${RUNS} runs; median (min–max); ratio = Maqal ÷ baseline (below 1 is better).`,
    '',
    '| N | metric | server-rendered + Isso client | Maqal | ratio | Maqal, article HTML inside | ratio |',
    '|---:|---|---:|---:|---:|---:|---:|',
  ];
  const metrics = [
    ['article visible (ms)', 'article', (v) => v.toFixed(0)],
    ['first comment visible (ms)', 'comment', (v) => v.toFixed(0)],
    ['bytes before the first comment, brotli (KB)', 'critical', (v) => (v / 1024).toFixed(1)],
    ['bytes over the visit, brotli (KB)', 'visit', (v) => (v / 1024).toFixed(1)],
    ['longest main-thread task (ms)', 'longest', (v) => v.toFixed(0)],
    ['focus to the form accepting a submit (ms)', 'accepts', (v) => v.toFixed(0)],
    ['cumulative layout shift', 'cls', (v) => v.toFixed(3)],
  ];
  for (const n of SIZES) {
    const of = (kind) => rows.find((r) => r.n === n && r.kind === kind).results;
    const [base, ours, inline] = [of('baseline'), of('maqal'), of('maqal-inline')];
    for (const [label, key, fmt] of metrics) {
      const [a, b, c] = [base, ours, inline].map((rs) => rs.map((r) => r[key]));
      const cell = (xs) => (['cls', 'critical', 'visit'].includes(key) ? fmt(median(xs)) : `${fmt(median(xs))} (${range(xs)})`);
      const ratio = (xs) => (median(a) > 0 ? (median(xs) / median(a)).toFixed(2) : '—');
      lines.push(`| ${n} | ${label} | ${cell(a)} | ${cell(b)} | ${ratio(b)} | ${cell(c)} | ${ratio(c)} |`);
    }
  }
  lines.push('', '"Visible" is the animation frame in which the headline (or the first comment) is first in the',
    'DOM. Bytes are Resource Timing\'s transferSize of every response from the page\'s origin but the page',
    'itself (the comments API is another origin, the same for both): "before the first comment" those that',
    'ended before it showed, "over the visit" all of them 4 s after the form accepts a submit. The form is',
    'focused in the frame the first comment shows; it accepts a submit once the module that sends one is',
    'there (Maqal draws a plain form first and keeps a submit pressed before then).');
  const table = lines.join('\n');
  console.log(table);
  await writeFile(`${root}bench/results-phone.md`, `# Benchmark results: phone profile\n\n${table}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
