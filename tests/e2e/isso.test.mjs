// The widget against a real Isso 0.14 server (and a misbehaving fake one for the error cases).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { allowProblems } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { startIsso } from '../support/isso.mjs';
import { commentsSettled, fillForm, focusedId, freshPage, mountInline, openWithModuleHeld } from '../support/widgets.mjs';

let servers, browser, isso, moderated, strict;
withServersAndBrowser(async (s, b) => {
  [servers, browser] = [s, b];
  const origins = [servers.origin, servers.otherOrigin];
  [isso, moderated, strict] = await Promise.all([
    startIsso({ origins }),
    startIsso({ origins, moderated: true }),
    startIsso({ origins, strict: true }),
  ]);
});
after(async () => {
  await isso?.close();
  await moderated?.close();
  await strict?.close();
});

const shadow = (page, id, js) => page.evaluate(([id, js]) => new Function('root', js)(document.getElementById(id).shadowRoot), [id, js]);
/** Puts Isso's own client (embed.min.js, served by the Isso server) on the page. */
const embedIssoClient = (page, thread) => page.evaluate(([endpoint, thread]) => {
  const section = document.createElement('section');
  section.id = 'isso-thread';
  section.dataset.issoId = thread;
  section.dataset.title = 'Interop';
  document.body.append(section);
  const script = document.createElement('script');
  script.src = `${endpoint}/js/embed.min.js`;
  script.dataset.isso = `${endpoint}/`;
  document.body.append(script);
}, [isso.endpoint, thread]);

const mount = (page, thread, extra = {}) =>
  mountInline(page, { attrs: { comments: `isso:${isso.endpoint}`, thread, ...extra } });

