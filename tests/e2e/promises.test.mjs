// Promises the docs make that no other test exercised: the structured data following edits,
// deletions and paging; Isso's thread title; the `dir` attribute; a missing catalogue; the
// 1 MiB cut-off while downloading; the documented strict policy with a real Isso; paging that
// holds across deletions and comments held for moderation; a lazy widget's permalink.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { allowProblems } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { startIsso } from '../support/isso.mjs';
import { STRICT_CSP } from '../support/server.mjs';
import { assertPolicyHeld, openUnderPolicy, servePolicyPage } from '../support/csp.mjs';
import { commentsSettled, fillForm, focusedId, freshPage, loadMore as clickLoadMore, mountInline } from '../support/widgets.mjs';

const EN = JSON.parse(readFileSync(new URL('../../embed/i18n/en.json', import.meta.url), 'utf8'));
const FA = JSON.parse(readFileSync(new URL('../../embed/i18n/fa.json', import.meta.url), 'utf8'));

/** What the browser itself logs for a load that fails (an error status). */
const FAILED_LOAD = /^console: Failed to load resource: /;

let servers, browser, isso, moderated;
withServersAndBrowser(async (s, b) => {
  [servers, browser] = [s, b];
  const origins = [servers.origin, servers.otherOrigin];
  [isso, moderated] = await Promise.all([startIsso({ origins }), startIsso({ origins, moderated: true })]);
});
after(async () => {
  await isso?.close();
  await moderated?.close();
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
  // Inline JSON-LD without a url: the canonical address is the page's.
  const address = `${servers.origin}/fixtures/host.html`;
  assert.deepEqual(ld.comment.map((c) => [c['@type'], c['@id']]), spec.slice(0, 10).map((c) => ['Comment', `${address}#comment-${c.id}`]));

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
  assert.equal(commentId, `${servers.origin}/fixtures/host.html#${await mine.getAttribute('id')}`);

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
  assert.equal(asked.length, 1, 'the fa catalogue was asked for, once');
  assert.equal(await w.locator('.comments-title').innerText(), EN.counted.comment_count['0']);
  assert.equal(await w.locator('.comment-form button[type="submit"]').innerText(), EN.messages.submit);
  assert.deepEqual(warnings.filter((t) => /catalogue/.test(t)), ['maqal: the fa catalogue could not be loaded (HTTP 404); English instead']);
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
    // The server first: a page closing with errors throws, and must not leave it running.
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
    await page.close();
  }
});

// 6. The strict policy with a real Isso.

test('strict CSP as documented for Isso: comments from a real Isso show, nothing is blocked', async () => {
  // The page must come from a real loopback server (a page Playwright fulfils counts as public,
  // and Chromium then refuses its requests to loopback), so a server of our own serves the host
  // page under the policy and passes everything else on to the test server; Isso allows it.
  let policy = '';
  const server = await servePolicyPage('csp-isso', servers.origin, () => policy);
  const own = await startIsso({ origins: [server.origin] });
  const page = await browser.page();
  try {
    // The documented row: the local policy with the Isso server in connect-src.
    policy = STRICT_CSP.replace("connect-src 'self'", `connect-src 'self' ${own.endpoint}`);
    await own.post('/csp-isso', { text: 'تعليق **مسبق** من إيسو', author: 'سارة' });
    const violations = await openUnderPolicy(page, `${server.origin}/csp-isso.html`, policy);
    await mountInline(page, { attrs: { comments: `isso:${own.endpoint}`, thread: '/csp-isso' } });
    const w = page.locator('#w');
    assert.equal(await w.locator('.comment-list > .comment .comment-text strong').textContent({ timeout: 5000 }), 'مسبق');
    assert.equal(await w.locator('.comment-list > .comment .author').first().innerText(), 'سارة');
    // Posting works too.
    await fillForm(w, { text: 'تعليق تحت السياسة' });
    await w.locator('.comment-form button[type="submit"]').click();
    await w.locator('.comment-list > .comment .comment-text', { hasText: 'تعليق تحت السياسة' }).waitFor();
    assert.equal((await own.thread('/csp-isso')).total_replies, 2);
    await assertPolicyHeld(page, w, violations, servers.otherOrigin);
  } finally {
    // Its own servers first: a page closing with errors throws, and must not leave them running.
    await own.close();
    await server.close();
    await page.close();
  }
});

// 7. Paging that holds: "posting, deleting, a comment held for moderation or another reader
// posting meanwhile neither skips nor repeats one" (docs/embedding.md, Comments).

/** The texts of the top-level comments widget `#id` shows, in order (a deleted one is hidden). */
const topTexts = (page, id = 'w') => page.evaluate((id) =>
  [...document.getElementById(id).shadowRoot.querySelectorAll('.comment-list > .comment:not([hidden]) > .comment-body .comment-text')]
    .map((t) => t.textContent.trim()), id);

