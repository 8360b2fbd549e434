// Live threads: comments others post while the reader reads, against a real Isso 0.14 and the
// browser store in two tabs. The page's clock is Playwright's (time moved on by the test), so
// minutes of a reader's rhythm take a second; requests still go to the real server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { allowProblems, axeFindings, launch } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { startIsso } from '../support/isso.mjs';
import { focusedId, freshPage, loadMore, mountInline, passTime as pass, tick } from '../support/widgets.mjs';

let servers, browser, clocked, isso;
withServersAndBrowser(async (s, b) => {
  [servers, browser] = [s, b];
  isso = await startIsso({ origins: [servers.origin] });
  // A browser of its own for the pages on a fake clock: a clock is its context's, and one moved
  // on by an hour would make the other tests' real times look old.
  clocked = await launch();
});
after(async () => {
  await clocked?.close();
  await isso?.close();
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A fresh page on a fake clock (installed before the widget's module runs). */
async function clockedPage() {
  const page = await freshPage(clocked, servers.origin);
  await page.clock.install();
  return page;
}

/** The live requests (`after=`) the page makes to Isso, as they start. */
function liveRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (r.url().startsWith(isso.endpoint) && r.url().includes('after=')) seen.push(r.url());
  });
  return seen;
}

/** Sums the layout shifts (not after input) from now on; `read()` gives the total. */
async function watchShifts(page) {
  await page.evaluate(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift' });
  });
  return () => page.evaluate(() => window.__shift);
}

const shown = (page, id = 'w') => page.evaluate((id) =>
  [...document.getElementById(id).shadowRoot.querySelectorAll('li.comment:not([hidden])')].map((li) => li.id), id);

const mount = (page, thread, attrs = {}) =>
  mountInline(page, { attrs: { comments: `isso:${isso.endpoint}`, thread, ...attrs } });

test('Isso: another reader’s comments wait behind a button that moves nothing; pressing it shows them in place, the focus on the first', async () => {
  const a = await isso.post('/live-isso', { text: 'التعليق الأول', author: 'سارة' });
  await isso.post('/live-isso', { text: 'الثاني', author: 'علي' });
  const page = await clockedPage();
  const asked = liveRequests(page);
  await mount(page, '/live-isso');
  const w = page.locator('#w');
  const before = await shown(page);
  assert.equal(before.length, 2);
  // Scrolled into the thread: what the reader is looking at must not move.
  await w.locator('.comment-list').scrollIntoViewIfNeeded();
  const shifts = await watchShifts(page);
  const top = () => w.locator('.comment-list').evaluate((el) => el.getBoundingClientRect().top);
  const listTop = await top();

  // Another reader: a new comment, and a reply to one on screen (Isso lists those only by asking).
  const c = await isso.post('/live-isso', { text: 'تعليق جديد من قارئ آخر', author: 'منى' });
  const reply = await isso.post('/live-isso', { text: 'ردّ جديد على الأول', author: 'هدى', parent: a.id });
  await tick(page, 20);
  const button = w.locator('.live-news button');
  await button.waitFor();
  assert.equal(await button.innerText(), 'تعليقان جديدان');
  assert.ok(asked.length >= 1 && asked.length <= 2, `${asked.length} requests in 20 s`);
  assert.deepEqual(await shown(page), before, 'nothing shown before the press');
  assert.equal(await top(), listTop);
  assert.ok((await shifts()) <= 0.001, `layout shift ${await shifts()}`);
  // Told politely, once.
  assert.equal(await w.locator('.live-news [role="status"]').textContent(), 'تعليقان جديدان');
  assert.equal(await w.locator('.comments-title').innerText(), 'تعليقان');

  await button.click();
  await w.locator(`#comment-${c.id}`).waitFor();
  assert.deepEqual(await shown(page), [...before.slice(0, 1), `comment-${reply.id}`, before[1], `comment-${c.id}`]);
  assert.equal(await w.locator(`#comment-${reply.id}`).locator('xpath=ancestor::li[1]').getAttribute('id'), `comment-${a.id}`);
  // The first of them in the thread's order.
  await focusedId(page, '#w', `comment-${reply.id}`);
  assert.equal(await button.isVisible(), false);
  assert.equal(await w.locator('.comments-title').innerText(), '4 تعليقات');

  // The next requests bring the same comments again (their windows overlap): never shown twice.
  await tick(page, 40);
  assert.equal(await button.isVisible(), false);
  assert.equal((await shown(page)).length, 4);

  // A recent comment with a reply of its own comes again in every answer for a while; a new
  // reply to an older comment is found all the same.
  // Another reader replies to `parent`: one new comment behind the button, placed under it.
  const replyArrives = async (parent, text, author) => {
    const reply = await isso.post('/live-isso', { text, author, parent: parent.id });
    await tick(page, 20);
    await button.waitFor();
    assert.equal(await button.innerText(), 'تعليق جديد واحد');
    await button.click();
    await w.locator(`#comment-${parent.id} #comment-${reply.id}`).waitFor();
  };
  await replyArrives(c, 'ردّ على الجديد', 'سمير');
  await replyArrives(a, 'ردّ متأخر على الأول', 'هدى');
  assert.equal((await shown(page)).length, 6);
  await page.close();
});

