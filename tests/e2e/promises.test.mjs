// Promises the docs make that no other test exercised: the structured data following edits,
// deletions and paging; Isso's thread title; the `dir` attribute; a missing catalogue; the
// 1 MiB cut-off while downloading; the documented strict policy with a real Isso.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { allowProblems } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { startIsso } from '../support/isso.mjs';
import { STRICT_CSP } from '../support/server.mjs';
import { commentsSettled, fillForm, freshPage, mountInline } from '../support/widgets.mjs';

const EN = JSON.parse(readFileSync(new URL('../../embed/i18n/en.json', import.meta.url), 'utf8'));
const FA = JSON.parse(readFileSync(new URL('../../embed/i18n/fa.json', import.meta.url), 'utf8'));

/** What the browser itself logs for a load that fails (an error status). */
const FAILED_LOAD = /^console: Failed to load resource: /;

let servers, browser, isso;
withServersAndBrowser(async (s, b) => {
  [servers, browser] = [s, b];
  isso = await startIsso({ origins: [servers.origin, servers.otherOrigin] });
}, { checkProblems: true });
after(async () => {
  await isso?.close();
});

/** The widget's structured data (`<script data-maqal>` in the light DOM), parsed. */
const structured = (page, id) =>
  page.locator(`#${id} > script[data-maqal]`).evaluate((s) => JSON.parse(s.textContent));

/** Waits until the widget's structured data satisfies `check` (a function source of `ld`). */
const structuredWhen = (page, id, check, arg) => page.waitForFunction(({ id, check, arg }) => {
  const s = document.querySelector(`#${id} > script[data-maqal]`);
  if (!s) return false;
  return new Function('ld', 'arg', `return (${check})(ld, arg);`)(JSON.parse(s.textContent), arg);
}, { id, check, arg }, { timeout: 10_000 });

/** Stored (wire) comments for the browser store: `spec` is [id, parent, minutesAgo]. */
const stored = (spec) => spec.map(([id, parent, ago], i) => ({
  id, parent, author: `كاتب ${i + 1}`, text: `نص التعليق ${id}`, created: Date.now() - ago * 60_000,
}));

const texts = (ld) => (ld.comment ?? []).map((c) => c.text);

// 1. Structured data follows paging, edits and deletions.

