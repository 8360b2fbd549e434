// The article and its comments straight from a real WordPress (Debian's 6.1 on MariaDB), as a
// publisher's page shows them with `wordpress="…" post="…"`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { allowProblems, launch } from '../support/browser.mjs';
import { freePort } from '../support/ports.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { STRICT_CSP } from '../support/server.mjs';
import { assertPolicyHeld, openUnderPolicy, servePolicyPage } from '../support/csp.mjs';
import { startWordPress } from '../support/wordpress.mjs';
import { commentsSettled, fillForm, focusedId, freshPage as openFresh, openWithModuleHeld, tick } from '../support/widgets.mjs';

let servers, browser, wp;
withServersAndBrowser(async (s, b) => {
  [servers, browser] = [s, b];
  wp = await startWordPress();
});
after(async () => {
  await wp?.close();
});

const root = fileURLToPath(new URL('../..', import.meta.url));
const freshPage = async () => {
  const page = await openFresh(browser, servers.origin);
  // Avatar images would come from Gravatar: nothing leaves this machine.
  await page.route(/gravatar\.com/, (route) => route.abort());
  return page;
};

/** Puts `<maqal-article wordpress=… post=…>` on the page and waits for it to settle. */
async function mountPost(page, post, { id = 'w', attrs = {}, site = wp.origin } = {}) {
  await page.evaluate(({ id, post, attrs, site }) => {
    const el = document.createElement('maqal-article');
    el.id = id;
    el.setAttribute('wordpress', site);
    el.setAttribute('post', post);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.getElementById('slot').append(el);
  }, { id, post, attrs, site });
  await commentsSettled(page, id, 20_000);
}

const message = (page, id = 'w') => page.locator(`#${id} .frame > .notice.error p, #${id} .frame .notice.error p`).first().innerText();

/** The approver: WordPress's REST API with an application password. */
const asAdmin = (path, body) => fetch(`${wp.origin}/wp-json/${path}`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${wp.ids.appUser}:${wp.ids.appPass}`).toString('base64')}`,
  },
  body: JSON.stringify(body),
});