test('Isso: the reader’s own comment is never “new”; “load more” after live comments neither skips nor repeats one', async () => {
  for (let i = 1; i <= 4; i++) await isso.post('/live-more', { text: `قديم ${i}`, author: 'سارة' });
  const page = await clockedPage();
  await mount(page, '/live-more', { 'page-size': '3' });
  const w = page.locator('#w');
  assert.equal((await shown(page)).length, 3);
  // The reader posts.
  await w.locator('#maqal-comment').fill('تعليقي أنا');
  await w.locator('#maqal-name').fill('ليلى');
  await w.locator('button[type="submit"]').click();
  await w.locator('.comment-text', { hasText: 'تعليقي أنا' }).waitFor();
  // Someone else, twice: oldest first with more to load, so both are behind "more".
  await isso.post('/live-more', { text: 'جديد 1', author: 'علي' });
  await isso.post('/live-more', { text: 'جديد 2', author: 'علي' });
  await tick(page, 20);
  assert.equal(await w.locator('.live-news button').isVisible(), false, 'none whose place is on screen');
  const texts = () => w.locator('.comment-list > li.comment > article .comment-text').allInnerTexts();
  await loadMore(page);
  await w.locator('.comment-text', { hasText: 'جديد 1' }).waitFor();
  assert.deepEqual(await texts(), ['قديم 1', 'قديم 2', 'قديم 3', 'تعليقي أنا', 'قديم 4', 'جديد 1']);
  await loadMore(page);
  // A comment's text is drawn a moment after its row.
  await w.locator('.comment-text', { hasText: 'جديد 2' }).waitFor();
  assert.deepEqual(await texts(), ['قديم 1', 'قديم 2', 'قديم 3', 'تعليقي أنا', 'قديم 4', 'جديد 1', 'جديد 2']);
  assert.equal(await w.locator('.load-more button').count(), 0);
  await tick(page, 20);
  assert.equal(await w.locator('.live-news button').isVisible(), false);
  assert.equal((await texts()).length, 7);
  await page.close();
});

test('Isso: a paged thread of recent comments (all within the first request’s look-back): nothing counted twice, nothing offered that a page already counted, in either order', async () => {
  for (let i = 1; i <= 25; i++) await isso.post('/live-recent', { text: `حديث ${i}`, author: 'سارة' });
  for (const sort of ['oldest', 'newest']) {
    const page = await clockedPage();
    const asked = liveRequests(page);
    await mount(page, '/live-recent', { 'page-size': '10', sort });
    const w = page.locator('#w');
    assert.equal(await w.locator('.comments-title').innerText(), '25 تعليقًا');
    await tick(page, 20);
    assert.equal(asked.length, 1, sort);
    assert.equal(await w.locator('.live-news button').isVisible(), false, `${sort}: no button`);
    assert.equal(await w.locator('.comments-title').innerText(), '25 تعليقًا', `${sort}: the count unchanged`);
    await loadMore(page);
    await loadMore(page);
    assert.equal(await w.locator('.comment-list > li.comment').count(), 25, sort);
    assert.equal(await w.locator('.load-more button').count(), 0, sort);
    await page.close();
  }
});