test('structured data: "load more" adds the next page of comments to the JSON-LD', async () => {
  const page = await freshPage(browser, servers.origin);
  const spec = stored(Array.from({ length: 25 }, (_, i) => [`c${i + 1}`, null, 100 - i]));
  await mountInline(page, { attrs: { thread: '/ld-paged', comments: 'local', 'page-size': '10' }, stored: spec });
  const w = page.locator('#w');
  await page.locator('#w > script[data-maqal]').waitFor({ state: 'attached' });
  let ld = await structured(page, 'w');
  assert.equal(ld.commentCount, 25, 'the whole thread');
  assert.deepEqual(texts(ld), spec.slice(0, 10).map((c) => c.text), 'the first page, as shown');
  assert.ok(ld.comment.every((c, i) => c['@type'] === 'Comment' && c['@id'].endsWith(`#comment-c${i + 1}`)), JSON.stringify(ld.comment.map((c) => c['@id'])));

  await w.locator('.load-more button').click();
  await structuredWhen(page, 'w', '(ld) => (ld.comment ?? []).length === 20');
  ld = await structured(page, 'w');
  assert.equal(ld.commentCount, 25);
  assert.deepEqual(texts(ld), spec.slice(0, 20).map((c) => c.text));
  await w.locator('.load-more button').click();
  await structuredWhen(page, 'w', '(ld) => (ld.comment ?? []).length === 25');
  ld = await structured(page, 'w');
  assert.deepEqual(texts(ld), spec.map((c) => c.text));
  assert.equal(await page.locator('#w > script[data-maqal]').count(), 1, 'one script, kept current');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('structured data: editing and deleting one\'s own comment (Isso) updates the JSON-LD', async () => {
  const page = await freshPage(browser, servers.origin);
  await mountInline(page, { attrs: { comments: `isso:${isso.endpoint}`, thread: '/ld-own' } });
  const w = page.locator('#w');
  await fillForm(w, { text: 'نص قبل التعديل' });
  await w.locator('button[type="submit"]').click();
  const mine = w.locator('.comment-list > .comment').first();
  await mine.waitFor();
  await structuredWhen(page, 'w', '(ld) => ld.commentCount === 1 && (ld.comment ?? []).length === 1');
  let ld = await structured(page, 'w');
  assert.deepEqual(texts(ld), ['نص قبل التعديل']);
  const commentId = ld.comment[0]['@id'];
  assert.ok(commentId.endsWith(`#${await mine.getAttribute('id')}`), commentId);

  await mine.locator('.comment-actions button', { hasText: 'تعديل' }).click();
  await mine.locator('.edit-form textarea').fill('نص بعد التعديل');
  await mine.locator('.edit-form button[type="submit"]').click();
  await mine.locator('.comment-text', { hasText: 'نص بعد التعديل' }).waitFor();
  await structuredWhen(page, 'w', '(ld) => (ld.comment ?? []).some((c) => c.text === "نص بعد التعديل")')
    .catch(async (e) => assert.fail(`JSON-LD after the edit: ${JSON.stringify(texts(await structured(page, 'w')))} (${e.message})`));
  ld = await structured(page, 'w');
  assert.equal(ld.commentCount, 1);
  assert.deepEqual(texts(ld), ['نص بعد التعديل']);
  assert.equal(ld.comment[0]['@id'], commentId, 'the same comment');

  const del = mine.locator('.comment-actions button.danger');
  await del.click();
  await del.click();
  await w.locator('.comment-list > .comment').first().waitFor({ state: 'hidden' });
  await structuredWhen(page, 'w', '(ld) => ld.commentCount === 0')
    .catch(async (e) => assert.fail(`JSON-LD after the deletion: ${JSON.stringify(await structured(page, 'w'))} (${e.message})`));
  ld = await structured(page, 'w');
  assert.deepEqual(texts(ld), [], 'the deleted comment is gone from the structured data');
  assert.equal((await isso.thread('/ld-own')).total_replies, 0);
  assert.deepEqual(page.problems, []);
  await page.close();
});

// 2. Isso's thread title.

test('Isso: creating a thread sends the article\'s headline as its title', async () => {
  const page = await freshPage(browser, servers.origin);
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().startsWith(`${isso.endpoint}/new`)) posts.push({ url: r.url(), body: r.postDataJSON() });
  });
  // mountInline's article headline is `Thread <id>`.
  await mountInline(page, { id: 'titled', attrs: { comments: `isso:${isso.endpoint}`, thread: '/titled-thread' } });
  const w = page.locator('#titled');
  await fillForm(w, { text: 'أول تعليق في هذا الخيط' });
  await w.locator('button[type="submit"]').click();
  await w.locator('.comment-list > .comment').first().waitFor();
  assert.equal(posts.length, 1);
  assert.equal(new URL(posts[0].url).searchParams.get('uri'), '/titled-thread');
  assert.equal(posts[0].body.title, 'Thread titled');
  // The comment landed in that thread on the real server.
  const thread = await isso.thread('/titled-thread');
  assert.equal(thread.total_replies, 1);
  assert.equal(thread.replies[0].text, '<p>أول تعليق في هذا الخيط</p>');
  assert.deepEqual(page.problems, []);
  await page.close();
});

// 3. The `dir` attribute.

test('dir: forces the interface and the article; anything else is derived', async () => {
  const page = await freshPage(browser, servers.origin);
  const cases = [
    // [id, article language, dir attribute, expected direction]
    ['arLtr', 'ar', 'ltr', 'ltr'],
    ['enRtl', 'en', 'rtl', 'rtl'],
    ['arJunk', 'ar', 'sideways', 'rtl'],
    ['enJunk', 'en', 'sideways', 'ltr'],
    ['arAuto', 'ar', 'auto', 'rtl'],
    ['enAuto', 'en', 'auto', 'ltr'],
  ];
  for (const [id, lang, dir] of cases) {
    await mountInline(page, { id, lang, attrs: { dir, comments: 'local', thread: `/dir-${id}` } });
  }
  for (const [id, , , expected] of cases) {
    const found = await page.locator(`#${id}`).evaluate((el) => ({
      frame: getComputedStyle(el.shadowRoot.querySelector('.frame')).direction,
      article: getComputedStyle(el.shadowRoot.querySelector('article')).direction,
      comments: getComputedStyle(el.shadowRoot.querySelector('.comments')).direction,
    }));
    assert.deepEqual(found, { frame: expected, article: expected, comments: expected }, id);
  }
  // Junk is said (a warning), not an error.
  assert.deepEqual(page.problems, []);
  await page.close();
});

