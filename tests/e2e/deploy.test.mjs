// Real deployments, as they are: servers that send parts with the wrong type, slow and broken
// links, a deploy while a page is open (two builds behind one path), another script's
// WebAssembly trapping, lazy widgets far down the page, catalogues that fail or come late.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowProblems } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { deployLog, twoBuilds } from '../support/server.mjs';
import { commentsSettled, fillForm, mountInline, selfTestPanic, BUILD_PATH } from '../support/widgets.mjs';
import { buildOf, files } from '../../scripts/build-files.mjs';
import { splitParts } from '../../scripts/split-manifest.mjs';

let servers, browser;
withServersAndBrowser((s, b) => { servers = s; browser = b; });

const root = new URL('../..', import.meta.url).pathname;
const dist = join(root, 'dist');
const EN = JSON.parse(readFileSync(join(root, 'embed', 'i18n', 'en.json'), 'utf8')).messages;
const FA = JSON.parse(readFileSync(join(root, 'embed', 'i18n', 'fa.json'), 'utf8')).messages;

/** A page at `url` (a host page with an empty #slot), with empty storage and a record of warnings. */
async function open(url) {
  const page = await browser.page();
  page.warnings = [];
  page.on('console', (m) => m.type() === 'warning' && page.warnings.push(m.text()));
  await page.goto(url);
  await page.evaluate(() => {
    localStorage.clear();
    window.widgetErrors = [];
    document.addEventListener('maqal:error', (e) => window.widgetErrors.push(e.detail));
  });
  return page;
}

/** What the browser logs for a file answered 404, and what the parts' loader says of a part's. */
const NOT_FOUND = /^console: Failed to load resource: the server responded with a status of 404 \(Not Found\)$/;
const PART_404 = /^console: Error: maqal: \S+\/(split|chunk)_\w+\.wasm: HTTP 404(\n|$)/;

/** The part failure notice in the widget `#id`, in English. */
const partFailure = (page, id = 'w') => page.locator(`#${id} .notice.error[role="alert"]`, { hasText: EN.err_part });

