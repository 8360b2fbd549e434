// Publisher-grade embedding: structured data search engines read, a strict CSP, the host's
// theme, events, lazy comments and excerpt mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowProblems, settled } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { commentsSettled, fillForm, focusedId, freshPage, mountInline, scrollSettled, selfTestPanic } from '../support/widgets.mjs';

let servers, browser;
withServersAndBrowser((s, b) => {
  [servers, browser] = [s, b];
});

/** Resolves after the browser has drawn two more frames. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The widget's structured data, parsed. */
const structured = (page, id) =>
  page.locator(`#${id} > script[data-maqal]`).evaluate((s) => JSON.parse(s.textContent));

const CANONICAL = 'https://news.example/2016/02/telegram';

/** Appends `<maqal-article id=… attrs…>` to the page, with `article` as its inline JSON-LD. */
const mount = (page, id, attrs, article) => page.evaluate(({ id, attrs, article }) => {
  const el = document.createElement('maqal-article');
  el.id = id;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (article) {
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.textContent = JSON.stringify(article);
    el.append(script);
  }
  document.getElementById('slot').append(el);
}, { id, attrs, article });

test('strict CSP: the widget is fully styled and nothing is blocked', async () => {
  const page = await browser.page();
  // The crash notice is shown by a panic on purpose, which the loader reports to the console.
  allowProblems(page, /self-test panic/, /^console: maqal: the widget stopped after an internal error/, /^pageerror: unreachable$/);
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  const response = await page.goto(`${servers.origin}/csp/csp.html`);
  assert.match(response.headers()['content-security-policy'], /style-src 'self';/);
  await page.evaluate(() => localStorage.clear());
  assert.equal(await settled(page, '#strict'), 'article');
  const w = page.locator('#strict');
  await commentsSettled(page, 'strict');
  // The stylesheet is adopted, not injected.
  const shadow = await w.evaluate((el) => ({
    adopted: el.shadowRoot.adoptedStyleSheets.length,
    styleElements: el.shadowRoot.querySelectorAll('style').length,
  }));
  assert.deepEqual(shadow, { adopted: 1, styleElements: 0 });
  const looks = await w.evaluate((el) => {
    const css = (sel, prop) => getComputedStyle(el.shadowRoot.querySelector(sel)).getPropertyValue(prop);
    return {
      display: getComputedStyle(el).display,
      bg: css('.maqal', 'background-color'),
      headline: css('h1', 'font-weight'),
      submit: css('.comment-form button[type="submit"]', 'background-color'),
      hue: css('.avatar', '--hue').trim(),
    };
  });
  assert.equal(looks.display, 'block');
  assert.equal(looks.bg, 'rgb(255, 255, 255)');
  assert.equal(looks.headline, '800', 'the widget sheet, not the browser default');
  assert.equal(looks.submit, 'rgb(11, 107, 203)');
  assert.match(looks.hue, /^\d+$/, 'the avatar colour is set through the CSSOM');
  // Posting renders a new comment and its avatar under the same policy.
  await fillForm(w, { text: 'تعليق تحت سياسة أمان صارمة' });
  await w.locator('.comment-form button[type="submit"]').click();
  await w.locator('.comment-list > li').nth(1).waitFor();
  // The crash notice is styled by the sheet too.
  // Panics in a task of its own: the module traps, and the loader tells every widget.
  await selfTestPanic(page);
  const crashed = await w.locator('p.maqal-crashed').evaluate((p) => getComputedStyle(p).borderTopColor);
  assert.equal(crashed, 'rgb(179, 38, 30)');
  // Violation reports are queued as tasks: two frames let any late one arrive.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.deepEqual(violations, []);
  assert.deepEqual(page.problems.filter((p) => !p.includes('self-test panic') && !p.includes('internal error') && !p.includes('unreachable')), []);
  await page.close();
});