// 4. A missing catalogue.

test('a missing catalogue: English words, one console warning naming it, and the widget works', async () => {
  const page = await browser.page();
  allowProblems(page, FAILED_LOAD);
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const asked = [];
  await page.route('**/i18n/fa.json', (route) => {
    asked.push(route.request().url());
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
  });
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate(() => localStorage.clear());
  await mountInline(page, { id: 'fa1', lang: 'fa', attrs: { comments: 'local', thread: '/fa-missing' } });
  const w = page.locator('#fa1');
  assert.ok(asked.length >= 1, 'the fa catalogue was asked for');
  assert.equal(await w.locator('.comments-title').innerText(), EN.counted.comment_count['0']);
  assert.equal(await w.locator('.comment-form button[type="submit"]').innerText(), EN.messages.submit);
  const catalogueWarnings = warnings.filter((t) => /catalogue/.test(t));
  assert.equal(catalogueWarnings.length, 1, catalogueWarnings.join('\n'));
  assert.match(catalogueWarnings[0], /\bfa\b/);
  // It otherwise works: a comment is posted and shown.
  await fillForm(w, { text: 'یک دیدگاه آزمایشی' });
  await w.locator('.comment-form button[type="submit"]').click();
  await w.locator('.comment-list > .comment .comment-text', { hasText: 'یک دیدگاه آزمایشی' }).waitFor();
  // English words; the number in the language's digits (Intl's for fa).
  const one = await page.evaluate(() => new Intl.NumberFormat('fa').format(1));
  assert.equal(await w.locator('.comments-title').innerText(), EN.counted.comment_count.one.replace('{n}', one));

  // The next widget asks again, and now gets Persian.
  const before = asked.length;
  await page.unroute('**/i18n/fa.json');
  const refetched = page.waitForRequest((r) => r.url().endsWith('/i18n/fa.json'), { timeout: 10_000 }).then(() => true, () => false);
  await mountInline(page, { id: 'fa2', lang: 'fa', attrs: { comments: 'local', thread: '/fa-missing-2' } });
  assert.equal(await refetched, true, `asked again (404s seen: ${before})`);
  const fa2 = page.locator('#fa2');
  await page.waitForFunction((want) => document.querySelector('#fa2').shadowRoot.querySelector('.comments-title')?.textContent === want,
    FA.counted.comment_count['0'], { timeout: 10_000 })
    .catch(async () => assert.fail(`second widget: ${await fa2.locator('.comments-title').innerText()}`));
  assert.equal(warnings.filter((t) => /catalogue/.test(t)).length, 1, 'still said once');
  assert.deepEqual(page.problems.filter((p) => !FAILED_LOAD.test(p)), []);
  await page.close();
});

// 5. The 1 MiB cut-off while downloading.