test('a seeded Isso thread loads: Markdown HTML, escaped names shown as typed, replies, counts', async () => {
  const first = await isso.post('/seeded', { text: 'مرحبًا بالجميع، هذا **تعليق** عن Telegram و WhatsApp.', author: 'Tom & Jerry <3' });
  await isso.post('/seeded', { text: 'ردّ على التعليق الأول', author: 'سارة', parent: first.id });
  await isso.post('/seeded', { text: 'A mixed English comment with https://example.org/link', author: 'Sam', website: 'sam.example' });
  const page = await freshPage(browser, servers.origin);
  await mount(page, '/seeded');
  const w = page.locator('#w');
  assert.equal(await w.locator('.comments-title').innerText(), '3 تعليقات');
  const top = w.locator('.comment-list > .comment');
  assert.equal(await top.count(), 2);
  assert.equal(await top.first().locator('.comment-meta .author').first().innerText(), 'Tom & Jerry <3');
  assert.equal(await top.first().locator('.comment-text strong').first().textContent(), 'تعليق');
  assert.equal(await top.first().locator('.replies .comment-text').textContent(), 'ردّ على التعليق الأول');
  assert.equal(await top.nth(1).locator('a.author').getAttribute('href'), 'http://sam.example');
  assert.equal(await top.nth(1).locator('a.author').getAttribute('rel'), 'nofollow ugc noopener');
  // Its direction is its text's (most of its letters are Latin), not the Arabic page's.
  assert.equal(await top.nth(1).locator('.comment-text').getAttribute('dir'), 'ltr');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a thread named by its attribute is asked for beside the article, not after it', async () => {
  const page = await freshPage(browser, servers.origin);
  // The article takes a second and a half to come; the comments request does not wait for it.
  let released = null;
  await page.route('**/articles/telegram.json', async (route) => {
    // Holds the answer (a slow network), not a wait for something.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    released = Date.now();
    await route.continue();
  });
  const asked = page.waitForRequest((r) => r.url().startsWith(`${isso.endpoint}/`) && r.url().includes('uri='), { timeout: 10_000 })
    .then(() => Date.now());
  await page.evaluate((endpoint) => {
    const el = document.createElement('maqal-article');
    el.id = 'w';
    Object.entries({ src: '/articles/telegram.json', comments: `isso:${endpoint}`, thread: '/beside-the-article' })
      .forEach(([k, v]) => el.setAttribute(k, v));
    document.getElementById('slot').append(el);
  }, isso.endpoint);
  const askedAt = await asked;
  assert.equal(released, null, 'the comments were asked for while the article was still on its way');
  await page.locator('#w h1.headline').waitFor();
  assert.ok(released !== null && askedAt < released);
  await page.locator('#w .comment-list[aria-busy="false"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#w .comments-title').innerText(), 'لا توجد تعليقات');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the loader asks for the article and a named thread\'s first page while the module downloads; the module takes them, asking nothing twice', async () => {
  await isso.post('/early', { text: 'أول تعليق قبل الوحدة', author: 'سارة' });
  const { page, requests, asked, release } = await openWithModuleHeld(browser, servers.origin, `
    <maqal-article id="w" src="/articles/telegram.json" comments="isso:${isso.endpoint}/" thread=" /early " page-size="7"></maqal-article>
    <maqal-article id="v" src="/articles/telegram.json" comments="isso:${isso.endpoint}" loading="eager"></maqal-article>`);
  const lists = () => requests.filter((r) => r.url.startsWith(`${isso.endpoint}/?`));
  const articles = () => requests.filter((r) => r.url.endsWith('/articles/telegram.json'));
  // While the module is held: the named thread's first page (as the module asks for it: seven,
  // the oldest first) and the article; nothing for the widget whose thread its article names.
  await asked(() => lists().length && articles().length);
  assert.deepEqual(lists().map((r) => new URL(r.url).search), ['?uri=%2Fearly&limit=7&offset=0&nested_limit=5&sort=oldest']);
  assert.equal(articles().length, 1, 'one request for the article both widgets show');
  release();
  await commentsSettled(page, 'w');
  await commentsSettled(page, 'v');
  assert.equal((await page.locator('#w .comment-text').first().textContent()).trim(), 'أول تعليق قبل الوحدة');
  // The module took the loader's answers: each first page asked once, the article once per widget
  // (the second widget asks for its own), and only the unnamed thread after the module came.
  assert.equal(lists().length, 2, lists().map((r) => r.url).join('\n'));
  assert.deepEqual(lists().map((r) => r.held), [true, false]);
  assert.deepEqual(articles().map((r) => r.held), [true, false]);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('after a failed article and a retry, the comments are asked for again, not taken from the failed attempt', async () => {
  const page = await freshPage(browser, servers.origin);
  // The first requests are aborted on purpose.
  allowProblems(page, /^console: Failed to load resource: net::ERR_FAILED$/);
  // The first attempt fails for both (the network drops); every later one goes through.
  let articleTries = 0;
  let commentTries = 0;
  await page.route('**/articles/telegram.json', (route) => (articleTries++ === 0 ? route.abort() : route.continue()));
  await page.route((url) => url.href.startsWith(`${isso.endpoint}/`) && url.searchParams.has('uri'),
    (route) => (commentTries++ === 0 ? route.abort() : route.continue()));
  await page.evaluate((endpoint) => {
    const el = document.createElement('maqal-article');
    el.id = 'w';
    el.lang = 'en';
    Object.entries({ src: '/articles/telegram.json', comments: `isso:${endpoint}`, thread: '/after-a-retry' })
      .forEach(([k, v]) => el.setAttribute(k, v));
    document.getElementById('slot').append(el);
  }, isso.endpoint);
  await page.locator('#w .frame > .notice.error button').click();
  await page.locator('#w h1.headline').waitFor();
  await page.locator('#w .comment-list[aria-busy="false"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#w .comments .notice.error').count(), 0, 'no error from the first attempt');
  assert.equal(commentTries, 2);
  await page.close();
});

test('post, reply (two levels, as Isso keeps them), reload, and both clients see the same data', async () => {
  const page = await freshPage(browser, servers.origin);
  await mount(page, '/post');
  const w = page.locator('#w');
  assert.equal(await w.locator('.comments-title').innerText(), 'لا توجد تعليقات');
  await fillForm(w, { text: 'أول تعليق عبر مقال', name: 'ليلى', email: 'layla@example.com' });
  await w.locator('button[type="submit"]').click();
  await w.locator('.announcement', { hasText: 'تم نشر تعليقك.' }).waitFor();
  const mine = w.locator('.comment-list > .comment').first();
  const id = (await mine.getAttribute('id')).replace('comment-', '');
  await w.locator(`#reply-${id}`).click();
  await w.locator('form.reply-form #maqal-comment').fill('ردّ على نفسي');
  await w.locator('form.reply-form button[type="submit"]').click();
  const reply = mine.locator('.replies > .comment');
  await reply.waitFor();
  // Replying to the reply goes to the top of the conversation: Isso keeps two levels.
  const replyId = (await reply.getAttribute('id')).replace('comment-', '');
  await w.locator(`#reply-${replyId}`).click();
  assert.equal(await mine.locator(':scope > .reply-slot > form.reply-form').count(), 1, 'the form opens under the conversation');
  await mine.locator('form.reply-form #maqal-comment').fill('ردّ ثانٍ');
  await mine.locator('form.reply-form button[type="submit"]').click();
  await mine.locator('.replies > .comment', { hasText: 'ردّ ثانٍ' }).waitFor();

  const stored = await isso.thread('/post');
  assert.equal(stored.total_replies, 3);
  assert.equal(stored.replies[0].replies.length, 2);
  await page.reload();
  await mount(page, '/post');
  assert.equal(await page.locator('#w .comments-title').innerText(), '3 تعليقات');
  assert.equal(await page.locator('#w .comment-list > .comment').first().locator('.replies > .comment').count(), 2);
  await page.close();
});

test('moderation: a held comment gets the awaiting-moderation notice', async () => {
  const page = await freshPage(browser, servers.origin);
  await mountInline(page, { attrs: { comments: `isso:${moderated.endpoint}`, thread: '/moderated' } });
  const w = page.locator('#w');
  await fillForm(w, { text: 'تعليق ينتظر المراجعة' });
  await w.locator('button[type="submit"]').click();
  await w.locator('.announcement', { hasText: 'تعليقك في انتظار المراجعة.' }).waitFor();
  assert.equal(await w.locator('.comment .awaiting').innerText(), 'تعليقك في انتظار المراجعة.');
  assert.equal((await moderated.thread('/moderated')).total_replies, 0, 'not public');
  await page.close();
});

test('edit and delete one’s own comment inside the edit window; deleted-with-replies stays as "deleted"', async () => {
  const page = await freshPage(browser, servers.origin);
  await mount(page, '/own');
  const w = page.locator('#w');
  await fillForm(w, { text: 'نص قبل التعديل' });
  await w.locator('button[type="submit"]').click();
  const mine = w.locator('.comment-list > .comment').first();
  await mine.waitFor();
  assert.match(await mine.locator('.time-left').innerText(), /^يمكنك التعديل أو الحذف خلال (15|14) دقيقة$/);
  await mine.locator('.comment-actions button', { hasText: 'تعديل' }).click();
  await mine.locator('.edit-form textarea').fill('نص بعد التعديل');
  await mine.locator('.edit-form button[type="submit"]').click();
  await mine.locator('.comment-text', { hasText: 'نص بعد التعديل' }).waitFor();
  assert.equal((await isso.thread('/own')).replies[0].text, '<p>نص بعد التعديل</p>');

  // Someone replies; deleting now keeps the comment as "deleted" with the reply under it.
  const id = Number((await mine.getAttribute('id')).replace('comment-', ''));
  await isso.post('/own', { text: 'ردّ من قارئ آخر', parent: id });
  await page.reload();
  await mount(page, '/own');
  const again = page.locator('#w .comment-list > .comment').first();
  const del = again.locator('.comment-actions button.danger');
  await del.click();
  assert.equal(await del.innerText(), 'تأكيد الحذف');
  await del.click();
  await again.locator('.comment-text.deleted').waitFor();
  assert.equal(await again.locator('.comment-text.deleted').first().textContent(), 'حُذف هذا التعليق.');
  assert.equal(await again.locator('.replies .comment-text').textContent(), 'ردّ من قارئ آخر');

  // A comment without replies disappears.
  await fillForm(page.locator('#w'), { text: 'سأحذفه' });
  await page.locator('#w form:not(.reply-form) button[type="submit"]').click();
  const gone = page.locator('#w .comment', { hasText: 'سأحذفه' });
  await gone.waitFor();
  await gone.locator('button.danger').click();
  await gone.locator('button.danger').click();
  await gone.waitFor({ state: 'hidden' });
  assert.equal((await isso.thread('/own')).total_replies, 2);
  await page.close();
});

test('likes and dislikes: once per comment per browser', async () => {
  await isso.post('/votes', { text: 'صوّتوا **لي**', author: 'كاتب' });
  const page = await freshPage(browser, servers.origin);
  await mount(page, '/votes');
  const like = page.locator('#w .vote.like');
  assert.match(await like.innerText(), /0$/);
  assert.equal(await like.locator('.visually-hidden').innerText(), 'أعجبني');
  await like.click();
  await page.locator('#w .vote.like[aria-pressed="true"]').waitFor();
  assert.match(await like.innerText(), /1$/);
  // The vote changes the counts, not the text: shown once, as before.
  assert.equal(await page.locator('#w .comment-text').innerText(), 'صوّتوا لي');
  assert.equal(await page.locator('#w .comment-text p').count(), 1);
  assert.equal(await like.getAttribute('aria-disabled'), 'true');
  assert.equal(await page.locator('#w .vote.dislike').getAttribute('aria-disabled'), 'true');
  await page.reload();
  await mount(page, '/votes');
  assert.equal(await page.locator('#w .vote.like').getAttribute('aria-pressed'), 'true', 'remembered');
  assert.equal((await isso.thread('/votes')).replies[0].likes, 1);
  await page.close();
});

test('Trusted Types: server HTML renders through the policy a page allows, and as text when it allows none', async () => {
  await isso.post('/trusted', { text: 'نص **مهم** و[رابط](https://example.org/)', author: 'سارة' });
  for (const [route, allowed] of [['tt', true], ['tt-other', false]]) {
    const page = await browser.page();
    // The page that allows no policy of the widget's refuses it (checked below, by count).
    if (!allowed) allowProblems(page, /Trusted|trusted-types/);
    const violations = [];
    await page.exposeFunction('reportViolation', (v) => violations.push(v));
    await page.addInitScript(() => {
      window.maqalErrors = [];
      document.addEventListener('maqal:error', (e) => window.maqalErrors.push(e.detail));
      document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.sample}`));
    });
    const response = await page.goto(`${servers.origin}/${route}/host.html`);
    assert.match(response.headers()['content-security-policy'], /require-trusted-types-for 'script'/);
    await page.setViewportSize({ width: 800, height: 500 });
    // The article from a file: a page under Trusted Types cannot write a script's text itself.
    await page.evaluate((endpoint) => {
      const el = document.createElement('maqal-article');
      el.id = 'w';
      el.setAttribute('src', '/articles/telegram.json');
      el.setAttribute('comments', `isso:${endpoint}`);
      el.setAttribute('thread', '/trusted');
      document.getElementById('slot').append(el);
    }, isso.endpoint);
    await commentsSettled(page, 'w');
    const w = page.locator('#w');
    const text = w.locator('.comment-text');
    // Built into its element once that element is on the page.
    await w.locator('.comment-text', { hasText: 'مهم' }).waitFor();
    // textContent: below the fold the text is not laid out yet (`content-visibility: auto`).
    assert.equal((await text.textContent()).trim(), 'نص مهم ورابط');
    if (allowed) {
      assert.equal(await text.locator('strong').textContent(), 'مهم', 'the markup, sanitized');
      assert.equal(await text.locator('a').getAttribute('href'), 'https://example.org/');
      // Everything else the widget shows: votes, a reply form with its required marks, the
      // back-to-top button, and its structured data.
      await w.locator('.vote.like').waitFor();
      await w.locator('.reply-button').first().click();
      await w.locator('form.reply-form .required').first().waitFor();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await w.locator('button.to-top').waitFor();
      await page.locator('#w > script[data-maqal]').waitFor({ state: 'attached' });
      assert.equal(JSON.parse(await page.locator('#w > script[data-maqal]').textContent()).commentCount, 1);
      assert.deepEqual(await page.evaluate(() => window.maqalErrors), []);
      assert.deepEqual(violations, []);
      assert.deepEqual(page.problems, []);
    } else {
      assert.equal(await text.locator('strong, a').count(), 0, 'the text, never markup the page forbids');
      assert.deepEqual(await page.evaluate(() => window.maqalErrors), [{ region: 'article', kind: 'trusted-types' }]);
      // Only the page's refusals: of the widget's policy, and of the one try that finds out.
      const refusals = page.problems.filter((p) => /Trusted|trusted-types/.test(p));
      assert.ok(refusals.length <= 3, refusals.join('\n'));
      assert.deepEqual(page.problems.filter((p) => !refusals.includes(p)), []);
    }
    await page.close();
  }
});

test('cross-site: when the browser withholds Isso’s cookie, editing says so plainly', async () => {
  // The page on localhost, Isso on 127.0.0.1: different sites, so the SameSite=Lax cookie is not sent.
  const page = await freshPage(browser, servers.otherOrigin);
  // Isso refuses the edit without its cookie (403), on purpose.
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of 403 \(FORBIDDEN\)$/);
  await mount(page, '/cross-site');
  const w = page.locator('#w');
  await fillForm(w, { text: 'من موقع آخر' });
  await w.locator('button[type="submit"]').click();
  const mine = w.locator('.comment-list > .comment').first();
  await mine.waitFor();
  // The edit box starts from the comment's source, which Isso gives only with the cookie.
  await mine.locator('.comment-actions button', { hasText: 'تعديل' }).click();
  const error = mine.locator('.inline-error');
  await error.waitFor();
  assert.match(await error.innerText(), /منع متصفحك ملف تعريف الارتباط/);
  await page.close();
});

test('Isso’s own client and ours share threads both ways', async () => {
  const page = await freshPage(browser, servers.origin);
  await embedIssoClient(page, '/interop');
  const postbox = page.locator('#isso-thread .isso-postbox');
  await postbox.waitFor();
  await postbox.locator('.isso-textarea').fill('كُتب بعميل Isso نفسه');
  await postbox.locator('input[type="submit"]').first().click();
  await page.locator('#isso-thread .isso-comment .isso-text', { hasText: 'كُتب بعميل Isso نفسه' }).waitFor();

  await mount(page, '/interop');
  await page.locator('#w .comment-text', { hasText: 'كُتب بعميل Isso نفسه' }).waitFor();
  await fillForm(page.locator('#w'), { text: 'كُتب بعميل مقال' });
  await page.locator('#w button[type="submit"]').click();
  await page.locator('#w .announcement').waitFor();

  await page.reload();
  await embedIssoClient(page, '/interop');
  await page.locator('#isso-thread .isso-comment .isso-text', { hasText: 'كُتب بعميل مقال' }).waitFor();
  await page.close();
});

test('server errors and a stopped server: a localized message with retry, the draft kept, nothing double-posted', async () => {
  const page = await freshPage(browser, servers.origin);
  // Every failure here is on purpose: error statuses, a refused CORS answer, a stopped server.
  allowProblems(page, /^console: Failed to load resource: /, /^console: Access to fetch at '[^']+' from origin '[^']+' has been blocked by CORS policy/);
  const cases = [
    ['f500', '500', 'تعذّر تحميل التعليقات. حدث خطأ في خادم التعليقات.'],
    ['f429', '429', 'تعذّر تحميل التعليقات. طلبات كثيرة في وقت قصير. انتظر قليلًا ثم أعد المحاولة.'],
    ['f403', '403', 'تعذّر تحميل التعليقات. لم يسمح خادم التعليقات بهذا الإجراء: انتهت مهلة التعديل أو لم يُرسَل ملف تعريف الارتباط الخاص بالتعليق.'],
    ['fbad', 'badjson', 'تعذّر تحميل التعليقات. ردّ خادم التعليقات بما لا يُفهم.'],
    // A 400 to a read refuses nothing the reader wrote: not "refused this comment".
    ['f400', '400', 'تعذّر تحميل التعليقات. حدث خطأ في خادم التعليقات.'],
    ['fcors', 'nocors', 'تعذّر تحميل التعليقات. تعذّر الوصول إلى خادم التعليقات. تحقّق من الاتصال ثم أعد المحاولة.'],
    ['fdown', 'x', 'تعذّر تحميل التعليقات. تعذّر الوصول إلى خادم التعليقات. تحقّق من الاتصال ثم أعد المحاولة.'],
  ];
  for (const [id, mode] of cases) {
    const endpoint = mode === 'x' ? 'http://127.0.0.1:9'
      : mode === 'nocors' ? `${servers.otherOrigin}/fake-isso/${mode}` : `${servers.origin}/fake-isso/${mode}`;
    await mountInline(page, { id, attrs: { comments: `isso:${endpoint}`, thread: `/${id}` } });
  }
  for (const [id, , message] of cases) {
    const w = page.locator(`#${id}`);
    assert.equal(await w.locator('.comments .notice.error p').innerText(), message, id);
    assert.equal(await w.locator('.comments .notice.error button').innerText(), 'إعادة المحاولة');
    assert.equal(await w.locator('article.article h1').count(), 1, 'the article stays');
  }

  // The real server goes away mid-session.
  await mount(page, '/stopped');
  const w = page.locator('#w');
  await isso.stop();
  await fillForm(w, { text: 'نص كُتب أثناء انقطاع الخادم' });
  await w.locator('button[type="submit"]').click();
  const failure = w.locator('form .notice.error');
  await failure.waitFor();
  assert.match(await failure.locator('p').innerText(), /تعذّر الوصول إلى خادم التعليقات/);
  assert.equal(await w.locator('#maqal-comment').inputValue(), 'نص كُتب أثناء انقطاع الخادم');
  await isso.restart();
  await failure.locator('button').click();
  await w.locator('.comment-text', { hasText: 'نص كُتب أثناء انقطاع الخادم' }).waitFor();
  assert.equal((await isso.thread('/stopped')).total_replies, 1, 'posted exactly once');
  await page.close();
});

test('server timeouts are reported', async () => {
  const page = await freshPage(browser, servers.origin);
  // The answer never comes: the widget gives up after its 15 s deadline.
  await mountInline(page, { attrs: { comments: `isso:${servers.origin}/fake-isso/hang`, thread: '/hang' }, lang: 'en', timeout: 30_000 });
  const error = page.locator('#w .comments .notice.error p');
  await error.waitFor({ timeout: 30_000 });
  assert.equal(await error.innerText(), 'The comments could not be loaded. The comment server did not answer in time.');
  await page.close();
});

test('the sanitizer keeps Isso’s allowlist and nothing else', async () => {
  const page = await freshPage(browser, servers.origin);
  await mountInline(page, { attrs: { comments: `isso:${servers.origin}/fake-isso/hostile`, thread: '/hostile' } });
  const html = await shadow(page, 'w', "return root.querySelector('#comment-1 .comment-text').innerHTML;");
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  // Exactly what the allowlist rebuilds: the markup kept (strong, em, pre, code and its
  // language class), the javascript: link as text, the safe link with the widget's rel and
  // target (not the server's), the styled paragraph without style, class or handler, the div
  // and span unwrapped; script, style, iframe, img, form and input gone, svg with its content.
  assert.equal(html, '<p>ok <strong>bold</strong> <a>js link</a> '
    + '<a href="https://safe.example/" rel="nofollow ugc noopener" target="_blank">safe link</a></p>'
    + '<p>styled</p>unwrapped <em>kept</em><pre><code class="language-rust">fn main() {}</code></pre><code>c</code>');
  const author = page.locator('#w #comment-1 .author').first();
  assert.equal(await author.innerText(), 'Mallory <img src=x onerror=alert(1)>');
  assert.equal(await page.locator('#w #comment-1 a.author').count(), 0, 'javascript: website not linked');
  await page.close();
});

test('long Isso threads page with limit/offset, sort newest first, and show more replies', async () => {
  const ids = [];
  for (let i = 1; i <= 7; i++) ids.push((await isso.post('/paged', { text: `تعليق رقم ${i}`, author: `ك${i}` })).id);
  for (let i = 1; i <= 7; i++) await isso.post('/paged', { text: `ردّ رقم ${i}`, parent: ids[0] });
  const page = await freshPage(browser, servers.origin);
  await mountInline(page, { attrs: { comments: `isso:${isso.endpoint}`, thread: '/paged', 'page-size': '3' } });
  const w = page.locator('#w');
  assert.equal(await w.locator('.comments-title').innerText(), '14 تعليقًا');
  const top = w.locator('.comment-list > .comment');
  assert.equal(await top.count(), 3);
  assert.equal(await top.first().locator('.replies > .comment').count(), 5, 'nested_limit');
  const more = top.first().locator('.more-replies');
  // Arabic's dual: two is a form of its own, not a number.
  assert.equal(await more.innerText(), 'عرض ردّين آخرين');
  await more.click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelectorAll('.comment-list > .comment:first-child .replies > .comment').length === 7);
  assert.equal(await top.first().locator('.more-replies').count(), 0);
  await w.locator('.load-more button').click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelectorAll('.comment-list > .comment').length === 6);
  await w.locator('.load-more button').click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelectorAll('.comment-list > .comment').length === 7);
  assert.equal(await w.locator('.load-more').count(), 0);
  await w.locator('#maqal-sort').selectOption('newest');
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelector('.comment-list > .comment .comment-text')?.textContent === 'تعليق رقم 7');
  // Two other readers like comment 4: "most liked" puts it first. (Isso anonymizes addresses
  // to their /24, so the readers need networks other than the author's.)
  for (const ip of ['198.51.100.7', '203.0.113.9']) {
    await fetch(`${isso.endpoint}/id/${ids[3]}/like`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip } });
  }
  await w.locator('#maqal-sort').selectOption('upvotes');
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelector('.comment-list > .comment .comment-text')?.textContent === 'تعليق رقم 4');
  await page.close();
});