test('structured data: the article and the comments shown, nested, as JSON-LD in the light DOM', async () => {
  const page = await freshPage(browser, servers.origin);
  await mount(page, 'ld', { lang: 'en' }, {
    '@type': 'NewsArticle', inLanguage: 'en', headline: 'Structured', articleBody: 'Body.', url: CANONICAL,
    datePublished: '2016-02-23',
    comment: [{ '@type': 'Comment', text: 'The first comment, findable </script> in the page.', dateCreated: '2016-02-23T10:15:00Z',
      author: { '@type': 'Person', name: 'Sam' } }],
  });
  assert.equal(await settled(page, '#ld'), 'article');
  const w = page.locator('#ld');
  await commentsSettled(page, 'ld');
  await page.locator('#ld > script[data-maqal]').waitFor({ state: 'attached' });
  // The publisher's own script stays first and untouched; ours is the widget's.
  assert.equal(await page.locator('#ld > script').count(), 2);
  let ld = await structured(page, 'ld');
  assert.equal(ld['@type'], 'NewsArticle');
  assert.equal(ld.url, CANONICAL);
  // Not the bare address: SEO plugins (Yoast) give that `@id` to the page itself.
  assert.equal(ld['@id'], `${CANONICAL}#article`);
  assert.equal(ld.mainEntityOfPage, CANONICAL, 'on its own page the article is the main entity');
  assert.equal(ld.commentCount, 1);
  assert.equal(ld.comment.length, 1);
  const first = ld.comment[0];
  const firstId = await w.locator('.comment-list > li').first().getAttribute('id');
  assert.equal(first['@id'], `${CANONICAL}#${firstId}`);
  assert.equal(first.text, 'The first comment, findable </script> in the page.');
  assert.equal(first.dateCreated, '2016-02-23T10:15:00Z');
  assert.deepEqual(first.author, { '@type': 'Person', name: 'Sam' });
  assert.ok(!(await page.locator('#ld > script[data-maqal]').evaluate((s) => s.textContent)).includes('</script>'));

  // A reply appears nested, pointing at its parent, with the commenter's site.
  await w.locator(`#reply-${firstId.replace('comment-', '')}`).click();
  await w.locator('form.reply-form').waitFor();
  await fillForm(w, { text: 'A reply to Sam.', name: 'Ana', email: 'ana@example.com', website: 'https://ana.example/' });
  await w.locator('form.reply-form button[type="submit"]').click();
  await page.waitForFunction(() => {
    const s = document.querySelector('#ld > script[data-maqal]');
    return JSON.parse(s.textContent).commentCount === 2;
  });
  ld = await structured(page, 'ld');
  const nested = ld.comment[0].comment;
  assert.equal(nested.length, 1);
  assert.equal(nested[0].text, 'A reply to Sam.');
  assert.deepEqual(nested[0].parentItem, { '@id': first['@id'] });
  assert.deepEqual(nested[0].author, { '@type': 'Person', name: 'Ana', url: 'https://ana.example/' }, 'no email, ever');
  // The commenter's link, as shown.
  assert.equal(await w.locator('.comment-list a[href="https://ana.example/"]').getAttribute('rel'), 'nofollow ugc noopener');
  // Comment text is real text: the browser's find-in-page finds it.
  assert.equal(await page.evaluate(() => {
    getSelection().removeAllRanges();
    return window.find('findable', false, false, true);
  }), true);
  // The structured data goes with the widget.
  await page.evaluate(() => document.getElementById('ld').setAttribute('comments', 'none'));
  await page.locator('#ld > script[data-maqal]').waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the host theme: markers on <html>, color-scheme and the page background, live within a frame', async () => {
  const page = await freshPage(browser, servers.origin);
  await page.emulateMedia({ colorScheme: 'light' });
  await mountInline(page, { id: 't', lang: 'en', attrs: { thread: 'theme' } });
  const light = 'rgb(255, 255, 255)';
  const dark = 'rgb(22, 24, 29)';
  // Changes the host page, then reads the widget's background in the next animation frame.
  const after = (change) => page.evaluate((change) => {
    new Function(change)();
    return new Promise((resolve) => requestAnimationFrame(() => resolve(
      getComputedStyle(document.getElementById('t').shadowRoot.querySelector('.maqal')).backgroundColor)));
  }, change);
  // The reader's system setting, as the page sees it after its next rendering update.
  const system = async (colorScheme) => {
    await page.emulateMedia({ colorScheme });
    await frames(page);
  };
  assert.equal(await after(''), light);
  // Nothing painted and no scheme declared: the page's canvas is white, even on a dark system.
  await system('dark');
  assert.equal(await after(''), light);
  await system('light');
  assert.equal(await after("document.documentElement.classList.add('dark')"), dark);
  assert.equal(await after("document.documentElement.classList.remove('dark')"), light);
  // Toggled twice within a frame, in two tasks: the second is decided too, by the next frame.
  await page.evaluate(() => new Promise((resolve) => {
    document.documentElement.classList.add('dark');
    setTimeout(() => {
      document.documentElement.classList.remove('dark');
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    }, 0);
  }));
  assert.equal(await after(''), light);
  assert.equal(await after("document.documentElement.dataset.theme = 'dark'"), dark);
  assert.equal(await after("document.documentElement.dataset.theme = 'light'"), light);
  assert.equal(await after("delete document.documentElement.dataset.theme; document.documentElement.style.colorScheme = 'dark'"), dark);
  assert.equal(await after("document.documentElement.style.colorScheme = ''"), light);
  // Declared by a meta tag only (the elements' computed color-scheme stays normal).
  assert.equal(await after("const m = document.createElement('meta'); m.name = 'color-scheme'; m.content = 'dark'; document.head.append(m)"), dark);
  assert.equal(await after("document.querySelector('meta[name=color-scheme]').content = 'light'"), light);
  assert.equal(await after("document.querySelector('meta[name=color-scheme]').content = 'dark'"), dark);
  assert.equal(await after("document.querySelector('meta[name=color-scheme]').remove()"), light);
  // Modern colour spaces, as Tailwind 4 and DaisyUI paint.
  assert.equal(await after("document.body.style.background = 'oklch(0.15 0.01 260)'"), dark);
  assert.equal(await after("document.body.style.background = 'oklch(0.98 0 0)'"), light);
  assert.equal(await after("document.body.style.background = 'lab(10 0 0)'"), dark);
  assert.equal(await after("document.body.style.background = 'color(srgb 0.95 0.95 0.95)'"), light);
  // A wrapper between <body> and the widget that turns dark by a class from the page's sheet.
  assert.equal(await after("const s = document.createElement('style'); s.textContent = '.app-dark { background: oklch(0.2 0 0) }'; document.head.append(s)"), light);
  assert.equal(await after("document.getElementById('slot').classList.add('app-dark')"), dark);
  assert.equal(await after("document.getElementById('slot').classList.remove('app-dark')"), light);
  assert.equal(await after("document.body.style.background = 'rgb(12, 12, 14)'"), dark);
  // The theme attribute still wins over the page.
  assert.equal(await after("document.getElementById('t').setAttribute('theme', 'light')"), light);
  assert.equal(await after("document.getElementById('t').removeAttribute('theme')"), dark);
  // A light page stays light even when the system is dark: no dark card on a light page.
  await page.evaluate(() => { document.body.style.background = 'rgb(250, 250, 250)'; });
  await system('dark');
  assert.equal(await after(''), light);
  // Inside another component's shadow root, the background it paints there counts.
  await page.evaluate(() => {
    const outer = document.createElement('div');
    outer.id = 'outer';
    const inner = document.createElement('section');
    inner.style.background = 'rgb(20, 20, 24)';
    const el = document.createElement('maqal-article');
    el.id = 'nested';
    el.setAttribute('src', '/articles/telegram.json');
    el.setAttribute('comments', 'none');
    inner.append(el);
    outer.attachShadow({ mode: 'open' }).append(inner);
    document.getElementById('slot').append(outer);
  });
  await page.waitForFunction(() => document.getElementById('outer')?.shadowRoot?.querySelector('#nested')?.shadowRoot?.querySelector('h1'));
  const nested = await page.evaluate(() => getComputedStyle(
    document.getElementById('outer').shadowRoot.querySelector('#nested').shadowRoot.querySelector('.maqal')).backgroundColor);
  assert.equal(nested, dark);
  // Slotted into a component that paints behind its slot: the slot's background counts.
  await page.evaluate(() => {
    const card = document.createElement('div');
    card.id = 'card';
    const root = card.attachShadow({ mode: 'open' });
    const panel = document.createElement('div');
    panel.style.background = 'rgb(16, 16, 20)';
    panel.append(document.createElement('slot'));
    root.append(panel);
    const el = document.createElement('maqal-article');
    el.id = 'slotted';
    el.setAttribute('src', '/articles/telegram.json');
    el.setAttribute('comments', 'none');
    card.append(el);
    document.getElementById('slot').append(card);
  });
  await page.waitForFunction(() => document.querySelector('#slotted')?.shadowRoot?.querySelector('h1'));
  const slotted = await page.evaluate(() => getComputedStyle(document.querySelector('#slotted').shadowRoot.querySelector('.maqal')).backgroundColor);
  assert.equal(slotted, dark);
  // A toggle with an attribute of its own (Mantine's, MUI's, Primer's), read through the page's sheet.
  assert.equal(await after("document.body.style.background = ''; const s = document.createElement('style'); s.textContent = 'html[data-mantine-color-scheme=dark] body { background: rgb(10, 10, 12) }'; document.head.append(s)"), light);
  assert.equal(await after("document.documentElement.setAttribute('data-mantine-color-scheme', 'dark')"), dark);
  assert.equal(await after("document.documentElement.setAttribute('data-mantine-color-scheme', 'light')"), light);
  // A page that fades its background between themes: decided again when the fade ends.
  await page.evaluate(() => {
    const s = document.createElement('style');
    s.textContent = 'body { transition: background-color 0.2s linear } html.night body { background-color: rgb(8, 8, 10) }';
    document.head.append(s);
  });
  const settles = (expected) => page.waitForFunction((expected) => getComputedStyle(
    document.getElementById('t').shadowRoot.querySelector('.maqal')).backgroundColor === expected, expected, { timeout: 3000 });
  await page.evaluate(() => document.documentElement.classList.add('night'));
  await settles(dark);
  await page.evaluate(() => document.documentElement.classList.remove('night'));
  await settles(light);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('::part() names style the main regions from the host page', async () => {
  const page = await freshPage(browser, servers.origin);
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = `maqal-article::part(article) { outline: 3px solid rgb(1, 2, 3); }
      maqal-article::part(comments) { outline: 3px solid rgb(4, 5, 6); }
      maqal-article::part(form) { outline: 3px solid rgb(7, 8, 9); }`;
    document.head.append(style);
  });
  await mountInline(page, { id: 'p', lang: 'en', attrs: { thread: 'parts' } });
  await page.locator('#p .comment-form').waitFor();
  const outline = (sel) => page.locator(`#p ${sel}`).evaluate((el) => getComputedStyle(el).outlineColor);
  assert.equal(await outline('article.article'), 'rgb(1, 2, 3)');
  assert.equal(await outline('section.comments'), 'rgb(4, 5, 6)');
  assert.equal(await outline('form.comment-form'), 'rgb(7, 8, 9)');
  await page.close();
});