test('the seed article renders from WordPress: headline, section, image, paragraphs, source, its one comment', async () => {
  const dir = `${root}tests/fixtures/seed/`;
  const [file] = (await readdir(dir)).filter((f) => f.endsWith('.txt'));
  const blocks = (await readFile(dir + file, 'utf8')).split('\n\n').map((b) => b.trim()).filter(Boolean);
  const sourceAt = blocks.findIndex((b) => b.startsWith('المصدر:'));

  const page = await freshPage();
  // The post's request embeds its author, image and terms, not its comments (those are the
  // comments region's to ask for, and a lazy or comment-less widget asks for none).
  const posts = [];
  page.on('response', (r) => { if (/wp\/v2\/posts/.test(r.url())) posts.push(r.json().catch(() => null)); });
  await mountPost(page, 'telegram-12-billion');
  const w = page.locator('#w');
  const [post] = (await Promise.all(posts)).flat();
  assert.match(post._embedded['wp:featuredmedia'][0].source_url, /^http:\/\/127\.0\.0\.1:\d+\/wp-content\/uploads\/2016\/02\/telegram\.jpg$/, 'media embedded');
  assert.equal(post._embedded.author[0].name, 'admin', 'author embedded');
  assert.equal(post._embedded.replies, undefined, 'no comments embedded');
  assert.equal(await w.locator('.frame').getAttribute('dir'), 'rtl');
  assert.equal(await w.locator('.section').innerText(), blocks[0]);
  assert.equal(await w.locator('h1.headline').innerText(), blocks[1]);
  assert.equal(await w.locator('figure.lead figcaption').innerText(), blocks[2]);
  const img = w.locator('figure.lead img');
  assert.match(await img.getAttribute('src'), /^http:\/\/127\.0\.0\.1:\d+\/wp-content\/uploads\/2016\/02\/telegram\.jpg$/);
  assert.equal(await img.getAttribute('width'), '1200');
  assert.equal(await img.getAttribute('alt'), 'شعار تيليجرام: طائرة ورقية بيضاء داخل دائرة زرقاء');
  const paragraphs = await w.locator('.body p').allTextContents();
  assert.deepEqual(paragraphs.slice(0, sourceAt - 3), blocks.slice(3, sourceAt));
  assert.equal(paragraphs.at(-1).replace(/\s+/g, ' '), blocks[sourceAt]);
  assert.equal(await w.locator('.body p a').last().getAttribute('href'), 'https://techcrunch.com/');
  assert.equal(await w.locator('.dateline time').getAttribute('datetime'), '2016-02-23T08:00:00Z');
  assert.equal(await w.locator('.byline bdi').innerText(), 'admin');

  assert.equal(await w.locator('.comments-title').innerText(), 'تعليق واحد');
  assert.equal((await w.locator('.comment-text').textContent()).trim(), 'لا أدري لماذا تليجرام ليس مشهورا مثل الواتسآب عندنا بالرغم أنه أفضل منه في كل النواحي');
  assert.equal(await w.locator('.comment .author').innerText(), 'مجهول');
  assert.match(await w.locator('.comment .permalink').getAttribute('href'), /\/telegram-12-billion\/#comment-\d+$/);
  assert.equal(await w.locator('.form-title').innerText(), 'اترك تعليقًا');
  assert.equal(await w.locator('.avatar').first().evaluate((e) => e.tagName), 'SPAN', 'local initials, no third-party request');

  // The same post by its id.
  await mountPost(page, String(wp.ids.seed), { id: 'by-id' });
  assert.equal(await page.locator('#by-id h1.headline').innerText(), blocks[1]);

  // As an excerpt on a partner site: the first three paragraphs of the post's HTML, a link to
  // the post, and structured data that points there too.
  await mountPost(page, 'telegram-12-billion', { id: 'excerpt', attrs: { mode: 'excerpt' } });
  const excerpt = page.locator('#excerpt');
  assert.deepEqual(await excerpt.locator('.body > p').allTextContents(), paragraphs.slice(0, 3));
  assert.equal(await excerpt.locator('figure.lead img').count(), 1);
  const link = await excerpt.locator('.continue a').getAttribute('href');
  assert.equal(link, `${wp.origin}/telegram-12-billion/`);
  const ld = await page.locator('#excerpt > script[data-maqal]').evaluate((s) => JSON.parse(s.textContent));
  assert.equal(ld.url, link);
  assert.equal(ld.commentCount, 1);
  assert.equal(ld.comment[0].text, 'لا أدري لماذا تليجرام ليس مشهورا مثل الواتسآب عندنا بالرغم أنه أفضل منه في كل النواحي');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('rich content goes through the sanitizer: structure kept, scripts, styles, forms and iframes never', async () => {
  const page = await freshPage();
  await mountPost(page, 'rich-content', { attrs: { lang: 'en' } });
  const body = page.locator('#w .body');
  assert.equal(await page.locator('#w h1.headline').innerText(), 'Rich & “quoted” content');
  assert.equal(await body.locator('h2').innerText(), 'A heading');
  assert.equal(await body.locator('ul li').count(), 2);
  assert.equal(await body.locator('blockquote cite').innerText(), 'Someone');
  assert.equal(await body.locator('pre code').innerText(), 'fn main() {}');
  assert.equal(await body.locator('table th').count(), 2);
  const figure = body.locator('figure img').first();
  assert.equal(await figure.getAttribute('loading'), 'lazy');
  assert.equal(await figure.getAttribute('width'), '1200');
  assert.equal(await figure.getAttribute('height'), '630');
  assert.equal(await figure.getAttribute('onerror'), null);
  assert.equal(await body.locator('figcaption').first().innerText(), 'The caption');
  const embed = body.locator('p.embed a');
  assert.equal(await embed.getAttribute('href'), 'https://www.youtube.com/embed/abc123');
  assert.equal(await embed.innerText(), 'A video');
  const external = body.locator('a', { hasText: 'an external link' });
  assert.equal(await external.getAttribute('rel'), 'noopener');
  // The publisher's word on a link's standing stays (a sponsored link is one on partner pages too).
  assert.equal(await body.locator('a', { hasText: 'an advert' }).getAttribute('rel'), 'sponsored nofollow noopener');
  assert.equal(await body.locator('a', { hasText: 'a bad one' }).getAttribute('href'), null);
  for (const selector of ['script', 'style', 'iframe', 'form', 'input', '[onclick]', '[onerror]', '[style]', 'img[src^="data:"]']) {
    assert.equal(await body.locator(selector).count(), 0, selector);
  }
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  // As an excerpt: the heading, then three text blocks (a paragraph, the list, the quotation),
  // and nothing after them.
  await mountPost(page, 'rich-content', { id: 'rich-excerpt', attrs: { lang: 'en', mode: 'excerpt' } });
  const kept = await page.locator('#rich-excerpt .body').evaluate((b) => [...b.children].map((c) => c.localName));
  assert.deepEqual(kept, ['h2', 'p', 'ul', 'blockquote']);
  assert.equal(await page.locator('#rich-excerpt .continue a').innerText(), 'Continue reading on the original site');
  // WordPress does not say a post's language: its direction comes from its headline, not from
  // the (Arabic) host page.
  await mountPost(page, 'rich-content', { id: 'auto' });
  assert.equal(await page.locator('#auto article.article').getAttribute('dir'), 'ltr');
  assert.equal(await page.locator('#auto .frame').getAttribute('dir'), 'rtl', 'the interface speaks the page\'s Arabic');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('an excerpt is short whatever the body: a gallery, one long paragraph, paragraphs of invisible marks', async () => {
  const page = await freshPage();
  // A gallery of eight images: three of them (each costs 400 of the 1200 characters), nothing after.
  await mountPost(page, 'gallery-post', { id: 'gallery', attrs: { mode: 'excerpt' } });
  const gallery = page.locator('#gallery .body');
  assert.equal(await gallery.locator('img').count(), 3);
  assert.equal(await gallery.locator('p').count(), 0);
  // One paragraph of 4400 characters: cut at a word, with an ellipsis, and nothing after it.
  await mountPost(page, 'long-paragraph', { id: 'long', attrs: { mode: 'excerpt' } });
  const long = await page.locator('#long .body p').allTextContents();
  assert.equal(long.length, 1);
  // The words as written, cut after the last whole one within the 1200 characters.
  assert.equal(long[0], `${'كلمة طويلة '.repeat(400).slice(0, 1200).replace(/\s+\S*$/, '')}…`);
  // Paragraphs with only a bidi mark or a zero-width space are not among the three.
  await mountPost(page, 'marks-post', { id: 'marks', attrs: { mode: 'excerpt' } });
  const shown = (await page.locator('#marks .body p').allTextContents()).map((t) => t.replace(/[\s\u200b-\u200f]/g, '')).filter(Boolean);
  assert.deepEqual(shown, ['One.', 'Two.', 'Three.']);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('post → held for moderation → approved through the REST API → visible; replies nest', async () => {
  await wp.php(`update_option('comment_moderation', 1);`);
  try {
    const page = await freshPage();
    await mountPost(page, 'open-post', { attrs: { lang: 'en' } });
    const w = page.locator('#w');
    await fillForm(w, { text: 'A held comment from the widget', name: 'Hana', email: 'hana@example.com' });
    await w.locator('button[type="submit"]').click();
    await w.locator('.announcement', { hasText: 'awaiting moderation' }).waitFor();
    const held = w.locator('.comment', { hasText: 'A held comment from the widget' });
    assert.equal(await held.locator('.awaiting').count(), 1);
    assert.equal(await w.locator('.comments-title').innerText(), 'No comments yet', 'held: not in the public count');
    const id = (await held.getAttribute('id')).replace('comment-', '');
    assert.equal((await (await fetch(`${wp.origin}/wp-json/wp/v2/comments?post=${wp.ids.open}`)).json()).length, 0, 'not public yet');

    const approved = await asAdmin(`wp/v2/comments/${id}`, { status: 'approved' });
    assert.equal(approved.status, 200, await approved.text());
    await wp.php(`update_option('comment_moderation', 0);`);
    await page.reload();
    await mountPost(page, 'open-post', { attrs: { lang: 'en' } });
    const shown = page.locator('#w .comment', { hasText: 'A held comment from the widget' });
    assert.equal(await shown.locator('.awaiting').count(), 0);
    assert.equal(await page.locator('#w .comments-title').innerText(), '1 comment');

    await shown.locator('.reply-button').click();
    const reply = page.locator('#w form.reply-form');
    await reply.locator('#maqal-comment').fill('A reply, published at once');
    await reply.locator('#maqal-name').fill('Omar');
    await reply.locator('#maqal-email').fill('omar@example.com');
    await reply.locator('button[type="submit"]').click();
    await shown.locator('.replies .comment-text', { hasText: 'A reply, published at once' }).waitFor();
    const stored = await (await fetch(`${wp.origin}/wp-json/wp/v2/comments?post=${wp.ids.open}&parent=${id}`)).json();
    assert.equal(stored.length, 1);
    assert.equal(stored[0].author_name, 'Omar');
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    await wp.php(`update_option('comment_moderation', 0);`);
  }
});

test('WordPress refusals reach the form: duplicate, posting too fast, an address WordPress rejects', async () => {
  const page = await freshPage();
  // WordPress refuses on purpose: the duplicate (409), the flood and the address (400).
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of (409 \(Conflict\)|400 \(Bad Request\))$/);
  await mountPost(page, 'open-post', { attrs: { lang: 'en' } });
  const w = page.locator('#w');
  const send = async (fields) => {
    await fillForm(w, fields);
    await w.locator('form:not(.reply-form) button[type="submit"]').click();
  };
  await send({ text: 'Said once, said twice', name: 'Dup', email: 'dup@example.com' });
  await w.locator('.comment-text', { hasText: 'Said once, said twice' }).waitFor();
  await send({ text: 'Said once, said twice', name: 'Dup', email: 'dup@example.com' });
  await w.locator('.notice.error', { hasText: 'already said that' }).waitFor();
  assert.equal(await w.locator('#maqal-comment').inputValue(), 'Said once, said twice', 'the text is kept');

  await send({ text: 'First of two quick ones', name: 'Fast', email: 'flood@example.com' });
  await w.locator('.comment-text', { hasText: 'First of two quick ones' }).waitFor();
  await send({ text: 'Second of two quick ones', name: 'Fast', email: 'flood@example.com' });
  await w.locator('.notice.error', { hasText: 'too quickly' }).waitFor();

  // A comment WordPress's blocklist sends to the bin is seen by nobody: never "published".
  await wp.php(`update_option('disallowed_keys', 'forbiddenword');`);
  try {
    await send({ text: 'This has the forbiddenword in it', name: 'Blocked', email: 'blocked@example.com' });
    await w.locator('.announcement', { hasText: 'awaiting moderation' }).waitFor();
  } finally {
    await wp.php(`update_option('disallowed_keys', '');`);
  }

  // Passes the form's own check, not WordPress's (no underscore in a domain).
  await send({ text: 'An odd address', name: 'Odd', email: 'odd@ex_ample.com' });
  await w.locator('#maqal-error-Email').waitFor();
  assert.equal(await w.locator('#maqal-email').getAttribute('aria-invalid'), 'true');
  await focusedId(page, '#w', 'maqal-email');
  await page.close();
});

test('the form follows the site’s discussion settings: optional name and email, accounts only', async () => {
  await wp.php(`update_option('require_name_email', 0);`);
  try {
    const page = await freshPage();
    await mountPost(page, 'open-post', { attrs: { lang: 'en' } });
    const w = page.locator('#w');
    assert.equal(await w.locator('label[for="maqal-name"] .required').count(), 0, 'not marked required');
    await w.locator('#maqal-comment').fill('No name, no email, as this site allows');
    await w.locator('button[type="submit"]').click();
    const mine = w.locator('.comment', { hasText: 'No name, no email' });
    await mine.waitFor();
    assert.equal(await mine.locator('.author').innerText(), 'Anonymous');
    await page.close();
  } finally {
    await wp.php(`update_option('require_name_email', 1);`);
  }
  await wp.php(`update_option('thread_comments', 0);`);
  try {
    const page = await freshPage();
    await mountPost(page, 'long-thread', { attrs: { lang: 'en' } });
    assert.equal(await page.locator('#w .reply-button').count(), 0, 'a site that does not thread takes no replies');
    // Those of the first page, as threaded (see the next test): five of comment 1's eight,
    // reply 9 and reply 10 under it.
    assert.equal(await page.locator('#w .replies .comment').count(), 7, 'the replies it has are still shown');
    await page.close();
  } finally {
    await wp.php(`update_option('thread_comments', 1);`);
  }
  await wp.php(`update_option('comment_registration', 1);`);
  try {
    const page = await freshPage();
    await mountPost(page, 'open-post', { attrs: { lang: 'en' } });
    assert.equal(await page.locator('#w .comments-closed').innerText(), 'This site accepts comments only from people with an account.');
    assert.equal(await page.locator('#w form.comment-form').count(), 0);
    await page.close();
  } finally {
    await wp.php(`update_option('comment_registration', 0);`);
  }
});

test('comments from the widget go through WordPress\'s own anti-spam and notification paths', async () => {
  await wp.php(`update_option('comment_moderation', 1); update_option('moderation_notify', 1); update_option('comments_notify', 1);`);
  try {
    const page = await freshPage();
    await mountPost(page, 'open-post', { attrs: { lang: 'en' } });
    const w = page.locator('#w');
    const before = (await wp.mails()).length;
    await fillForm(w, { text: 'A comment a moderator must hear of', name: 'Nour', email: 'nour@example.com' });
    await w.locator('button[type="submit"]').click();
    await w.locator('.announcement', { hasText: 'awaiting moderation' }).waitFor();
    const held = (await wp.mails()).slice(before);
    assert.deepEqual(held.map((m) => [m.to, m.subject]), [['admin@example.com', '[تقنية اليوم] Please moderate: "Say something"']],
      'the moderator is asked, once');
    assert.equal(held[0].message.includes('A comment a moderator must hear of'), true, held[0].message);

    // An anti-spam plugin (on `preprocess_comment`, as Akismet is) sees the widget's comments.
    await fillForm(w, { text: 'Win big with casino-bonus today', name: 'Spammer', email: 'spam@example.com' });
    await w.locator('button[type="submit"]').click();
    const spam = w.locator('.comment', { hasText: 'casino-bonus' });
    await spam.waitFor();
    const id = (await spam.getAttribute('id')).replace('comment-', '');
    assert.equal((await wp.php(`echo get_comment(${id})->comment_approved;`)).trim(), 'spam');

    // Published at once: the post's author is told.
    await wp.php(`update_option('comment_moderation', 0);`);
    const sent = (await wp.mails()).length;
    await fillForm(w, { text: 'A published comment the author hears of', name: 'Rami', email: 'rami@example.com' });
    await w.locator('button[type="submit"]').click();
    await w.locator('.comment-text', { hasText: 'A published comment the author hears of' }).waitFor();
    const told = (await wp.mails()).slice(sent);
    assert.deepEqual(told.map((m) => [m.to, m.subject]), [['admin@example.com', '[تقنية اليوم] Comment: "Say something"']],
      'the post\'s author is told, once');
    assert.equal(told[0].message.includes('A published comment the author hears of'), true, told[0].message);
    await page.close();
  } finally {
    await wp.php(`update_option('comment_moderation', 0);`);
  }
});

test('comments close as WordPress closes them: after the site\'s age limit too', async () => {
  await wp.php(`update_option('close_comments_for_old_posts', 1); update_option('close_comments_days_old', 14);`);
  try {
    const page = await freshPage();
    // Published in 2016, its comment_status still "open": WordPress's comments_open() says no.
    await mountPost(page, 'telegram-12-billion');
    const w = page.locator('#w');
    assert.equal(await w.locator('.comments-closed').innerText(), 'التعليقات مغلقة.');
    assert.equal(await w.locator('form.comment-form').count(), 0);
    assert.equal(await w.locator('.reply-button').count(), 0);
    assert.equal(await w.locator('.comment-list > .comment').count(), 1, 'the thread still shows');
    await page.close();
  } finally {
    await wp.php(`update_option('close_comments_for_old_posts', 0);`);
  }
});

test('a post\'s direction comes from its text: a brand first does not make an Arabic post left-to-right', async () => {
  const page = await freshPage();
  await mountPost(page, 'latin-first');
  assert.equal(await page.locator('#w article.article').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('#w h1').evaluate((h) => getComputedStyle(h).direction), 'rtl');
  await page.close();
});

test('the classic editor\'s line breaks are single, and what the markup says is kept: direction, anchors, relative links, smileys', async () => {
  const page = await freshPage();
  await mountPost(page, 'classic-post', { id: 'classic' });
  const lines = await page.locator('#classic .body p').first().evaluate((p) => {
    const style = getComputedStyle(p);
    return Math.round(p.getBoundingClientRect().height / parseFloat(style.lineHeight));
  });
  assert.equal(lines, 2, 'two lines, not a blank one between them');

  await mountPost(page, 'marked-post', { id: 'marked' });
  const w = page.locator('#marked');
  assert.equal(await w.locator('blockquote p').evaluate((p) => getComputedStyle(p).direction), 'ltr', 'an English quotation stays left-to-right');
  assert.equal(await w.locator('.body a', { hasText: 'المقال السابق' }).getAttribute('href'), `${wp.origin}/telegram-12-billion/`,
    'relative to the post, not to this page');
  const hash = await page.evaluate(() => location.hash);
  await w.locator('.body a', { hasText: 'إلى القسم الثاني' }).click();
  await focusedId(page, '#marked', /part-2$/);
  await page.waitForFunction(() => {
    const h = document.getElementById('marked').shadowRoot.querySelector('h2[id$="part-2"]');
    const r = h.getBoundingClientRect();
    return r.top > -2 && r.top < innerHeight;
  }, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => location.hash), hash, 'the page\'s address (and its router) left alone');
  // An entry whose place is gone from the text leaves it alone too.
  await w.locator('.body a', { hasText: 'قسم حُذف' }).click();
  assert.equal(await page.evaluate(() => location.hash), hash, 'a stale entry does not route the page');
  assert.equal((await w.locator('.comment-text').textContent()).trim(), 'شكرًا 🙂 :mrgreen: هنا', 'smileys as their emoji or their text');
  // A comment's link to a place it does not have is its text: the page's route is not the
  // commenter's to change.
  assert.equal(await w.locator('.comment-text a').count(), 0);
  await w.locator('.comment-text').click();
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('comments closed: the thread shows, the form does not, as WordPress says it', async () => {
  const page = await freshPage();
  await mountPost(page, 'closed-post');
  const w = page.locator('#w');
  assert.equal(await w.locator('.comment-text').textContent().then((t) => t.trim()), 'Written before comments were closed.');
  assert.equal(await w.locator('.comments-closed').innerText(), 'التعليقات مغلقة.');
  assert.equal(await w.locator('form.comment-form').count(), 0);
  assert.equal(await w.locator('.reply-button').count(), 0);
  await page.close();
});

test('a long thread: top-level pages from the server, replies per parent, deeper levels, newest first', async () => {
  const page = await freshPage();
  const asked = [];
  page.on('request', (r) => r.url().includes('/wp/v2/comments') && asked.push(new URL(r.url())));
  await mountPost(page, 'long-thread', { attrs: { lang: 'en', 'page-size': '10' } });
  const w = page.locator('#w');
  // A page of ten: the page, the thread's total, and one request per level of replies (each
  // parent's replies at once, a hundred at most), never every reply of the thread.
  const replyRequests = asked.filter((u) => (u.searchParams.get('parent') ?? '0') !== '0');
  // Page 1's replies are three levels deep (comment 9, reply 9, reply 10): three requests.
  assert.equal(replyRequests.length, 3, replyRequests.join('\n'));
  assert.ok(replyRequests.every((u) => !u.searchParams.has('offset') || u.searchParams.get('offset') === '0'), 'no second page of replies');
  assert.equal(asked.filter((u) => u.searchParams.get('_fields') === 'id').length, 1, 'the total, once');
  assert.equal(await w.locator('.comments-title').innerText(), '150 comments');
  const top = w.locator('.comment-list > .comment');
  assert.equal(await top.count(), 10);
  assert.equal((await top.first().locator('.comment-text').first().textContent()).trim(), 'Top-level comment 1');
  assert.equal(await top.first().locator(':scope > .replies > .comment').count(), 5);
  await top.first().locator('.more-replies').click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelectorAll('.comment-list > .comment:first-child > .replies > .comment').length === 8);
  // Reply 10 answers reply 9, which answers comment 9.
  assert.deepEqual((await w.locator('.replies .replies .comment .comment-text').allTextContents()).map((t) => t.trim()), ['Reply 10'],
    'replies to replies are nested');
  await w.locator('.load-more button').click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelectorAll('.comment-list > .comment').length === 20);
  assert.equal(asked.filter((u) => u.searchParams.get('_fields') === 'id').length, 1, '"load more" does not ask for the total again');
  assert.equal(await w.locator('.comments-title').innerText(), '150 comments');
  await w.locator('#maqal-sort').selectOption('newest');
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelector('.comment-list[aria-busy="false"] > .comment .comment-text')?.textContent.trim() === 'Top-level comment 100');
  assert.equal(await w.locator('#maqal-sort option[value="upvotes"]').count(), 0, 'no votes on WordPress');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a permalink to a WordPress reply hidden behind "more replies" opens it', async () => {
  const replies = await (await fetch(`${wp.origin}/wp-json/wp/v2/comments?post=${wp.ids.thread}&search=Reply%208`)).json();
  const target = replies.find((r) => r.content.rendered.includes('Reply 8'));
  const page = await freshPage();
  await page.evaluate((id) => { location.hash = `#comment-${id}`; }, target.id);
  await mountPost(page, 'long-thread', { attrs: { lang: 'en' } });
  await page.locator(`#w #comment-${target.id}.highlight`).waitFor();
  await page.close();
});

test('the loader asks for the post and its first comments while the module downloads; the module takes them, asking nothing twice', async () => {
  const { page, requests, asked, release } = await openWithModuleHeld(browser, servers.origin, `
    <maqal-article id="w" wordpress="${wp.origin}/" post="telegram-12-billion"></maqal-article>
    <maqal-article id="t" wordpress="${wp.origin}" post="${wp.ids.thread}" page-size="3"></maqal-article>`);
  await page.route(/gravatar\.com/, (route) => route.abort());
  const reads = () => requests.filter((r) => r.url.startsWith(`${wp.origin}/wp-json/`));
  const route = (r) => {
    const url = new URL(r.url);
    const q = url.searchParams;
    return `${url.pathname.replace('/wp-json/wp/v2/', '')} ${['post', 'slug', 'parent', 'per_page', '_fields'].filter((k) => q.has(k)).map((k) => `${k}=${k === 'parent' && q.get(k) !== '0' ? 'ids' : q.get(k)}`).join(' ')}`;
  };
  // While the module is held: each post, and once it says its id (at once for the one named by
  // it), its comments' first page, their count and their replies.
  const early = [
    'posts slug=telegram-12-billion', `comments post=${wp.ids.seed} per_page=1 _fields=id`,
    `comments post=${wp.ids.seed} parent=0 per_page=10`, `comments post=${wp.ids.seed} parent=ids per_page=100`,
    `posts/${wp.ids.thread} `, `comments post=${wp.ids.thread} per_page=1 _fields=id`,
    `comments post=${wp.ids.thread} parent=0 per_page=3`, `comments post=${wp.ids.thread} parent=ids per_page=100`,
  ];
  await asked(() => early.every((e) => reads().some((r) => route(r) === e)));
  assert.deepEqual(reads().map(route).sort(), [...early].sort(), 'asked for before the module came');
  release();
  await commentsSettled(page, 'w', 20_000);
  await commentsSettled(page, 't', 20_000);
  assert.equal(await page.locator('#w .comments-title').innerText(), 'تعليق واحد');
  assert.ok(await page.locator('#t .comment-list .replies .comment').count() > 0, 'the thread\'s replies shown');
  // None asked again: each address once (after the module came, only the deeper levels).
  const urls = reads().map((r) => r.url);
  assert.equal(new Set(urls).size, urls.length, urls.join('\n'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a site without pretty permalinks is read through ?rest_route=', async () => {
  await wp.permalinks('');
  try {
    const page = await freshPage();
    // The pretty address is tried first: without pretty permalinks it is WordPress's HTML 404
    // page, without CORS headers, so the browser refuses it before the fallback is asked.
    allowProblems(page, /^console: Access to fetch at 'http:\/\/127\.0\.0\.1:\d+\/wp-json\/wp\/v2\/posts\?slug=telegram-12-billion&[^']*' from origin 'http:\/\/127\.0\.0\.1:\d+' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource\.$/,
      /^console: Failed to load resource: net::ERR_FAILED$/);
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    await mountPost(page, 'telegram-12-billion');
    assert.equal(await page.locator('#w .comments-title').innerText(), 'تعليق واحد');
    // The pretty address first (refused), then the same read through ?rest_route=, once each.
    const postReads = urls.filter((u) => u.includes('wp/v2/posts')).map((u) => new URL(u).searchParams.get('rest_route') ?? new URL(u).pathname);
    assert.deepEqual(postReads, ['/wp-json/wp/v2/posts', '/wp/v2/posts'], 'fell back to ?rest_route=');
    await page.close();
  } finally {
    await wp.permalinks('/%postname%/');
  }
});

test('each failure has its own message: missing, protected, private, REST off, not WordPress, CORS, server gone', async () => {
  const page = await freshPage();
  // Every failure here is on purpose, and the browser logs each: WordPress's 401s (the private
  // post, the REST API turned off), the 404 of an address that is not WordPress, the site that
  // sends no CORS headers (both its addresses), and servers that are not there (the closed port,
  // WordPress stopped).
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of (401 \(Unauthorized\)|404 \(Not Found\))$/,
    /^console: Access to fetch at 'http:\/\/127\.0\.0\.1:\d+\/(wp-json\/wp\/v2\/posts\?|\?rest_route=\/wp\/v2\/posts&)slug=telegram-12-billion&[^']*' from origin 'http:\/\/127\.0\.0\.1:\d+' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource\.$/,
    /^console: Failed to load resource: net::(ERR_FAILED|ERR_CONNECTION_REFUSED)$/);
  const cases = [
    ['missing', 'no-such-post', 'This article was not found on the WordPress site.'],
    ['protected', 'protected-post', 'This article is password-protected and cannot be shown here.'],
    ['private', String(wp.ids.private), 'This article is private and cannot be shown here.'],
  ];
  for (const [id, post, expected] of cases) {
    await mountPost(page, post, { id, attrs: { lang: 'en' } });
    assert.equal(await message(page, id), expected, id);
  }
  await mountPost(page, 'anything', { id: 'not-wp', site: servers.origin, attrs: { lang: 'en' } });
  assert.equal(await message(page, 'not-wp'), 'This address is not a WordPress site the article can be read from.');

  await wp.php(`update_option('maqal_test_rest_disabled', 1);`);
  try {
    await mountPost(page, 'telegram-12-billion', { id: 'rest-off', attrs: { lang: 'en' } });
    assert.equal(await message(page, 'rest-off'), 'This WordPress site has its REST API turned off, so the article cannot be shown here.');
  } finally {
    await wp.php(`delete_option('maqal_test_rest_disabled');`);
  }
  await wp.php(`update_option('maqal_test_no_cors', 1);`);
  try {
    await mountPost(page, 'telegram-12-billion', { id: 'no-cors', attrs: { lang: 'en' } });
    assert.equal(await message(page, 'no-cors'), "The site is up but does not let this page read its articles (CORS). Its owner has to allow this page's address.");
  } finally {
    await wp.php(`delete_option('maqal_test_no_cors');`);
  }

  const closedPort = await freePort();
  await mountPost(page, 'telegram-12-billion', { id: 'down', site: `http://127.0.0.1:${closedPort}`, attrs: { lang: 'en' } });
  assert.equal(await message(page, 'down'), 'The article could not be reached. Check the connection and try again.');

  // WordPress stops mid-session: the post fails with the text kept; once it is back, retry works.
  await mountPost(page, 'open-post', { id: 'gone', attrs: { lang: 'en' } });
  const gone = page.locator('#gone');
  await fillForm(gone, { text: 'Sent while the server was down', name: 'Rana', email: 'rana@example.com' });
  await wp.stop();
  try {
    await gone.locator('button[type="submit"]').click();
    await gone.locator('form .notice.error').waitFor();
    assert.equal(await gone.locator('#maqal-comment').inputValue(), 'Sent while the server was down');
  } finally {
    await wp.restart();
  }
  await gone.locator('form .notice.error button').click();
  await gone.locator('.comment-text', { hasText: 'Sent while the server was down' }).waitFor();
  const stored = await (await fetch(`${wp.origin}/wp-json/wp/v2/comments?post=${wp.ids.open}&search=${encodeURIComponent('server was down')}`)).json();
  assert.equal(stored.length, 1, 'posted exactly once');
  await page.close();
});

test('count badges and opt-in avatars', async () => {
  const page = await freshPage();
  const asked = [];
  page.on('request', (r) => r.url().startsWith(wp.origin) && asked.push(r.url()));
  await page.evaluate((site) => {
    document.getElementById('slot').insertAdjacentHTML('beforeend',
      `<maqal-count id="long" lang="en" wordpress="${site}" post="long-thread"></maqal-count>` +
      `<maqal-count id="seed" wordpress="${site}" post="telegram-12-billion"></maqal-count>` +
      `<maqal-count id="explicit" lang="en" comments="wordpress" wordpress="${site}" post="closed-post"></maqal-count>`);
  }, wp.origin);
  await page.locator('#long[data-count="150"]').waitFor();
  assert.equal(await page.locator('#long').innerText(), '150 comments');
  await page.locator('#seed[data-count="1"]').waitFor();
  assert.equal(await page.locator('#seed').innerText(), 'تعليق واحد');
  await page.locator('#explicit[data-count="1"]').waitFor();
  // Badges upgraded with their attributes are counted once each: a slug's post id, then its
  // comments' total (two small requests a badge, never one per attribute).
  const asIs = (u) => { const url = new URL(u); return `${url.pathname}?${[...url.searchParams].map(([k, v]) => `${k}=${v}`).sort().join('&')}`; };
  assert.deepEqual(asked.map(asIs).sort(), [
    ...['long-thread', 'telegram-12-billion', 'closed-post'].map((slug) => `/wp-json/wp/v2/posts?_fields=id&slug=${slug}`),
    ...[wp.ids.thread, wp.ids.seed, wp.ids.closed].map((id) => `/wp-json/wp/v2/comments?_fields=id&per_page=1&post=${id}`),
  ].sort());

  // The avatar images are Gravatar's, which freshPage() blocks: nothing leaves this machine.
  allowProblems(page, /^console: Failed to load resource: net::ERR_FAILED$/);
  await mountPost(page, 'telegram-12-billion', { id: 'avatars', attrs: { avatars: 'wordpress' } });
  const avatar = page.locator('#avatars .comment img.avatar');
  assert.match(await avatar.getAttribute('src'), /^https?:\/\/[^/]*gravatar\.com\/avatar\//);
  assert.equal(await avatar.getAttribute('referrerpolicy'), 'no-referrer');
  await page.close();
});

/** Runs PHP inside WordPress and reads the JSON object it prints last. */
const phpJson = async (code) => {
  const out = await wp.php(code);
  return JSON.parse(out.slice(out.lastIndexOf('{')));
};

/** The id of the comment of `post` whose text is exactly `text`, from the public REST API. */
async function commentId(post, text) {
  const found = await (await fetch(`${wp.origin}/wp-json/wp/v2/comments?post=${post}&per_page=100&search=${encodeURIComponent(text)}`)).json();
  const exact = found.filter((c) => c.content.rendered.replace(/<[^>]+>/g, '').trim() === text);
  assert.equal(exact.length, 1, `one comment "${text}": ${JSON.stringify(found.map((c) => c.content.rendered))}`);
  return exact[0].id;
}

test('a comment with more than a hundred replies (WordPress\'s per_page ceiling): every reply reachable, in order, once', async () => {
  // Seeded here, as the seed script seeds: 105 replies to one comment and two to another, a
  // minute apart, so the page's comments have 107 replies between them.
  await phpJson(`
    $post = wp_insert_post(array('post_title' => 'Many replies', 'post_name' => 'many-replies', 'post_status' => 'publish',
      'post_author' => 1, 'comment_status' => 'open', 'post_content' => '<p>One comment draws a crowd.</p>'));
    $start = strtotime('2021-01-01 00:00:00');
    $add = function ($parent, $author, $text, $minute) use ($post, $start) {
      $at = gmdate('Y-m-d H:i:s', $start + $minute * 60);
      return wp_insert_comment(array('comment_post_ID' => $post, 'comment_parent' => $parent, 'comment_author' => $author,
        'comment_content' => $text, 'comment_approved' => 1, 'comment_date_gmt' => $at, 'comment_date' => $at));
    };
    $popular = $add(0, 'Popular', 'The popular comment', 0);
    $quiet = $add(0, 'Quiet', 'The quiet comment', 1);
    for ($i = 1; $i <= 105; $i++) $add($popular, "Replier $i", sprintf('Reply %03d', $i), 10 + $i);
    for ($i = 1; $i <= 2; $i++) $add($quiet, "Neighbour $i", "Quiet reply $i", 200 + $i);
    echo wp_json_encode(array('post' => $post));
  `);
  const page = await freshPage();
  const asked = [];
  page.on('request', (r) => r.url().includes('/wp/v2/comments') && asked.push(new URL(r.url()).searchParams));
  await mountPost(page, 'many-replies', { attrs: { lang: 'en' } });
  const w = page.locator('#w');
  assert.equal(await w.locator('.comments-title').innerText(), '109 comments');
  const popular = w.locator('.comment-list > .comment').first();
  const replies = popular.locator(':scope > .replies > .comment');
  const replyTexts = () => replies.evaluateAll((els) => els.map((el) => el.querySelector('.comment-text').textContent.trim()));
  const expected = Array.from({ length: 105 }, (_, i) => `Reply ${String(i + 1).padStart(3, '0')}`);
  assert.deepEqual(await replyTexts(), expected.slice(0, 5));
  assert.equal(await popular.locator(':scope > .more-replies').innerText(), 'Show 100 more replies');
  // More than a hundred between them: each comment was asked for its own five and its count.
  const firstLevel = asked.filter((q) => q.get('parent') && q.get('parent') !== '0' && !q.has('offset'));
  assert.deepEqual(firstLevel.slice(0, 3).map((q) => `${q.get('parent').split(',').length} parents, per_page=${q.get('per_page')}`),
    ['2 parents, per_page=100', '1 parents, per_page=5', '1 parents, per_page=5']);

  // "Show more replies" until there is none (bounded: 100 more at 20 a request is 5 presses).
  for (let i = 0; i < 10 && (await popular.locator(':scope > .more-replies').count()) > 0; i++) {
    const before = await replies.count();
    await popular.locator(':scope > .more-replies').click();
    await page.waitForFunction(([before]) => document.querySelector('#w').shadowRoot
      .querySelectorAll('.comment-list > .comment:first-child > .replies > .comment').length > before, [before], { timeout: 10_000 })
      .catch(async () => assert.fail(`"show more replies" added nothing to ${before} replies; its button says "${await popular.locator(':scope > .more-replies').innerText()}"`));
  }
  assert.equal(await popular.locator(':scope > .more-replies').count(), 0, 'every reply shown');
  // All 105, oldest first, each once: never more than WordPress's hundred asked for at once.
  assert.deepEqual(await replyTexts(), expected);
  assert.equal(new Set(await replies.evaluateAll((els) => els.map((el) => el.id))).size, 105);
  assert.deepEqual(asked.filter((q) => Number(q.get('per_page')) > 100), []);
  const quiet = w.locator('.comment-list > .comment').nth(1);
  assert.deepEqual((await quiet.locator(':scope > .replies > .comment .comment-text').allTextContents()).map((t) => t.trim()),
    ['Quiet reply 1', 'Quiet reply 2']);
  await page.close();
});

test('a lazy widget\'s #comment-ID on its fourth page is looked up, loaded at once, scrolled to, highlighted, focused; another lazy widget loads nothing', async () => {
  const target = await commentId(wp.ids.thread, 'Top-level comment 37');
  const page = await freshPage();
  await page.setViewportSize({ width: 800, height: 600 });
  const lists = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/\/wp\/v2\/comments$/.test(url.pathname) || url.searchParams.get('rest_route') === '/wp/v2/comments') lists.push(url.searchParams.get('post'));
  });
  // Set before the widgets exist, as when the reader follows a shared link.
  await page.evaluate((id) => { location.hash = `#comment-${id}`; }, target);
  // Two lazy widgets far below the screen, behind 4000 px of the page's own content each: the
  // long thread, which holds the comment, and the seed post, which does not.
  await page.evaluate((site) => {
    for (const [id, post] of [['linked', 'long-thread'], ['other', 'telegram-12-billion']]) {
      const spacer = document.createElement('div');
      spacer.style.height = '4000px';
      const el = document.createElement('maqal-article');
      el.id = id;
      Object.entries({ wordpress: site, post, loading: 'lazy', lang: 'en' }).forEach(([k, v]) => el.setAttribute(k, v));
      document.getElementById('slot').append(spacer, el);
    }
  }, wp.origin);
  await page.locator(`#linked #comment-${target}.highlight`).waitFor({ timeout: 20_000 });
  await focusedId(page, '#linked', `comment-${target}`);
  // The pages before it (ten a page), and no more.
  const texts = await page.locator('#linked .comment-list > .comment > .comment-body .comment-text').allTextContents();
  assert.deepEqual(texts.map((t) => t.trim()), Array.from({ length: 40 }, (_, i) => `Top-level comment ${i + 1}`));
  await page.waitForFunction((id) => {
    const r = document.querySelector('#linked').shadowRoot.querySelector(`#comment-${id}`).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, target, { timeout: 5000 });
  // The seed post's widget, still far below, looked the comment up (not its post's) and asked
  // for none of its comments.
  const other = page.locator('#other');
  await other.locator('.near-screen-placeholder').waitFor({ state: 'attached' });
  assert.equal(await other.locator('section.comments').count(), 0);
  assert.deepEqual(lists.filter((post) => post !== String(wp.ids.thread)), [], 'no comments of the seed post were asked for');
  await page.close();
});

test('strict CSP as documented for WordPress: the post, its image and comments show, a comment posts, nothing is blocked', async () => {
  // A post of its own with the seed's featured image (img-src) and one comment, so that
  // posting here changes no other test's thread.
  const { post } = await phpJson(`
    $seed = ${wp.ids.seed};
    $post = wp_insert_post(array('post_title' => 'Under a strict policy', 'post_name' => 'csp-post', 'post_status' => 'publish',
      'post_author' => 1, 'comment_status' => 'open', 'post_content' => '<p>Read under the policy.</p>'));
    set_post_thumbnail($post, get_post_thumbnail_id($seed));
    wp_insert_comment(array('comment_post_ID' => $post, 'comment_author' => 'Sara', 'comment_content' => 'A comment from before',
      'comment_approved' => 1));
    echo wp_json_encode(array('post' => $post));
  `);
  // The documented row: the local policy with the site in connect-src and in img-src.
  const policy = STRICT_CSP
    .replace("connect-src 'self'", `connect-src 'self' ${wp.origin}`)
    .replace("img-src 'self' data:", `img-src 'self' data: ${wp.origin}`);
  assert.notEqual(policy, STRICT_CSP);
  const server = await servePolicyPage('csp-wordpress', servers.origin, () => policy);
  const page = await browser.page();
  try {
    const violations = await openUnderPolicy(page, `${server.origin}/csp-wordpress.html`, policy);
    await mountPost(page, 'csp-post', { attrs: { lang: 'en' } });
    const w = page.locator('#w');
    assert.equal(await w.locator('h1.headline').innerText(), 'Under a strict policy');
    assert.equal((await w.locator('.body p').innerText()).trim(), 'Read under the policy.');
    // The featured image, from the site: loaded, not blocked.
    const img = w.locator('figure.lead img');
    assert.match(await img.getAttribute('src'), new RegExp(`^${wp.origin}/wp-content/uploads/2016/02/telegram`));
    await img.evaluate((el) => el.decode());
    assert.equal(await img.evaluate((el) => el.naturalWidth), 1200);
    assert.equal((await w.locator('.comment-list > .comment .comment-text').textContent()).trim(), 'A comment from before');
    // Posting works too.
    await fillForm(w, { text: 'A comment under the policy', name: 'Hana', email: 'hana@example.com' });
    await w.locator('.comment-form button[type="submit"]').click();
    await w.locator('.comment-list > .comment .comment-text', { hasText: 'A comment under the policy' }).waitFor();
    const stored = await (await fetch(`${wp.origin}/wp-json/wp/v2/comments?post=${post}`)).json();
    assert.deepEqual(stored.map((c) => c.author_name).sort(), ['Hana', 'Sara']);
    await assertPolicyHeld(page, w, violations, servers.otherOrigin);
  } finally {
    // The server first: a page closing with errors throws, and must not leave it running.
    await server.close();
    await page.close();
  }
});

test('live: another reader’s comment, and a reply to one on screen, wait behind the button; pressing it shows them in place', async () => {
  const [post, before] = JSON.parse(await wp.php(`
    $p = wp_insert_post(array('post_title' => 'Live', 'post_name' => 'live-post', 'post_status' => 'publish', 'post_content' => '<p>Live.</p>'));
    $c = wp_insert_comment(array('comment_post_ID' => $p, 'comment_content' => 'Before the reader came', 'comment_author' => 'Sara', 'comment_approved' => 1));
    echo json_encode(array($p, $c));`));
  // A browser of its own: the fake clock is its context's, and must not reach the other tests.
  const clocked = await launch();
  const page = await openFresh(clocked, servers.origin);
  await page.clock.install();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('after=')) asked.push(new URL(r.url())); });
  await mountPost(page, 'live-post', { attrs: { lang: 'en' } });
  const w = page.locator('#w');
  // Another reader comments, and answers the comment on screen (as WordPress's form would
  // store them: approved, now).
  const [added, reply] = JSON.parse(await wp.php(`
    $a = wp_insert_comment(array('comment_post_ID' => ${post}, 'comment_content' => 'Breaking: a new comment', 'comment_author' => 'Omar', 'comment_approved' => 1));
    $r = wp_insert_comment(array('comment_post_ID' => ${post}, 'comment_parent' => ${before}, 'comment_content' => 'A reply to Sara', 'comment_author' => 'Mona', 'comment_approved' => 1));
    echo json_encode(array($a, $r));`));
  await tick(page, 20);
  const button = w.locator('.live-news button');
  await button.waitFor();
  assert.equal(await button.innerText(), '2 new comments');
  assert.equal(asked.length, 1, asked.map(String).join(' '));
  // One request, every level, an ISO time aligned to the 15-second window.
  assert.equal(asked[0].searchParams.get('parent'), null);
  assert.match(asked[0].searchParams.get('after'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:(00|15|30|45)Z$/);
  assert.equal(await w.locator('li.comment').count(), 1, 'nothing shown before the press');
  await button.click();
  await w.locator(`#comment-${added}`).waitFor();
  assert.equal(await w.locator(`#comment-${before} #comment-${reply}`).count(), 1, 'the reply under its comment');
  await focusedId(page, '#w', `comment-${reply}`);
  assert.equal(await w.locator('.comments-title').innerText(), '3 comments');
  await tick(page, 20);
  assert.equal(await w.locator('li.comment').count(), 3, 'never twice');
  assert.equal(await button.isVisible(), false);
  await page.close();
  await clocked.close();
});