test('replies read oldest first whatever the order of the comments they answer', async () => {
  const first = (await isso.post('/reply-order', { text: 'الأول', author: 'أ' })).id;
  const second = (await isso.post('/reply-order', { text: 'الثاني', author: 'ب' })).id;
  for (let i = 1; i <= 6; i++) await isso.post('/reply-order', { text: `ردّ ${i}`, parent: first });
  await isso.post('/reply-order', { text: 'ردّ على الثاني', parent: second });
  const page = await freshPage(browser, servers.origin);
  await mountInline(page, { attrs: { comments: `isso:${isso.endpoint}`, thread: '/reply-order' } });
  const w = page.locator('#w');
  const repliesOf = (text) => w.locator('.comment-list > .comment', { has: page.locator('.comment-text', { hasText: new RegExp(`^${text}$`) }) })
    .locator('.replies > .comment .comment-text').allTextContents();
  const expected = ['ردّ 1', 'ردّ 2', 'ردّ 3', 'ردّ 4', 'ردّ 5'];
  assert.deepEqual(await repliesOf('الأول'), expected);
  // Liked by two other readers (Isso anonymizes addresses to their /24): first when "most liked".
  for (const ip of ['198.51.100.7', '203.0.113.9']) {
    await fetch(`${isso.endpoint}/id/${second}/like`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip } });
  }
  for (const sort of ['newest', 'upvotes']) {
    // The list is rebuilt in the new order: its old elements are marked to tell them apart.
    await page.evaluate(() => document.querySelector('#w').shadowRoot.querySelectorAll('.comment-list > .comment').forEach((li) => { li.dataset.old = '1'; }));
    await w.locator('#maqal-sort').selectOption(sort);
    await page.waitForFunction(() => {
      const list = document.querySelector('#w').shadowRoot.querySelector('.comment-list[aria-busy="false"]');
      const first = list?.querySelector(':scope > .comment');
      return first && !first.dataset.old && first.querySelector('.comment-text').textContent === 'الثاني';
    });
    assert.deepEqual(await repliesOf('الأول'), expected, sort);
    assert.equal(await w.locator('.comment-list > .comment').last().locator('.more-replies').innerText(), 'عرض ردّ آخر', sort);
    assert.deepEqual(await repliesOf('الثاني'), ['ردّ على الثاني'], sort);
  }
  await w.locator('.comment-list > .comment').last().locator('.more-replies').click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelectorAll('.comment-list > .comment:last-child .replies > .comment').length === 6);
  assert.deepEqual(await repliesOf('الأول'), [...expected, 'ردّ 6'], 'the rest follow, still oldest first');
  await page.close();
});