test('events: ready, comments-loaded, comment-posted and error, once each, bubbling out of the shadow root, without personal data', async () => {
  const page = await browser.page();
  // The error events come from sources failing on purpose (404, 500, 503).
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of (404|500|503) /);
  await page.addInitScript(() => {
    window.seen = [];
    window.shownWhenReady = [];
    for (const type of ['maqal:ready', 'maqal:comments-loaded', 'maqal:comment-posted', 'maqal:error']) {
      document.addEventListener(type, (e) => {
        window.seen.push({ type: e.type, target: e.target.id, detail: e.detail, bubbles: e.bubbles, composed: e.composed });
        // "ready" means the article is on screen when the listener runs.
        if (type === 'maqal:ready') window.shownWhenReady.push(e.target.shadowRoot.querySelector('h1')?.textContent);
      });
    }
  });
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate(() => localStorage.clear());
  await mountInline(page, { id: 'e', lang: 'en', attrs: { thread: 'events' },
    comments: [{ '@type': 'Comment', text: 'One.', author: { '@type': 'Person', name: 'Sam' } }] });
  await frames(page);
  const seen = () => page.evaluate(() => window.seen);
  const url = `${servers.origin}/fixtures/host.html`;
  await page.waitForFunction(() => window.seen.length === 2);
  const byType = (list) => [...list].sort((a, b) => a.type.localeCompare(b.type));
  assert.deepEqual(byType(await seen()), [
    { type: 'maqal:comments-loaded', target: 'e', detail: { total: 1 }, bubbles: true, composed: true },
    { type: 'maqal:ready', target: 'e', detail: { headline: 'Thread e', url }, bubbles: true, composed: true },
  ]);
  assert.deepEqual(await page.evaluate(() => window.shownWhenReady), ['Thread e']);
  const w = page.locator('#e');
  await fillForm(w, { text: 'Posted for the event.', name: 'Private Name', email: 'private@example.com' });
  await w.locator('.comment-form button[type="submit"]').click();
  await page.waitForFunction(() => window.seen.length === 3);
  const posted = (await seen()).find((e) => e.type === 'maqal:comment-posted');
  assert.equal(posted.type, 'maqal:comment-posted');
  assert.deepEqual(Object.keys(posted.detail).sort(), ['id', 'status']);
  assert.equal(posted.detail.status, 'published');
  assert.equal(await w.locator(`#comment-${posted.detail.id}`).count(), 1);
  assert.ok(!JSON.stringify(await seen()).includes('Private') && !JSON.stringify(await seen()).includes('private@'));

  // Held for moderation.
  await mountInline(page, { id: 'm', lang: 'en', attrs: { thread: 'events-held', comments: 'local:moderated' } });
  const m = page.locator('#m');
  await fillForm(m, { text: 'Held for the event.' });
  await m.locator('.comment-form button[type="submit"]').click();
  await page.waitForFunction(() => window.seen.some((e) => e.target === 'm' && e.type === 'maqal:comment-posted'));
  assert.equal((await seen()).find((e) => e.target === 'm' && e.type === 'maqal:comment-posted').detail.status, 'held');

  // Errors, per region, with a kind and nothing else.
  await mount(page, 'x', { src: '/api/status/404' });
  await mount(page, 'y', { src: '/articles/telegram.json', comments: `isso:${servers.origin}/fake-isso/500/` });
  // A post the server refuses is a comments error too.
  await mount(page, 'z', { src: '/articles/telegram.json', comments: `isso:${servers.origin}/fake-isso/nopost/` });
  await commentsSettled(page, 'z');
  await fillForm(page.locator('#z'), { text: 'Refused by the server.' });
  await page.locator('#z .comment-form button[type="submit"]').click();
  await page.waitForFunction(() => window.seen.filter((e) => e.type === 'maqal:error').length === 3);
  await frames(page);
  const errors = (await seen()).filter((e) => e.type === 'maqal:error').map((e) => [e.target, e.detail]);
  assert.deepEqual(errors.sort(), [['x', { region: 'article', kind: 'http' }], ['y', { region: 'comments', kind: 'server' }],
    ['z', { region: 'comments', kind: 'server' }]]);
  // Once each.
  const all = await seen();
  for (const id of ['e', 'm', 'x', 'y', 'z']) {
    const types = all.filter((e) => e.target === id).map((e) => e.type);
    assert.equal(new Set(types).size, types.length, `${id}: ${types}`);
  }
  await page.close();
});