test('Isso: newest first, new comments go on top when pressed; the rhythm: visible, hidden, back, quiet, failing', async () => {
  await isso.post('/live-rhythm', { text: 'أول', author: 'سارة' });
  const page = await clockedPage();
  // The refusals below, as the browser logs them.
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of 503/);
  const asked = liveRequests(page);
  await mount(page, '/live-rhythm', { sort: 'newest' });
  const w = page.locator('#w');

  // Visible for a minute: one request per 15 to 19 seconds.
  await tick(page, 60);
  assert.ok(asked.length >= 3 && asked.length <= 4, `${asked.length} requests in a minute`);
  // Every reader in a window asks the same address: `after` is aligned to 15 s.
  for (const url of asked) assert.equal(Number(new URL(url).searchParams.get('after')) % 15, 0, url);

  // Hidden (the Page Visibility API says so): none, however long.
  const hide = (hidden) => page.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await hide(true);
  const hiddenAt = asked.length;
  await pass(page, 5 * MINUTE);
  await tick(page, 30);
  assert.equal(asked.length, hiddenAt, 'no request while hidden');
  // Back after more than 15 s: one at once.
  await isso.post('/live-rhythm', { text: 'أثناء الغياب', author: 'علي' });
  await hide(false);
  await tick(page, 2);
  assert.equal(asked.length, hiddenAt + 1, 'one request on coming back');
  const button = w.locator('.live-news button');
  await button.waitFor();
  await button.click();
  await w.locator('.comment-list > li.comment').first().locator('.comment-text', { hasText: 'أثناء الغياب' }).waitFor();

  // Ten minutes without news: one request per two minutes.
  await tick(page, 20);
  for (let i = 0; i < 10; i++) await pass(page, MINUTE);
  await tick(page, 2);
  const quietFrom = asked.length;
  for (let i = 0; i < 8; i++) { await pass(page, 30 * SECOND); await tick(page, 1); }
  const quiet = asked.length - quietFrom;
  assert.ok(quiet >= 1 && quiet <= 2, `${quiet} requests in 4 quiet minutes`);

  // The server says 503 (or 429): each wait longer than the last, and nothing shown.
  let refused = 0;
  await page.route((url) => url.href.includes('after='), (route) => { refused++; return route.fulfill({ status: 503, body: 'busy' }); });
  for (let i = 0; i < 30; i++) { await pass(page, 30 * SECOND); await tick(page, 1); }
  // Fifteen minutes: the first when it was due (within the slow rhythm's 2¼ minutes), then 4 to
  // 5 minutes later, then 8 to 10: 2 or 3 requests, where the slow rhythm alone would make 6 or 7.
  assert.ok(refused >= 2 && refused <= 3, `${refused} requests in 15 minutes of 503`);
  assert.equal(await w.locator('.notice.error, .inline-error, [role="alert"]').count(), 0, 'never shown as an error');
  await page.unroute((url) => url.href.includes('after='));
  await page.close();
});

test('Isso: a new order while comments wait: the button goes, the new order’s first page shows them once', async () => {
  await isso.post('/live-sort', { text: 'أول', author: 'سارة' });
  const page = await clockedPage();
  await mount(page, '/live-sort');
  const w = page.locator('#w');
  const added = await isso.post('/live-sort', { text: 'جديد أثناء القراءة', author: 'علي' });
  await tick(page, 20);
  const button = w.locator('.live-news button');
  await button.waitFor();
  await w.locator('#maqal-sort').selectOption('newest');
  await w.locator('.comment-list > li.comment').first().and(w.locator(`#comment-${added.id}`)).waitFor();
  assert.equal(await button.isVisible(), false);
  await tick(page, 20);
  assert.equal(await button.isVisible(), false, 'not offered again');
  assert.equal(await w.locator('li.comment').count(), 2);
  await page.close();
});

test('live="off": no requests and no button', async () => {
  await isso.post('/live-off', { text: 'أول', author: 'سارة' });
  const page = await clockedPage();
  const asked = liveRequests(page);
  await mount(page, '/live-off', { live: 'off' });
  await isso.post('/live-off', { text: 'ثانٍ', author: 'علي' });
  await tick(page, 40);
  assert.equal(asked.length, 0);
  assert.equal(await page.locator('#w .live-news').count(), 0);
  await page.close();
});