test('GET /config is honoured: required name and email, no replying to oneself', async () => {
  const page = await freshPage(browser, servers.origin);
  await mountInline(page, { attrs: { comments: `isso:${strict.endpoint}`, thread: '/strict' } });
  const w = page.locator('#w');
  assert.equal(await w.locator('label[for="maqal-name"] .required').count(), 1);
  await w.locator('#maqal-comment').fill('تعليق بلا اسم');
  await w.locator('#maqal-name').fill('');
  await w.locator('#maqal-email').fill('');
  await w.locator('button[type="submit"]').click();
  assert.equal(await w.locator('#maqal-error-Name').innerText(), 'هذا الحقل مطلوب.');
  assert.equal(await w.locator('#maqal-error-Email').innerText(), 'هذا الحقل مطلوب.');
  await fillForm(w, { text: 'تعليق باسم' });
  await w.locator('button[type="submit"]').click();
  const mine = w.locator('.comment-list > .comment').first();
  await mine.waitFor();
  assert.equal(await mine.locator('.reply-button').count(), 0, 'reply-to-self is off');
  await page.close();
});

test('<maqal-count> badges: one request per server, localized plurals', async () => {
  for (let i = 0; i < 2; i++) await isso.post('/count-two', { text: `تعليق ${i}` });
  await isso.post('/count-one', { text: 'واحد فقط' });
  const page = await freshPage(browser, servers.origin);
  // One badge names a server on port 9, which the browser refuses to reach, on purpose.
  allowProblems(page, /^console: Failed to load resource: net::ERR_UNSAFE_PORT$/);
  const requests = [];
  page.on('request', (r) => r.method() === 'POST' && r.url() === `${isso.endpoint}/count` && requests.push(r.url()));
  await page.evaluate((endpoint) => {
    localStorage.setItem('maqal:comments:/local-count', JSON.stringify([{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }, { id: 'c', text: 'z' }]));
    document.getElementById('slot').innerHTML = `
      <a href="#"><maqal-count id="c2" comments="isso:${endpoint}" thread="/count-two"></maqal-count></a>
      <a href="#"><maqal-count id="c1" comments="isso:${endpoint}" thread="/count-one"></maqal-count></a>
      <a href="#"><maqal-count id="c0" comments="isso:${endpoint}" thread="/count-none" lang="en"></maqal-count></a>
      <a href="#"><maqal-count id="cl" thread="/local-count"></maqal-count></a>
      <a href="#"><maqal-count id="cx" comments="isso:http://127.0.0.1:9" thread="/x"></maqal-count></a>`;
  }, isso.endpoint);
  await page.waitForFunction(() => document.getElementById('cx').textContent !== '');
  await page.waitForFunction(() => document.getElementById('c0').textContent !== '');
  const text = (id) => page.locator(`#${id}`).innerText();
  assert.equal(await text('c2'), 'تعليقان');
  assert.equal(await text('c1'), 'تعليق واحد');
  assert.equal(await text('c0'), 'No comments yet');
  assert.equal(await text('cl'), '3 تعليقات');
  assert.equal(await text('cx'), 'التعليقات', 'unknown count: the label alone');
  assert.equal(await page.locator('#c2').getAttribute('data-count'), '2');
  assert.equal(requests.length, 1, 'one request for the three Isso badges');
  await page.close();
});