test('loading="lazy": no comments request until the reader comes near; nothing above moves', async () => {
  const page = await browser.page();
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${servers.origin}/fixtures/host.html`);
  const requests = [];
  page.on('request', (r) => r.url().includes('/fake-isso/slowpost/') && requests.push(r.url()));
  // A lazy widget far below the screen, behind 4000 px of the page's own content.
  const mountFarDown = async () => {
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.style.height = '4000px';
      document.getElementById('slot').append(spacer);
    });
    await mount(page, 'lazy', { loading: 'lazy', src: '/articles/telegram.json', comments: `isso:${servers.origin}/fake-isso/slowpost/` });
  };
  await mountFarDown();
  assert.equal(await settled(page, '#lazy'), 'article');
  const w = page.locator('#lazy');
  await w.locator('.near-screen-placeholder').waitFor({ state: 'attached' });
  // Deliberately a fixed time: nothing is to be asked for, and nothing can signal that it was not.
  await page.waitForTimeout(1000);
  assert.deepEqual(requests, [], 'nothing is asked for while the comments are far away');
  const reserved = await w.locator('.near-screen-placeholder').evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(reserved > 200, `space held: ${reserved}px`);
  // What the reader sees above the comments (the article's last lines) stays where it is on the
  // screen while the comments replace the placeholder.
  const sourceTop = () => w.locator('p.source').evaluate((p) => p.getBoundingClientRect().top);
  // The comments' answer is held until the article has settled where the reader scrolled: its
  // paragraphs below the fold are laid out only as they come near (content-visibility), which
  // moves it for a few frames by itself (a CI run measured it mid-way, 53 px off). What moves
  // after that can only be the comments coming.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/fake-isso/slowpost/**', async (route) => { await held; await route.continue(); });
  const near = page.waitForRequest((r) => r.url().includes('/fake-isso/slowpost/'));
  await w.locator('.near-screen-placeholder').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const before = await w.evaluate((el) => new Promise((resolve) => {
    const source = el.shadowRoot.querySelector('p.source');
    let last = null;
    let same = 0;
    const frame = () => {
      const top = source.getBoundingClientRect().top;
      same = top === last ? same + 1 : 0;
      last = top;
      if (same >= 5) resolve(top);
      else requestAnimationFrame(frame);
    };
    frame();
  }));
  await near;
  release();
  await w.locator('section.comments .comments-title').waitFor();
  await page.locator('#lazy').evaluate((el) => new Promise((resolve) => {
    const check = () => (el.shadowRoot.querySelector('.comments .notice.loading') ? requestAnimationFrame(check) : resolve());
    check();
  }));
  // The whole first page on screen (added a few comments a frame), and the frame after it drawn:
  // the browser's scroll anchoring has settled.
  await w.locator('.comment-list[aria-busy="false"], .comments .notice.error').first().waitFor({ state: 'attached' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(requests.length, 1, requests.join('\n'));
  // Within 2 px: under load, Chromium's scroll anchoring has been seen to settle 2 px off
  // (336 against 338) in one run of several; a placeholder let go without anchoring moves the
  // text by the comments' height, hundreds of pixels.
  const after = await sourceTop();
  assert.ok(Math.abs(after - before) <= 2, `the article's last line moved from ${before} to ${after}`);
  assert.deepEqual(page.problems, []);

  // A link to a comment is a reader who wants the comments now: no waiting for the scroll.
  await page.goto(`${servers.origin}/fixtures/host.html#comment-1`);
  const asked = page.waitForRequest((r) => r.url().includes('/fake-isso/slowpost/'), { timeout: 10_000 });
  await mountFarDown();
  await asked;
  // Shown without the reader scrolling there: the place held for them is let go.
  await page.locator('#lazy section.comments').last().waitFor();
  assert.equal(await page.locator('#lazy .near-screen-placeholder:not([hidden])').count(), 0);

  // The same link followed on the page while the comments wait (a table of contents, a
  // notification): they load then, not once the reader has scrolled there.
  await page.goto(`${servers.origin}/fixtures/host.html`);
  requests.length = 0;
  await mountFarDown();
  await page.locator('#lazy .near-screen-placeholder').waitFor({ state: 'attached' });
  // Deliberately a fixed time: nothing is to be asked for yet.
  await page.waitForTimeout(300);
  assert.deepEqual(requests, []);
  const followed = page.waitForRequest((r) => r.url().includes('/fake-isso/slowpost/'), { timeout: 10_000 });
  await page.evaluate(() => { location.hash = '#comment-1'; });
  await followed;

  // An app whose content scrolls inside an element: "near" is measured in that element, also
  // when it sits at the top of a component's shadow root (Ionic, Lit apps) with the widget slotted.
  const shells = {
    element: () => {
      window.scroller = document.getElementById('slot');
      Object.assign(window.scroller.style, { display: 'block', height: '600px', overflow: 'auto' });
    },
    'shadow root': () => {
      const app = document.createElement('div');
      const root = app.attachShadow({ mode: 'open' });
      const scroller = document.createElement('div');
      Object.assign(scroller.style, { height: '600px', overflow: 'auto' });
      scroller.append(document.createElement('slot'));
      root.append(scroller);
      document.getElementById('slot').append(app);
      window.shellHost = app;
      window.scroller = scroller;
    },
  };
  for (const [name, shell] of Object.entries(shells)) {
    await page.goto(`${servers.origin}/fixtures/host.html`);
    requests.length = 0;
    await page.evaluate(shell);
    if (name === 'shadow root') {
      // The spacer and the widget are the component's light children, shown through its slot.
      await page.evaluate(() => {
        const spacer = document.createElement('div');
        spacer.style.height = '4000px';
        window.shellHost.append(spacer);
      });
      await page.evaluate((origin) => {
        const el = document.createElement('maqal-article');
        el.id = 'lazy';
        Object.entries({ loading: 'lazy', src: '/articles/telegram.json', comments: `isso:${origin}/fake-isso/slowpost/` })
          .forEach(([k, v]) => el.setAttribute(k, v));
        window.shellHost.append(el);
      }, servers.origin);
    } else {
      await mountFarDown();
    }
    await page.locator('#lazy .near-screen-placeholder').waitFor({ state: 'attached' });
    // Deliberately a fixed time: nothing is to be asked for yet.
    await page.waitForTimeout(300);
    assert.deepEqual(requests, [], `${name}: far down in the scrolling element`);
    const near = page.waitForRequest((r) => r.url().includes('/fake-isso/slowpost/'), { timeout: 10_000 });
    // Scrolled to 300 px above the placeholder's top edge below the element's visible bottom.
    await page.evaluate(() => {
      const placeholder = document.getElementById('lazy').shadowRoot.querySelector('.near-screen-placeholder');
      window.scroller.scrollTop += placeholder.getBoundingClientRect().top - window.scroller.getBoundingClientRect().bottom - 300;
    });
    await near;
    const visible = await page.evaluate(() => {
      const rect = document.getElementById('lazy').shadowRoot.querySelector('section.comments, .near-screen-placeholder:not([hidden])').getBoundingClientRect();
      return rect.top < window.scroller.getBoundingClientRect().bottom;
    });
    assert.equal(visible, false, `${name}: asked for before it shows`);
  }
  await page.close();
});