test('parts served as application/octet-stream (S3, GCS, older nginx, IIS) still load, with one warning', async () => {
  const page = await open(`${servers.origin}/deploy/octet/host.html`);
  const types = [];
  page.on('response', (r) => /\/(split|chunk)_\w+\.wasm$/.test(r.url()) && types.push([r.url().split('/').pop(), r.headers()['content-type']]));
  // The browser store's own part, then the reader's part: both as octet-stream.
  await mountInline(page, { lang: 'en', attrs: { thread: '/octet', comments: 'local' } });
  const w = page.locator('#w');
  await w.locator('.form-shell').waitFor({ state: 'detached' });
  await fillForm(w, { text: 'Posted through a part served as octet-stream' });
  await w.locator('.comment-form button[type="submit"]').click();
  await w.locator('.comment-text', { hasText: 'Posted through a part served as octet-stream' }).waitFor();
  // Every file of those two parts (as the build's split manifest names them), each once, and
  // each as octet-stream.
  const parts = splitParts(join(dist, buildOf(dist).prefix));
  const wanted = [...new Set([...parts.local, ...parts.compose].filter((f) => f.endsWith('.wasm')))].sort();
  assert.deepEqual(types.map(([file]) => file).sort(), wanted);
  assert.deepEqual(types.filter(([, type]) => type !== 'application/octet-stream'), []);
  assert.equal(page.warnings.filter((t) => t.startsWith('maqal:') && t.includes('application/octet-stream')).length, 1, page.warnings.join('\n'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a slow link gets the reader\'s part however long it takes, while bytes keep coming', async () => {
  // 16 s in all, a slice every 0.8 s: longer than any total bound, never long without a byte.
  const page = await open(`${servers.origin}/deploy/trickle/host.html`);
  await mountInline(page, { lang: 'en', attrs: { thread: '/trickle', comments: 'local' } });
  const w = page.locator('#w');
  await w.locator('.form-shell').waitFor({ state: 'detached', timeout: 40_000 });
  assert.equal(await partFailure(page).count(), 0);
  assert.deepEqual(await page.evaluate(() => window.widgetErrors), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a part that stops coming fails in its own words and kind, and the retry asks only for the rest', async () => {
  deployLog.ranges.length = 0;
  const page = await open(`${servers.origin}/deploy/stall/host.html`);
  // The stalled download's end, which the parts' loader reports (counted below: once).
  allowProblems(page, /^console: TimeoutError: maqal: no bytes of \S+\/split_compose\.wasm for 10 s(\n|$)/);
  await mountInline(page, { lang: 'en', attrs: { thread: '/stall', comments: 'local' } });
  const w = page.locator('#w');
  // Half of it came, then nothing: given up after some seconds without a byte.
  const failed = partFailure(page);
  await failed.waitFor({ timeout: 30_000 });
  assert.deepEqual(await page.evaluate(() => window.widgetErrors), [{ region: 'comments', kind: 'part' }]);
  assert.doesNotMatch(await failed.innerText(), new RegExp(EN.err_unavailable.slice(0, 20)));
  await w.locator('.form-shell #maqal-comment').fill('Typed while the part was stuck');
  await failed.locator('button').click();
  await w.locator('.form-shell').waitFor({ state: 'detached', timeout: 20_000 });
  const size = statSync(join(dist, BUILD_PATH, 'split_compose.wasm')).size;
  assert.deepEqual(deployLog.ranges, [`bytes=${size >> 1}-`], 'the retry continued where the download stopped');
  assert.equal(await w.locator('#maqal-comment').inputValue(), 'Typed while the part was stuck');
  // In the console: the stalled download's end, said once, and nothing else.
  assert.deepEqual(page.problems.filter((p) => !/no bytes of \S+split_compose\.wasm for 10 s/.test(p)), []);
  assert.equal(page.problems.length, 1, page.problems.join('\n'));
  await page.close();
});

test('a missing backend part says so in its own words, not that the comment server is down', async () => {
  const page = await open(`${servers.origin}/fixtures/host.html`);
  // Missing on purpose: the browser logs the 404, the parts' loader its reason.
  allowProblems(page, NOT_FOUND, /^console: Error: maqal: \S+\/split_local\.wasm: HTTP 404(\n|$)/);
  await page.route('**/split_local.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await mountInline(page, { lang: 'en', attrs: { thread: '/no-backend-part', comments: 'local' }, settle: false });
  const notice = page.locator('#w .comments .notice.error');
  await notice.waitFor();
  // The part's failure, in its words, after what could not be done: not the server's.
  assert.equal(await notice.locator('p').innerText(), `${EN.err_load_comments} ${EN.err_part}`);
  assert.deepEqual(await page.evaluate(() => window.widgetErrors), [{ region: 'comments', kind: 'part' }]);
  await page.close();
});

test('another script\'s WebAssembly trapping leaves every widget as it was; the widget\'s own still shows', async () => {
  const page = await open(`${servers.origin}/fixtures/host.html`);
  await mountInline(page, { lang: 'en', attrs: { thread: '/foreign-trap', comments: 'local' } });
  const w = page.locator('#w');
  await w.locator('.form-shell').waitFor({ state: 'detached' });
  // The foreign module's two traps reach the page as uncaught errors, on purpose.
  allowProblems(page, /^pageerror: unreachable$/);
  // A captcha's or a codec's module: `(func (export "boom") unreachable)`, trapping in a task of
  // its own (an uncaught error) and in a promise nobody catches (an unhandled rejection).
  await page.evaluate(async () => {
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 98, 111, 111, 109, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
    const { instance } = await WebAssembly.instantiate(bytes);
    // Both traps have reached the page (the loader listens there too) before anything is read,
    // and a frame has been drawn after them.
    const reported = Promise.all([
      new Promise((resolve) => window.addEventListener('error', resolve, { once: true })),
      new Promise((resolve) => window.addEventListener('unhandledrejection', resolve, { once: true })),
    ]);
    setTimeout(() => instance.exports.boom(), 0);
    Promise.resolve().then(() => instance.exports.boom());
    await reported;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  assert.equal(await page.locator('p.maqal-crashed').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.widgetErrors), []);
  assert.ok(!page.problems.some((p) => p.includes('maqal: the widget stopped')), page.problems.join('\n'));
  // Still working: a comment posts.
  await fillForm(w, { text: 'Still here after another module trapped' });
  await w.locator('.comment-form button[type="submit"]').click();
  await w.locator('.comment-text', { hasText: 'Still here after another module trapped' }).waitFor();
  // The widget's own trap is still its crash, which the loader reports.
  allowProblems(page, /^console: maqal: the widget stopped after an internal error RuntimeError: unreachable(\n|$)/);
  await selfTestPanic(page);
  await page.locator('#w p.maqal-crashed').waitFor();
  assert.deepEqual(await page.evaluate(() => window.widgetErrors), [{ region: 'article', kind: 'crash' }]);
  await page.close();
});

test('a lazy widget asks for its backend\'s part when it comes near, not with the page', async () => {
  const page = await browser.page();
  const asked = [];
  page.on('request', (r) => /\/split_(isso|wordpress|local)\.wasm$/.test(r.url()) && asked.push(r.url().split('/').pop()));
  await page.route('**/fixtures/lazy-deploy.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
      <script type="module" src="/maqal.js"></script></head><body>
      <div style="block-size: 4000px">Above the fold</div>
      <maqal-article id="lazy" loading="lazy" comments="local" thread="/lazy-deploy">
        <script type="application/ld+json">{"@type":"NewsArticle","inLanguage":"en","headline":"Far down","articleBody":"B"}</script>
      </maqal-article></body></html>`,
  }));
  await page.goto(`${servers.origin}/fixtures/lazy-deploy.html`);
  await page.evaluate(() => customElements.whenDefined('maqal-article'));
  await page.waitForLoadState('networkidle');
  assert.deepEqual(asked, [], 'nothing of the lazy widget\'s backend before it is near');
  await page.locator('#lazy').scrollIntoViewIfNeeded();
  await commentsSettled(page, 'lazy');
  assert.deepEqual(asked, ['split_local.wasm']);
  await page.close();
});

/** Build B: build A (dist/'s) under another name, as the next deploy's would be. */
function secondBuild(work) {
  const a = readdirSync(dist).find((name) => /^[0-9a-f]{12}$/.test(name));
  const b = [...a].reverse().join('') === a ? `0${a.slice(1)}` : [...a].reverse().join('');
  const dir = join(work, b);
  cpSync(join(dist, a), dir, { recursive: true });
  for (const file of files(dir).filter((f) => /^i18n\/[\w-]+\.json$/.test(f))) {
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(`["${a}",`, `["${b}",`));
  }
  return { a, b: { id: b, dir, loader: readFileSync(join(dist, 'maqal.js'), 'utf8').replaceAll(a, b) } };
}

test('two builds behind one path: a page keeps its own build\'s files; a mixed catalogue is refused', async () => {
  const work = mkdtempSync(join(tmpdir(), 'maqal-builds-'));
  try {
    const { a, b } = secondBuild(work);
    Object.assign(twoBuilds, { loader: 'A', folders: new Set(['A', 'B']), b, bodies: {} });
    const page = await open(`${servers.origin}/two-builds/host.html`);
    const folders = [];
    const asked = [];
    page.on('request', (r) => {
      const m = new URL(r.url()).pathname.match(/^\/two-builds\/([0-9a-f]{12})\/(.+)$/);
      if (m) {
        folders.push(m[1]);
        asked.push(m[2]);
      }
    });
    await mountInline(page, { lang: 'en', attrs: { thread: '/deploy-1', comments: 'local' } });
    // The deploy: the path's loader is now build B's, and A's folder is kept (as the docs say).
    twoBuilds.loader = 'B';
    // Later needs of the open page (a Persian widget's catalogue, the reader's part) come from
    // its own build.
    await mountInline(page, { id: 'later', lang: 'fa', attrs: { thread: '/deploy-2', comments: 'local' } });
    await page.locator('#later .form-shell').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#later .comment-form button[type="submit"]').innerText(), FA.submit);
    // Those later needs among them, all from build A.
    assert.deepEqual([...new Set(folders)], [a], folders.join(' '));
    assert.deepEqual(['i18n/fa.json', 'split_compose.wasm'].filter((f) => !asked.includes(f)), [], asked.join(' '));
    // A new page gets build B's files, and only those: its module, stylesheet and catalogue too.
    folders.length = 0;
    asked.length = 0;
    await page.reload();
    await page.evaluate(() => localStorage.clear());
    await mountInline(page, { lang: 'fa', attrs: { thread: '/deploy-3', comments: 'local' } });
    assert.deepEqual([...new Set(folders)], [b.id], folders.join(' '));
    assert.deepEqual(['maqal-core_bg.wasm', 'maqal.css', 'i18n/fa.json'].filter((f) => !asked.includes(f)), [], asked.join(' '));

    // Build A's folder removed while a page of it is open: what it still needs says what failed.
    twoBuilds.loader = 'A';
    const old = await open(`${servers.origin}/two-builds/host.html`);
    // Its build's folder is removed on purpose: the parts the new widget needs are 404s.
    allowProblems(old, NOT_FOUND, PART_404);
    await mountInline(old, { lang: 'en', attrs: { thread: '/deploy-4', comments: 'local' } });
    // Its reader's part already here: what fails next is only what the new widget needs.
    await old.locator('#w .form-shell').waitFor({ state: 'detached' });
    twoBuilds.folders = new Set(['B']);
    twoBuilds.loader = 'B';
    await mountInline(old, { id: 'gone', lang: 'en', attrs: { thread: '/deploy-5', comments: 'isso:http://127.0.0.1:9' }, settle: false });
    await old.locator('#gone .comments .notice.error', { hasText: EN.err_part }).waitFor();
    assert.deepEqual(await old.evaluate(() => window.widgetErrors), [{ region: 'comments', kind: 'part' }]);
    await old.close();

    // A cache that mixed them: build B's catalogue, with its words in another order, at build A's
    // address. Refused, said once, and the widget speaks English rather than misplaced words.
    twoBuilds.folders = new Set(['A']);
    twoBuilds.loader = 'A';
    const foreign = JSON.parse(readFileSync(join(b.dir, 'i18n', 'fa.json'), 'utf8'));
    foreign[1] = [...foreign[1].slice(1), foreign[1][0]];
    twoBuilds.bodies = { [`${a}/i18n/fa.json`]: JSON.stringify(foreign) };
    const mixed = await open(`${servers.origin}/two-builds/host.html`);
    await mountInline(mixed, { lang: 'fa', attrs: { thread: '/deploy-6', comments: 'local' } });
    await mixed.locator('#w .form-shell').waitFor({ state: 'detached' });
    assert.equal(await mixed.locator('#w .comment-form button[type="submit"]').innerText(), EN.submit);
    assert.deepEqual(mixed.warnings.filter((t) => t.startsWith('maqal:')),
      ['maqal: the fa catalogue could not be loaded (it is of another build of the widget); English instead']);
    await mixed.close();
    await page.close();
  } finally {
    Object.assign(twoBuilds, { loader: 'A', folders: new Set(['A', 'B']), b: null, bodies: {} });
    rmSync(work, { recursive: true, force: true });
  }
});

test('a catalogue that failed once is asked for again by the next widget', async () => {
  const page = await open(`${servers.origin}/fixtures/host.html`);
  // The first answer is a 503 on purpose, which the browser logs.
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of 503 \(Service Unavailable\)$/);
  let asked = 0;
  await page.route('**/i18n/fa.json', (route) => (++asked === 1 ? route.fulfill({ status: 503, body: 'busy' }) : route.continue()));
  await mountInline(page, { id: 'first', lang: 'fa', attrs: { thread: '/cat-1', comments: 'local' } });
  await page.locator('#first .form-shell').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#first .comment-form button[type="submit"]').innerText(), EN.submit);
  await mountInline(page, { id: 'second', lang: 'fa', attrs: { thread: '/cat-2', comments: 'local' } });
  await page.locator('#second .form-shell').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#second .comment-form button[type="submit"]').innerText(), FA.submit);
  assert.equal(asked, 2);
  await page.close();
});

test('a catalogue\'s wait counts from when the module asks, not from the script\'s start', async () => {
  const page = await browser.page();
  // The module comes 4 s late; the catalogue, asked for with the page, 7 s late: 3 s after the
  // module asks for it, within the wait it is given.
  await page.route('**/maqal-core_bg.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await route.continue();
  });
  await page.route('**/i18n/fa.json', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await route.continue();
  });
  await page.route('**/fixtures/late-catalogue.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,">
      <script type="module" src="/maqal.js"></script></head><body>
      <maqal-article id="w" comments="local" thread="/late-catalogue">
        <script type="application/ld+json">{"@type":"NewsArticle","inLanguage":"fa","headline":"دیر","articleBody":"متن"}</script>
      </maqal-article></body></html>`,
  }));
  await page.goto(`${servers.origin}/fixtures/late-catalogue.html`);
  await commentsSettled(page, 'w', 30_000);
  await page.locator('#w .form-shell').waitFor({ state: 'detached', timeout: 20_000 });
  assert.equal(await page.locator('#w .comment-form button[type="submit"]').innerText(), FA.submit);
  assert.deepEqual(page.problems, []);
  await page.close();
});