test('editing starts from what the author wrote (Markdown source), so lists, code and links survive a save', async () => {
  const page = await freshPage(browser, servers.origin);
  await mount(page, '/markdown-edit');
  const w = page.locator('#w');
  const source = 'قائمة:\n\n- أول\n- ثانٍ\n\n`code()` و [رابط](https://example.org/x)';
  await fillForm(w, { text: source });
  await w.locator('button[type="submit"]').click();
  // One post at a time: the form takes the next once the first is in the thread.
  await w.locator('.comment-list > .comment').first().waitFor();
  await fillForm(w, { text: 'تعليق ثانٍ لي' });
  await w.locator('form:not(.reply-form) button[type="submit"]').click();
  const mine = w.locator('.comment-list > .comment');
  await mine.nth(1).waitFor();
  assert.equal(await mine.first().locator('.comment-text li').count(), 2);

  // Two edit boxes open at once: each its own id, each labelled.
  await mine.first().locator('.comment-actions button', { hasText: 'تعديل' }).click();
  await mine.nth(1).locator('.comment-actions button', { hasText: 'تعديل' }).click();
  const boxes = w.locator('.edit-form textarea');
  await boxes.nth(1).waitFor();
  const ids = await boxes.evaluateAll((els) => els.map((e) => e.id));
  assert.equal(new Set(ids).size, 2, `distinct ids: ${ids}`);
  assert.equal(await mine.first().locator('.edit-form textarea').inputValue(), source);
  await mine.first().locator('.edit-form button[type="submit"]').click();
  await mine.first().locator('.edit-form').waitFor({ state: 'detached' });
  const saved = (await isso.thread('/markdown-edit')).replies[0].text;
  assert.match(saved, /<li>أول<\/li>/);
  assert.match(saved, /<code>code\(\)<\/code>/);
  assert.match(saved, /href="https:\/\/example.org\/x"/);
  await page.close();
});