test('mode="excerpt": headline, lead image, the first paragraphs and a link to the original', async () => {
  const page = await freshPage(browser, servers.origin);
  const seed = await (await fetch(`${servers.origin}/articles/telegram.json`)).json();
  await mount(page, 'x', { mode: 'excerpt' }, { ...seed, '@id': `${CANONICAL}#article`, url: CANONICAL, image: { ...seed.image, url: '/articles/telegram.svg' } });
  assert.equal(await settled(page, '#x'), 'article');
  const w = page.locator('#x');
  assert.match(await w.locator('h1').innerText(), /^تيليجرام يرسل 12 مليار رسالة/);
  assert.equal(await w.locator('figure.lead img').getAttribute('src'), `${servers.origin}/articles/telegram.svg`);
  assert.equal(await w.locator('.body p').count(), 3);
  const link = w.locator('.continue a');
  assert.equal(await link.getAttribute('href'), CANONICAL);
  assert.equal(await link.innerText(), 'تابع القراءة في الموقع الأصلي');
  await page.locator('#x > script[data-maqal]').waitFor({ state: 'attached' });
  const ld = await structured(page, 'x');
  assert.equal(ld.url, CANONICAL);
  assert.equal(ld['@id'], `${CANONICAL}#article`, 'the publisher\'s own @id: one item, not two');
  assert.equal(ld.mainEntityOfPage, undefined, 'a partner page does not claim the original as its main entity');
  // The whole article without the attribute.
  await page.evaluate(() => document.getElementById('x').removeAttribute('mode'));
  await page.waitForFunction(() => document.getElementById('x').shadowRoot.querySelectorAll('.body p').length === 7);
  assert.equal(await w.locator('.continue').count(), 0);
  // A body of lines, no blank line between them: one paragraph, cut at a word near 1200
  // characters; a paragraph of only a bidi mark is not one of the three.
  const lines = Array.from({ length: 200 }, (_, i) => `السطر رقم ${i + 1} من النص`).join('\n');
  await mount(page, 'lines', { mode: 'excerpt' }, { '@type': 'NewsArticle', headline: 'سطور', url: CANONICAL, articleBody: lines });
  await mount(page, 'marks', { mode: 'excerpt' }, { '@type': 'NewsArticle', headline: 'علامات', url: CANONICAL, articleBody: '\u200f\n\nواحد\n\n\u200b\n\nاثنان\n\nثلاثة\n\nأربعة' });
  assert.equal(await settled(page, '#lines'), 'article');
  assert.equal(await settled(page, '#marks'), 'article');
  const cut = await page.locator('#lines .body p').allTextContents();
  assert.equal(cut.length, 1);
  assert.ok(cut[0].length <= 1201 && cut[0].length > 1150 && cut[0].endsWith('…'), `${cut[0].length}: ${cut[0].slice(-20)}`);
  assert.deepEqual(await page.locator('#marks .body p').allTextContents(), ['واحد', 'اثنان', 'ثلاثة']);
  // A relative canonical address is the original's, resolved against the file that says it, never
  // this partner page's.
  await mount(page, 'rel', { mode: 'excerpt', src: '/fixtures/articles/relative.json' });
  assert.equal(await settled(page, '#rel'), 'article');
  const original = `${servers.origin}/fixtures/news/relative`;
  assert.equal(await page.locator('#rel .continue a').getAttribute('href'), original);
  await page.locator('#rel > script[data-maqal]').waitFor({ state: 'attached' });
  const relLd = await structured(page, 'rel');
  assert.equal(relLd.url, original);
  assert.equal(relLd['@id'], `${original}#article`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('mode="comments": the comments alone, of this page when the element names no article; the article, when it does, only for its thread', async () => {
  const page = await freshPage(browser, servers.origin);
  // No source at all: the page shows its article itself, and the thread is the page's address.
  await mount(page, 'alone', { mode: 'comments', comments: 'local', lang: 'ar' });
  await commentsSettled(page, 'alone');
  const w = page.locator('#alone');
  assert.equal(await w.locator('article.article, h1.headline, .notice.error').count(), 0, 'no article, no headline, no error');
  assert.equal(await w.locator('.comments-title').innerText(), 'لا توجد تعليقات');
  await fillForm(w, { text: 'تعليق على هذه الصفحة نفسها' });
  await w.locator('button[type="submit"]').click();
  await w.locator('.comment-list > .comment', { hasText: 'تعليق على هذه الصفحة نفسها' }).waitFor();
  // The new comment is focused and scrolled to (smoothly) a frame later: let that end before
  // this test scrolls the page itself (a CI run scrolled first, and the smooth scroll undid it).
  await focusedId(page, '#alone', /^comment-/);
  await scrollSettled(page);
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('maqal:comments:')));
  assert.deepEqual(stored, ['maqal:comments:/fixtures/host.html']);
  // No structured data without an article to hang the comments on.
  assert.equal(await page.locator('#alone > script[data-maqal]').count(), 0);
  // Scrolled past its start, its comments still on screen (where a widget with its article shows
  // the way back to it): no way back to an article it does not show.
  await page.evaluate(() => {
    document.body.style.minHeight = '400vh';
    window.scrollBy(0, document.getElementById('alone').getBoundingClientRect().top + 120);
  });
  await frames(page);
  assert.ok(await w.evaluate((el) => el.getBoundingClientRect().top < -100 && el.getBoundingClientRect().bottom > 100));
  assert.equal(await w.locator('.to-top').isVisible(), false);

  // Naming an article (inline JSON-LD here): its thread, never its headline or body.
  const seed = await (await fetch(`${servers.origin}/articles/telegram.json`)).json();
  await mount(page, 'named', { mode: 'comments', comments: 'local' }, { ...seed, url: CANONICAL });
  await commentsSettled(page, 'named');
  const named = page.locator('#named');
  assert.equal(await named.locator('article.article, h1.headline, figure.lead').count(), 0);
  assert.equal(await named.locator('.comments').count(), 1);
  await page.close();
});