test('an article streamed past 1 MiB without Content-Length: "too large", and the download is cut off', async () => {
  // A server of our own, pacing 4 MiB out in 64 KiB slices, counting what it got to write.
  const CHUNK = 64 * 1024;
  const TOTAL = 64;
  let written = 0;
  let closedAt = null;
  let finished = false;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
    res.write('{"@type":"NewsArticle","headline":"H","articleBody":"');
    const chunk = Buffer.alloc(CHUNK, 0x61);
    const timer = setInterval(() => {
      if (written >= TOTAL) {
        clearInterval(timer);
        finished = true;
        return res.end('"}');
      }
      written++;
      res.write(chunk);
    }, 15);
    res.on('close', () => {
      clearInterval(timer);
      if (!finished) closedAt = written;
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const streamed = `http://127.0.0.1:${server.address().port}/huge.json`;
  const page = await freshPage(browser, servers.origin);
  try {
    await page.evaluate(({ streamed, local }) => {
      for (const [id, src] of [['paced', streamed], ['served', local]]) {
        const el = document.createElement('maqal-article');
        el.id = id;
        el.setAttribute('lang', 'en');
        el.setAttribute('src', src);
        document.getElementById('slot').append(el);
      }
    }, { streamed, local: '/api/huge-streamed' });
    const want = EN.messages.err_too_large.replace('{size}', '1,024');
    for (const id of ['paced', 'served']) {
      const notice = page.locator(`#${id} .frame .notice.error[role="alert"] p`);
      await notice.waitFor({ timeout: 20_000 });
      assert.equal(await notice.innerText(), want, id);
    }
    // Cut off: the connection closed before the 4 MiB were written, soon after the first 1 MiB.
    const deadline = Date.now() + 5000;
    while (closedAt === null && !finished && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(finished, false, 'the whole 4 MiB were downloaded');
    assert.notEqual(closedAt, null, 'the connection was not closed');
    assert.ok(closedAt * CHUNK < 2 * 1024 * 1024, `closed after ${closedAt * CHUNK} bytes written`);
    assert.ok(closedAt * CHUNK >= 1024 * 1024 - CHUNK, `closed after only ${closedAt * CHUNK} bytes`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
});

// 6. The strict policy with a real Isso.

test('strict CSP as documented for Isso: comments from a real Isso show, nothing is blocked', async () => {
  // The page must come from a real loopback server (a page Playwright fulfils counts as public,
  // and Chromium then refuses its requests to loopback), so a server of our own serves the host
  // page under the policy and passes everything else on to the test server; Isso allows it.
  const hostHtml = readFileSync(new URL('../fixtures/host.html', import.meta.url), 'utf8');
  let policy = '';
  const server = createServer(async (req, res) => {
    if (req.url === '/csp-isso.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': policy });
      return res.end(hostHtml);
    }
    const r = await fetch(`${servers.origin}${req.url}`);
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const own = await startIsso({ origins: [origin] });
  const page = await browser.page();
  try {
    // The documented row: the local policy with the Isso server in connect-src.
    policy = STRICT_CSP.replace("connect-src 'self'", `connect-src 'self' ${own.endpoint}`);
    await own.post('/csp-isso', { text: 'تعليق **مسبق** من إيسو', author: 'سارة' });
    const violations = [];
    await page.exposeFunction('reportViolation', (v) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(`${origin}/csp-isso.html`);
    assert.equal(response.headers()['content-security-policy'], policy);
    await page.evaluate(() => localStorage.clear());
    await mountInline(page, { attrs: { comments: `isso:${own.endpoint}`, thread: '/csp-isso' } });
    const w = page.locator('#w');
    assert.equal(await w.locator('.comment-list > .comment .comment-text strong').textContent({ timeout: 5000 }), 'مسبق');
    assert.equal(await w.locator('.comment-list > .comment .author').first().innerText(), 'سارة');
    // Posting works too.
    await fillForm(w, { text: 'تعليق تحت السياسة' });
    await w.locator('.comment-form button[type="submit"]').click();
    await w.locator('.comment-list > .comment .comment-text', { hasText: 'تعليق تحت السياسة' }).waitFor();
    assert.equal((await own.thread('/csp-isso')).total_replies, 2);
    // The stylesheet applied (adopted), as without the policy.
    assert.equal(await w.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('h1')).fontWeight), '800');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(violations, []);
    assert.deepEqual(page.problems, []);
    // The control: the policy is in force (a request elsewhere is refused and reported).
    allowProblems(page, /^console: Connecting to .* violates the following Content Security Policy directive: "connect-src /,
      /^console: Fetch API cannot load .* Refused to connect because it violates the document.s Content Security Policy/);
    await page.evaluate((other) => fetch(`${other}/x`).catch(() => {}), servers.otherOrigin);
    const deadline = Date.now() + 3000;
    while (violations.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(violations.length, 1, violations.join('\n'));
    assert.match(violations[0], /^connect-src /);
  } finally {
    await page.close();
    await own.close();
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
});