test('a permalink to a reply hidden behind "more replies" is found in a bounded number of requests', async () => {
  const ids = [];
  for (let i = 1; i <= 12; i++) ids.push((await isso.post('/hidden-reply', { text: `أصل ${i}`, author: `ك${i}` })).id);
  const replies = [];
  for (let i = 1; i <= 8; i++) replies.push((await isso.post('/hidden-reply', { text: `ردّ ${i}`, parent: ids[10] })).id);
  const page = await freshPage(browser, servers.origin);
  let requests = 0;
  page.on('request', (r) => { if (r.url().startsWith(isso.endpoint)) requests++; });
  await page.evaluate((id) => { location.hash = `#comment-${id}`; }, replies[7]);
  await mountInline(page, { attrs: { comments: `isso:${isso.endpoint}`, thread: '/hidden-reply', 'page-size': '3' } });
  await page.locator(`#w #comment-${replies[7]}.highlight`).waitFor();
  await focusedId(page, '#w', `comment-${replies[7]}`);
  assert.ok(requests <= 8, `${requests} requests`);

  // A comment of another thread on the same server: looked for, within the bound, never shown,
  // and the search leaves this widget's list as it was.
  const elsewhere = await isso.post('/not-this-thread', { text: 'في نقاش آخر' });
  const before = await page.locator('#w .comment').count();
  requests = 0;
  await page.evaluate((id) => { location.hash = `#comment-${id}`; }, elsewhere.id);
  // Deliberately a fixed time: the search may end without a request or a sign (the comment is
  // not in this thread), and a search past its bound would show within it.
  await page.waitForTimeout(1500);
  assert.ok(requests <= 20, `${requests} requests`);
  assert.equal(await page.locator(`#w #comment-${elsewhere.id}`).count(), 0);
  assert.equal(await page.locator('#w .comment').count(), before, 'nothing added to the list');
  assert.deepEqual(page.problems, []);
  await page.close();
});