/** `Comment 01` … : the texts of seeded comments `from`..`to`, as shown. */
const numbered = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `Comment ${String(from + i).padStart(2, '0')}`);

/** Posts `numbered(from, to)` to the Isso `server`'s thread `uri`, one after another (Isso orders by time). */
async function seedIsso(server, uri, from, to) {
  const posted = [];
  for (const text of numbered(from, to)) posted.push(await server.post(uri, { text, author: 'Another reader' }));
  return posted;
}

/** Clicks "load more" in widget `#id`, waits for the page, and returns the top-level texts then. */
async function loadMore(page, id = 'w') {
  await clickLoadMore(page, id);
  return topTexts(page, id);
}

test('paging (Isso): the reader deleting their own comment on page 1 neither skips nor repeats one', async () => {
  const uri = '/paging-own-deleted';
  const page = await freshPage(browser, servers.origin);
  const attrs = { comments: `isso:${isso.endpoint}`, thread: uri, 'page-size': '5', lang: 'en' };
  // The reader's comment first, then eleven by others: the reader's is on the server's page 1.
  await mountInline(page, { attrs });
  await fillForm(page.locator('#w'), { text: 'Comment 01' });
  await page.locator('#w .comment-form button[type="submit"]').click();
  await page.locator('#w .comment-list > .comment').first().waitFor();
  await seedIsso(isso, uri, 2, 12);
  await page.reload();
  await mountInline(page, { attrs });
  const w = page.locator('#w');
  assert.deepEqual(await topTexts(page), numbered(1, 5));

  // Deleted from the widget (it has no replies: gone from the server's list, which is one shorter).
  const mine = w.locator('.comment-list > .comment').first();
  await mine.locator('.comment-actions button.danger').click();
  await mine.locator('.comment-actions button.danger').click();
  await mine.waitFor({ state: 'hidden' });
  assert.deepEqual((await isso.thread(uri)).replies.map((c) => c.text), numbered(2, 12).map((t) => `<p>${t}</p>`));
  assert.deepEqual(await topTexts(page), numbered(2, 5));

  // The next page starts after the last one the server sent, less the one deleted: Comment 06.
  assert.deepEqual(await loadMore(page), numbered(2, 10));
  assert.deepEqual(await loadMore(page), numbered(2, 12));
  assert.equal(await w.locator('.load-more').count(), 0, 'nothing left to load');
  await page.close();
});

// Deleted elsewhere, the widget cannot know: the server's list is shorter than it counted. A next
// page asks again for a few comments already shown (3), and from further back when those too are
// gone, so nothing is skipped; what comes twice is shown once.
test('paging (Isso): comments on page 1 deleted elsewhere (Isso\'s API) before "load more" neither skip nor repeat one', async () => {
  for (const [uri, gone] of [['/paging-deleted-elsewhere-1', [2]], ['/paging-deleted-elsewhere-4', [1, 2, 3, 4]]]) {
    const seeded = await seedIsso(isso, uri, 1, 12);
    const page = await freshPage(browser, servers.origin);
    await mountInline(page, { attrs: { comments: `isso:${isso.endpoint}`, thread: uri, 'page-size': '5', lang: 'en' } });
    assert.deepEqual(await topTexts(page), numbered(1, 5));
    // Their authors delete them from their own browsers while this reader reads page 1.
    for (const i of gone) await isso.remove(seeded[i].id);
    assert.equal((await isso.thread(uri)).total_replies, 12 - gone.length);
    // They stay on this screen (nothing tells the widget); the next page goes on from Comment 06
    // (a page, and the comments asked for again that were not there any more: at most 5 + 3).
    const shown = await loadMore(page);
    assert.ok(shown.length >= 10 && shown.length <= 13, `${gone.length} deleted: ${shown}`);
    assert.deepEqual(shown, numbered(1, shown.length), `${gone.length} deleted`);
    if (shown.length < 12) assert.deepEqual(await loadMore(page), numbered(1, 12), `${gone.length} deleted`);
    assert.equal(await page.locator('#w .load-more').count(), 0, 'nothing left to load');
    await page.close();
  }
});

