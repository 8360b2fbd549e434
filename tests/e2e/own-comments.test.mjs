// The page's own comments inside the element (docs/embedding.md, "The page's own comments"):
// shown with the page, replaced by the widget's in one update, never a frame without comments,
// nothing below moving up, their form posting without JavaScript, and nothing typed in it lost
// or taken from under the reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';

let servers, browser;
withServersAndBrowser((s, b) => {
  [servers, browser] = [s, b];
});

/** The fixture's thread in the browser store: the two comments its server rendered. */
const STORED = ['c1', 'c2'].map((id, i) => ({
  id, author: `كاتب ${id}`, text: `نص التعليق ${id}`, created: Date.now() - (100 - i) * 60_000,
}));

/**
 * Opens the fixture with the thread stored, recording from the first frame, each frame: whether
 * the page's own comments show, whether the widget's do, and whether the widget's article does;
 * and every layout shift not caused by the reader.
 */
async function openOwn({ long = false } = {}) {
  const page = await browser.page();
  if (long) {
    // A long article (the page's and the widget's): its comments start screens below the top.
    await page.route('**/fixtures/own-comments.html', async (route) => {
      const html = await (await route.fetch()).text();
      const paragraph = 'فقرة طويلة من المقال كما يكتبها خادم الناشر، تملأ سطورًا عدة على شاشة الهاتف وأكثر من ذلك بقليل.';
      await route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: html.replace('"articleBody": "فقرة المقال الأولى.', `"articleBody": "${`${paragraph}\\n\\n`.repeat(60)}فقرة المقال الأولى.`)
          .replace('<article><h1>عنوان المقال</h1>', `<article><h1>عنوان المقال</h1>${`<p>${paragraph}</p>`.repeat(60)}`),
      });
    });
  }
  await page.addInitScript((stored) => {
    localStorage.setItem('maqal:comments:/own', JSON.stringify(stored));
    window.frames_ = [];
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.hadRecentInput) window.shifts.push({ at: Math.round(e.startTime), value: e.value, moved: e.sources.map((s) => [s.node ? (s.node.id || s.node.className || s.node.nodeName) : 'none', Math.round(s.previousRect.y), Math.round(s.currentRect.y), Math.round(s.currentRect.height)]) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
    const visible = (els) => [...els].some((e) => e.checkVisibility({ visibilityProperty: true }));
    const sample = () => {
      const w = document.getElementById('w');
      if (w) {
        const frame = {
          own: visible(w.querySelectorAll('li.comment')),
          ours: visible(w.shadowRoot?.querySelectorAll('.comment-list > .comment') ?? []),
          article: visible(w.shadowRoot?.querySelectorAll('h1.headline') ?? []),
        };
        if (frame.article) window.articleAt ??= performance.now();
        window.frames_.push(frame);
      }
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  }, STORED);
  await page.goto(`${servers.origin}/fixtures/own-comments.html`);
  return page;
}

/** The widget's comments are on screen (the page's own are not). */
const widgetsShown = (page) => page.waitForFunction(() => {
  const w = document.getElementById('w');
  const ours = w.shadowRoot?.querySelectorAll('.comment-list[aria-busy="false"] > .comment') ?? [];
  return ours.length === 2 && [...ours].every((c) => c.checkVisibility({ visibilityProperty: true }))
    && ![...w.querySelectorAll('li.comment')].some((c) => c.checkVisibility({ visibilityProperty: true }));
}, null, { timeout: 15_000 });

const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('the page\'s own comments show until the widget\'s replace them in one update: no frame without comments, nothing below moves', async () => {
  const page = await openOwn();
  const w = page.locator('#w');
  await widgetsShown(page);
  await frames(page);
  const seen = await page.evaluate(() => window.frames_);
  const first = seen.findIndex((f) => f.own || f.ours);
  assert.ok(first >= 0, 'comments were shown');
  const gaps = seen.slice(first).filter((f) => !f.own && !f.ours).length;
  assert.equal(gaps, 0, `frames without comments after the first: ${gaps} of ${seen.length - first}`);
  // The widget's article came while its comments were still on their way (the store answers
  // after 1.5 s): the page's own comments showed under it then.
  assert.ok(seen.some((f) => f.article && f.own && !f.ours), 'the page\'s comments under the widget\'s article');
  assert.ok(!seen.some((f) => f.own && f.ours), 'never both lists at once');
  // From the frame after the widget's article replaced the page's (which moves what is below by
  // the difference of the two articles' heights: embedding.test.mjs), through the comments' hand-over.
  const shift = await page.evaluate(() => window.shifts.filter((s) => s.at > window.articleAt + 100).reduce((sum, s) => sum + s.value, 0));
  assert.ok(shift <= 0.01, `layout shift ${shift}: ${JSON.stringify(await page.evaluate(() => [window.articleAt, window.shifts]))}`);
  // The widget's section keeps at least the height the page's comments had: below, nothing moved up.
  const held = await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('section.comments').style.minHeight);
  assert.match(held, /^\d+(\.\d+)?px$/);
  // The page's own stay in the page (light DOM), unseen; the widget's form is the one shown.
  assert.equal(await page.locator('#w > section.comments').count(), 1);
  assert.equal(await page.locator('#w > section.comments').getAttribute('slot'), 'maqal-comments');
  assert.equal(await page.locator('#commentform').isVisible(), false);
  await w.locator('#maqal-comment').waitFor();
  // In view: its first page laid out in full until the reader acts.
  assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('section.comments').classList.contains('arriving')), true);
  // The reader acts: the section takes its own height again.
  await page.locator('#outside').click();
  await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelector('section.comments').style.minHeight === '');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('comments handed over screens below the reader are not laid out again in full, and nothing moves when the reader scrolls to them', async () => {
  const page = await openOwn({ long: true });
  await widgetsShown(page);
  await frames(page);
  const section = () => page.evaluate(() => {
    const s = document.getElementById('w').shadowRoot.querySelector('section.comments');
    return { arriving: s.classList.contains('arriving'), top: Math.round(s.getBoundingClientRect().top), screen: innerHeight };
  });
  const far = await section();
  assert.ok(far.top > 2 * far.screen, `the comments start ${far.top} px down, more than two screens of ${far.screen}`);
  // Not held laid out in full: off screen, its texts are skipped as any list's below the fold.
  assert.equal(far.arriving, false);
  const seen = await page.evaluate(() => window.frames_);
  const first = seen.findIndex((f) => f.own || f.ours);
  assert.equal(seen.slice(first).filter((f) => !f.own && !f.ours).length, 0, 'no frame without comments');
  // The reader scrolls down to them (a script's scroll: not an input that excuses a shift).
  const before = await page.evaluate(() => window.shifts.reduce((sum, s) => sum + s.value, 0));
  for (let i = 0; i < 40; i++) {
    await page.evaluate(() => window.scrollBy(0, innerHeight / 2));
    await frames(page);
  }
  assert.ok((await section()).top < far.screen, 'the comments came into view');
  const shift = (await page.evaluate(() => window.shifts.reduce((sum, s) => sum + s.value, 0))) - before;
  assert.ok(shift <= 0.01, `layout shift while scrolling to them: ${shift} ${JSON.stringify(await page.evaluate(() => window.shifts))}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('typing in the page\'s own form (an input method\'s composition open) is never taken from under the reader, and carries over', async () => {
  const page = await openOwn();
  const w = page.locator('#w');
  // The reader starts writing in the page's own form while the widget is still loading.
  await page.locator('#comment').click();
  await page.keyboard.type('رأيي ');
  await page.evaluate(() => {
    window.composition = [];
    for (const type of ['compositionstart', 'compositionend']) {
      document.getElementById('comment').addEventListener(type, (e) => window.composition.push(`${type}:${e.data}`));
    }
  });
  const cdp = await page.context().newCDPSession(page);
  // An Arabic keyboard mid-word: a composition open over the text.
  await cdp.send('Input.imeSetComposition', { text: 'في', selectionStart: 2, selectionEnd: 2 });
  // The widget's first page is all on screen, in its hidden section: it is ready to take over.
  await page.waitForFunction(() => document.getElementById('w').shadowRoot
    ?.querySelectorAll('.comment-list[aria-busy="false"] > .comment').length === 2, null, { timeout: 15_000 });
  await frames(page);
  // Nothing was taken: the same field has the focus, the composition is still open over the
  // reader's text, and the page's comments and form show.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'comment');
  assert.equal(await page.locator('#comment').inputValue(), 'رأيي في');
  assert.equal(await page.locator('#commentform').isVisible(), true);
  assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('section.comments').checkVisibility({ visibilityProperty: true })), false);
  // Meanwhile the widget's section is laid out where it will be, at the width it will have,
  // taking no room: the hand-over only shows it.
  const laidOut = () => page.evaluate(() => {
    const section = document.getElementById('w').shadowRoot.querySelector('section.comments');
    return { height: section.getBoundingClientRect().height, width: Math.round(section.querySelector('.comment-text').getBoundingClientRect().width) };
  });
  const hidden = await laidOut();
  assert.equal(hidden.height, 0);
  assert.ok(hidden.width > 100, `a comment's text laid out ${hidden.width} px wide`);
  await cdp.send('Input.imeSetComposition', { text: 'في المقال', selectionStart: 9, selectionEnd: 9 });
  await cdp.send('Input.insertText', { text: 'في المقال' });
  assert.equal(await page.locator('#comment').inputValue(), 'رأيي في المقال');
  assert.deepEqual(await page.evaluate(() => window.composition), ['compositionstart:', 'compositionend:في المقال'], 'one composition, never broken');
  await page.locator('#author').fill('ليلى');
  await page.locator('#email').fill('layla@example.com');
  await page.locator('#wp-comment-cookies-consent').check();
  // Still in the page's form: still theirs.
  await frames(page);
  assert.equal(await page.locator('#commentform').isVisible(), true);
  // The focus leaves the page's comments: the widget's take their place, with what was typed.
  await page.locator('#outside').focus();
  await widgetsShown(page);
  assert.equal(await w.locator('#maqal-comment').inputValue(), 'رأيي في المقال');
  assert.equal((await laidOut()).width, hidden.width, 'laid out at the width it has now');
  assert.equal(await w.locator('#maqal-name').inputValue(), 'ليلى');
  assert.equal(await w.locator('#maqal-email').inputValue(), 'layla@example.com');
  assert.equal(await w.locator('#maqal-remember').isChecked(), true);
  // Kept as the widget keeps what is typed: a reload finds it.
  await w.locator('#maqal-comment').focus();
  await page.waitForFunction(() => localStorage.getItem('maqal:typed:/own') === 'رأيي في المقال'
    || JSON.parse(localStorage.getItem('maqal:draft:/own') ?? '{}').text === 'رأيي في المقال', null, { timeout: 5000 });
  // And it posts from the widget's form, once.
  await w.locator('form.comment-form button[type="submit"]').click();
  await w.locator('.comment-list > .comment', { hasText: 'رأيي في المقال' }).waitFor();
  await frames(page);
  assert.equal(await w.locator('.comment-list > .comment', { hasText: 'رأيي في المقال' }).count(), 1);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('without JavaScript the page\'s own comments show and their form posts through the page\'s own path', async () => {
  const plain = await launch({ javaScriptEnabled: false });
  try {
    const page = await plain.page();
    let posted = null;
    await page.route('**/api/form-echo', async (route) => {
      posted = route.request().postData();
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><p id="thanks">شكرًا</p>' });
    });
    await page.goto(`${servers.origin}/fixtures/own-comments.html`);
    assert.equal(await page.locator('#w li.comment').count(), 2);
    assert.equal(await page.locator('#w li.comment').first().isVisible(), true);
    await page.locator('#comment').fill('تعليق بلا جافاسكربت');
    await page.locator('#author').fill('سامي');
    await page.locator('#email').fill('sami@example.com');
    await page.locator('#commentform button[type="submit"]').click();
    await page.locator('#thanks').waitFor();
    const body = new URLSearchParams(posted);
    assert.equal(body.get('comment'), 'تعليق بلا جافاسكربت');
    assert.equal(body.get('author'), 'سامي');
    assert.equal(body.get('comment_post_ID'), '5');
    await page.close();
  } finally {
    await plain.close();
  }
});

test('a widget that cannot show comments leaves the page\'s own on show', async () => {
  const fixture = await (await fetch(`${servers.origin}/fixtures/own-comments.html`)).text();
  const element = fixture.slice(fixture.indexOf('<maqal-article'), fixture.indexOf('</maqal-article>') + '</maqal-article>'.length);
  const page = await browser.page();
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate(() => {
    window.failed = [];
    document.addEventListener('maqal:error', (e) => window.failed.push(`${e.target.id}:${e.detail.region}`));
  });
  // The browser store behaving as an unreachable server (its first page fails), and no comments.
  for (const [id, comments] of [['offline', 'local:offline'], ['none', 'none']]) {
    await page.evaluate(([html, id, comments]) => {
      document.getElementById('slot').insertAdjacentHTML('beforeend',
        html.replace('id="w"', `id="${id}"`).replace('comments="local:delay=1500"', `comments="${comments}"`));
    }, [element, id, comments]);
    await page.locator(`#${id} h1.headline`).waitFor();
  }
  // The first page has failed (the page was told): the page's own comments are still there.
  await page.waitForFunction(() => window.failed.includes('offline:comments'));
  await frames(page);
  for (const id of ['offline', 'none']) {
    assert.equal(await page.locator(`#${id} li.comment`).first().isVisible(), true, `${id}: the page's own comments show`);
    assert.equal(await page.locator(`#${id} .notice.error`).filter({ visible: true }).count(), 0, `${id}: no error over them`);
    assert.equal(await page.locator(`#${id} #commentform`).isVisible(), true, `${id}: their form`);
  }
  await page.close();
});