test('comments posted since the reader’s last visit carry a quiet “new” mark, the reader’s own never', async () => {
  const old = await isso.post('/live-visit', { text: 'قبل الزيارة الأولى', author: 'سارة' });
  const first = await freshPage(browser, servers.origin);
  await mount(first, '/live-visit');
  const w1 = first.locator('#w');
  // A first visit marks nothing.
  await w1.locator('#maqal-comment').waitFor();
  assert.equal(await w1.locator('.new-mark').count(), 0);
  await w1.locator('#maqal-comment').fill('تعليقي في الزيارة الأولى');
  await w1.locator('#maqal-name').fill('ليلى');
  await w1.locator('button[type="submit"]').click();
  await w1.locator('.comment-text', { hasText: 'تعليقي في الزيارة الأولى' }).waitFor();
  assert.equal(await w1.locator('.new-mark').count(), 0);
  // Leaving the page (or hiding it) keeps the visit.
  await first.goto('about:blank');
  await first.close();
  const later = await isso.post('/live-visit', { text: 'بعد الزيارة الأولى', author: 'علي' });

  const second = await browser.page();
  await second.goto(`${servers.origin}/fixtures/host.html`);
  await mount(second, '/live-visit');
  const w2 = second.locator('#w');
  assert.ok(Number(await second.evaluate(() => localStorage.getItem('maqal:visit:/live-visit'))) > 0, 'the first visit is kept');
  const mark = (id) => w2.locator(`#comment-${id} > article .new-mark`);
  await mark(later.id).waitFor();
  assert.equal(await mark(later.id).innerText(), 'جديد');
  assert.equal(await mark(old.id).count(), 0);
  assert.equal(await w2.locator('.new-mark').count(), 1, 'not the reader’s own');
  await second.close();
});

test('two tabs, the browser store: the other tab’s comments at once, behind the button, in Arabic plural forms at 1, 2, 3, 11 and 100; announced at most once per few seconds; axe', async () => {
  const reader = await freshPage(browser, servers.origin);
  await mountInline(reader, { attrs: { thread: '/tabs-live' } });
  const other = await browser.page();
  await other.goto(`${servers.origin}/fixtures/host.html`);
  const w = reader.locator('#w');
  const button = w.locator('.live-news button');
  await w.locator('.live-news [role="status"]').waitFor({ state: 'attached' });
  const announcements = await reader.evaluate(() => {
    window.__said = [];
    const said = document.getElementById('w').shadowRoot.querySelector('.live-news [role="status"]');
    new MutationObserver(() => window.__said.push([performance.now(), said.textContent])).observe(said, { childList: true, characterData: true, subtree: true });
  });
  void announcements;
  // The other tab stores comments in this browser's store (as its widget would).
  const store = (n) => other.evaluate((n) => {
    const comments = Array.from({ length: n }, (_, i) => ({ id: `o${i}`, author: 'تبويب آخر', text: `تعليق رقم ${i + 1}`, created: Date.now() - (n - i) * 1000 }));
    localStorage.setItem('maqal:comments:/tabs-live', JSON.stringify(comments));
  }, n);
  const words = { 1: 'تعليق جديد واحد', 2: 'تعليقان جديدان', 3: '3 تعليقات جديدة', 11: '11 تعليقًا جديدًا', 100: '100 تعليق جديد' };
  for (const n of [1, 2, 3, 11, 100]) {
    await store(n);
    await reader.waitForFunction(([t]) => document.getElementById('w').shadowRoot.querySelector('.live-news button')?.textContent === t, [words[n]], { timeout: 5000 });
  }
  assert.equal(await w.locator('li.comment').count(), 0, 'nothing shown before the press');
  // Five changes within a second or two: said once at once, then once more, the latest count.
  await reader.waitForFunction(() => window.__said.some(([, t]) => t === '100 تعليق جديد'), null, { timeout: 10_000 });
  const said = await reader.evaluate(() => window.__said.filter(([, t]) => t));
  for (let i = 1; i < said.length; i++) assert.ok(said[i][0] - said[i - 1][0] >= 4900, JSON.stringify(said));
  assert.ok(said.length <= 2, JSON.stringify(said));

  assert.deepEqual(await axeFindings(reader, { decorative: ['.avatar[aria-hidden="true"]'] }), []);
  await button.click();
  await reader.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('li.comment').length === 100, null, { timeout: 10_000 });
  await focusedId(reader, '#w', 'comment-o0');
  assert.equal(await w.locator('.comments-title').innerText(), '100 تعليق');
  assert.equal(await button.isVisible(), false);
  await reader.close();
  await other.close();
});