test('paging (Isso, newest first): comments held for moderation, the reader\'s and another\'s, neither skip nor repeat one', async () => {
  const uri = '/paging-held';
  // Twelve published comments on a server that holds new ones: posted, then approved by the
  // moderator (their mode set, as the "activate" link does).
  const seeded = await seedIsso(moderated, uri, 1, 12);
  await moderated.setMode(seeded.map((c) => c.id), 1);
  assert.equal((await moderated.thread(uri)).total_replies, 12);
  const page = await freshPage(browser, servers.origin);
  await mountInline(page, { attrs: { comments: `isso:${moderated.endpoint}`, thread: uri, 'page-size': '5', lang: 'en' } });
  const w = page.locator('#w');
  await w.locator('#maqal-sort').selectOption('newest');
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot
    .querySelector('.comment-list[aria-busy="false"] > .comment .comment-text')?.textContent.trim() === 'Comment 12');
  assert.deepEqual(await topTexts(page), numbered(8, 12).reverse());

  // The reader's comment is held: shown to them first, with the notice, and not in the server's
  // list, so the next page still starts at the sixth newest.
  await fillForm(w, { text: 'My held comment', name: 'Layla' });
  await w.locator('.comment-form button[type="submit"]').click();
  await w.locator('.announcement', { hasText: 'awaiting moderation' }).waitFor();
  assert.equal(await w.locator('.comment-list > .comment').first().locator('.awaiting').count(), 1);
  // Another reader's comment, held too: listed to nobody.
  await moderated.post(uri, { text: 'Held comment of another reader', author: 'Someone' });
  assert.equal((await moderated.thread(uri)).total_replies, 12, 'both held: not public');

  assert.deepEqual(await loadMore(page), ['My held comment', ...numbered(3, 12).reverse()]);
  assert.deepEqual(await loadMore(page), ['My held comment', ...numbered(1, 12).reverse()]);
  assert.equal(await w.locator('.load-more').count(), 0, 'nothing left to load');
  await page.close();
});

// 8. A lazy widget's permalink, in the browser store: "A `#comment-…` link in the address …
// loads it at once" (the `loading` attribute), the store "looks the comment up, so a link to
// another widget's comment loads nothing there", and the comment is opened, scrolled to,
// highlighted and focused, loading the pages before it.

test('a lazy widget (browser store) opens #comment-ID on its third page: loaded at once, scrolled to, highlighted, focused; the other lazy widget loads nothing', async () => {
  const page = await freshPage(browser, servers.origin);
  await page.setViewportSize({ width: 800, height: 600 });
  const spec = stored(Array.from({ length: 25 }, (_, i) => [`c${i + 1}`, null, 100 - i]));
  const other = stored([['o1', null, 5]]);
  await page.evaluate(({ spec, other }) => {
    localStorage.setItem('maqal:comments:/lazy-linked', JSON.stringify(spec));
    localStorage.setItem('maqal:comments:/lazy-other', JSON.stringify(other));
  }, { spec, other });
  // Set before the widgets exist, as when the reader follows a shared link.
  await page.evaluate(() => { location.hash = '#comment-c23'; });
  // Two lazy widgets far below the screen, behind 4000 px of the page's own content each.
  await page.evaluate(() => {
    for (const [id, thread] of [['linked', '/lazy-linked'], ['other', '/lazy-other']]) {
      const spacer = document.createElement('div');
      spacer.style.height = '4000px';
      const el = document.createElement('maqal-article');
      el.id = id;
      Object.entries({ loading: 'lazy', comments: 'local', thread, 'page-size': '10', lang: 'en' }).forEach(([k, v]) => el.setAttribute(k, v));
      const script = document.createElement('script');
      script.type = 'application/ld+json';
      script.append(JSON.stringify({ '@type': 'NewsArticle', inLanguage: 'en', headline: `Thread ${id}`, articleBody: 'Body.' }));
      el.append(script);
      document.getElementById('slot').append(spacer, el);
    }
  });
  const target = page.locator('#linked #comment-c23.highlight');
  await target.waitFor({ timeout: 10_000 });
  await focusedId(page, '#linked', 'comment-c23');
  // The pages before it, and no more: three pages of ten.
  const ids = await page.evaluate(() => [...document.querySelector('#linked').shadowRoot.querySelectorAll('.comment-list > .comment')].map((c) => c.id));
  assert.deepEqual(ids, spec.map((c) => `comment-${c.id}`));
  // Scrolled to: the comment is on the screen (its scroll may be smooth: waited for).
  await page.waitForFunction(() => {
    const r = document.querySelector('#linked').shadowRoot.querySelector('#comment-c23').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, null, { timeout: 5000 });
  // The other lazy widget, far below still, holds its place and has loaded nothing.
  const rest = page.locator('#other');
  await rest.locator('.near-screen-placeholder').waitFor({ state: 'attached' });
  assert.equal(await rest.locator('section.comments').count(), 0);
  assert.equal(await rest.locator('.comment').count(), 0);
  assert.equal(await page.locator('#other .highlight, #linked .highlight:not(#comment-c23)').count(), 0);
  await page.close();
});
