// Every bad input ends in a visible, localized message inside that widget; the others keep working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowProblems, settled } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { selfTestPanic } from '../support/widgets.mjs';

let servers, browser;
withServersAndBrowser((s, b) => {
  [servers, browser] = [s, b];
});

/** What the browser itself logs for a load that fails (an error status, a refused or unsafe port). */
const FAILED_LOAD = /^console: Failed to load resource: /;
const CORS_REFUSED = /^console: Access to fetch at '[^']+' from origin '[^']+' has been blocked by CORS policy/;

const EN = {
  missing: 'No article source: add a src attribute or a JSON-LD script inside the element.',
  network: 'The article could not be reached. Check the connection and try again.',
  http404: 'The article could not be loaded: the server answered with error 404.',
  http500: 'The article could not be loaded: the server answered with error 500.',
  notJson: 'The article data is not valid JSON.',
  notArticle: 'The data does not describe a news article (NewsArticle).',
  noHeadline: 'The article has no headline.',
  noBody: 'The article has no body text.',
  tooLarge: 'The article file is larger than the allowed 1,024 KiB.',
  timeout: 'Loading the article timed out.',
};
const AR = {
  missing: 'لم يُحدَّد مصدر للمقال: أضِف السمة src أو عنصر JSON-LD داخل العنصر.',
  network: 'تعذّر الوصول إلى المقال. تحقّق من الاتصال ثم أعد المحاولة.',
  http404: 'تعذّر تحميل المقال: ردّ الخادم بالخطأ 404.',
  notJson: 'بيانات المقال ليست JSON صالحًا.',
  notArticle: 'البيانات لا تصف مقالًا إخباريًا (NewsArticle).',
  // The number in the locale's own digits, as its dates have them (Intl's choice for `ar`).
  tooLarge: 'ملف المقال أكبر من الحد المسموح به ({kib} كيلوبايت).',
};

async function mount(page, widgets) {
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate((widgets) => {
    const slot = document.getElementById('slot');
    for (const [id, attrs, inline] of widgets) {
      const el = document.createElement('maqal-article');
      el.id = id;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      if (inline !== undefined) {
        const script = document.createElement('script');
        script.type = 'application/ld+json';
        script.textContent = inline;
        el.append(script);
      }
      slot.append(el);
    }
  }, widgets);
}

const message = (page, id) => page.locator(`#${id} .notice.error[role="alert"] p`).innerText();

function cases(lang, other) {
  return [
    ['missing', { lang }],
    ['unsafe', { lang, src: 'javascript:alert(1)' }, undefined, 'missing'],
    ['network', { lang, src: 'http://127.0.0.1:9/article.json' }],
    ['cors', { lang, src: `${other}/fixtures/articles/en.json` }, undefined, 'network'],
    ['http404', { lang, src: '/api/status/404' }],
    ['http500', { lang, src: '/api/status/500' }],
    ['notJson', { lang, src: '/api/not-json' }],
    ['inlineNotJson', { lang }, '{"@type": "NewsArticle", oops', 'notJson'],
    ['notArticle', { lang, src: '/fixtures/articles/recipe.json' }],
    ['noHeadline', { lang, src: '/fixtures/articles/no-headline.json' }],
    ['noBody', { lang, src: '/fixtures/articles/no-body.json' }],
    ['tooLarge', { lang, src: '/api/huge-streamed' }],
    ['tooLargeDeclared', { lang, src: '/api/huge-declared' }, undefined, 'tooLarge'],
  ];
}

test('each error case shows its English message; a good widget on the page still renders', async () => {
  const page = await browser.page();
  // Unreachable, refused and failing sources on purpose: the browser logs each failed load.
  allowProblems(page, FAILED_LOAD, CORS_REFUSED);
  const all = cases('en', servers.otherOrigin);
  await mount(page, [...all.map(([id, attrs, inline]) => [id, attrs, inline]), ['good', { src: '/articles/telegram.json' }]]);
  for (const [id, , , expected] of all) {
    assert.equal(await settled(page, `#${id}`), 'error', id);
    assert.equal(await message(page, id), EN[expected ?? id], id);
    assert.equal(await page.locator(`#${id} .frame`).getAttribute('dir'), 'ltr', id);
  }
  assert.equal(await settled(page, '#good'), 'article');
  // Retrying helps only where the document is not at fault.
  assert.equal(await page.locator('#http500 .notice button').innerText(), 'Try again');
  assert.equal(await page.locator('#network .notice button').count(), 1);
  assert.equal(await page.locator('#http404 .notice button').count(), 0);
  assert.equal(await page.locator('#notArticle .notice button').count(), 0);
  assert.ok(!page.problems.some((p) => p.startsWith('pageerror')), page.problems.join('\n'));
  await page.close();
});

test('messages follow the page language (Arabic) when the widget has no lang', async () => {
  const page = await browser.page();
  // Unreachable, refused and failing sources on purpose: the browser logs each failed load.
  allowProblems(page, FAILED_LOAD, CORS_REFUSED);
  const arabic = cases(undefined, servers.otherOrigin)
    .filter(([id, , , expected]) => AR[expected ?? id])
    .map(([id, attrs, inline, expected]) => {
      const { lang, ...rest } = attrs;
      return [id, rest, inline, expected];
    });
  await mount(page, arabic.map(([id, attrs, inline]) => [id, attrs, inline]));
  const kib = await page.evaluate(() => new Intl.NumberFormat('ar').format(1024));
  for (const [id, , , expected] of arabic) {
    assert.equal(await settled(page, `#${id}`), 'error', id);
    assert.equal(await message(page, id), AR[expected ?? id].replace('{kib}', kib), id);
    assert.equal(await page.locator(`#${id} .frame`).getAttribute('dir'), 'rtl', id);
  }
  await page.close();
});

test('retry loads the article once the server recovers', async () => {
  const page = await browser.page();
  // The server fails (503) on purpose before it recovers.
  allowProblems(page, FAILED_LOAD);
  await mount(page, [['flaky', { lang: 'en', src: '/api/flaky/retry-test' }]]);
  assert.equal(await settled(page, '#flaky'), 'error');
  assert.equal(await message(page, 'flaky'), 'The article could not be loaded: the server answered with error 503.');
  await page.locator('#flaky .notice button').click();
  await page.locator('#flaky article h1').waitFor();
  assert.equal(await page.locator('#flaky .notice.error').count(), 0);
  await page.close();
});

test('a server that never answers times out with a message', async () => {
  const page = await browser.page();
  await mount(page, [['timeout', { lang: 'en', src: '/api/hang' }]]);
  assert.equal(await settled(page, '#timeout', 30_000), 'error');
  assert.equal(await message(page, 'timeout'), EN.timeout);
  await page.close();
});

test('a panic is reported to the console and shown in place of every widget', async () => {
  const page = await browser.page();
  // The panic is on purpose: the module traps, and the loader tells the console.
  allowProblems(page, /self-test panic/, /^console: maqal: the widget stopped after an internal error/, /^pageerror: unreachable$/);
  await page.goto(`${servers.origin}/fixtures/two.html`);
  await settled(page, '#seed');
  await settled(page, '#inline');
  await page.evaluate(() => {
    window.errors = [];
    document.addEventListener('maqal:error', (e) => window.errors.push([e.target.id, e.detail]));
  });
  // Panics in a task of its own, as an internal error would: the module traps, nobody catches it.
  await selfTestPanic(page);
  await page.locator('#inline p.maqal-crashed').waitFor();
  // Said to the console once for the page, not once per widget.
  assert.equal(page.problems.filter((p) => p.startsWith('console: maqal: the widget stopped after an internal error')).length, 1, page.problems.join('\n'));
  const crashed = (id) => page.locator(`#${id} p.maqal-crashed[role="alert"]`).innerText();
  assert.equal(await crashed('seed'), 'توقّف عرض المقال بسبب خطأ داخلي. أعد تحميل الصفحة.');
  assert.equal(await crashed('inline'), 'The article widget stopped after an internal error. Please reload the page.');
  // The page's error reporting hears of it, once per widget.
  assert.deepEqual((await page.evaluate(() => window.errors)).sort(),
    [['inline', { region: 'article', kind: 'crash' }], ['seed', { region: 'article', kind: 'crash' }]]);
  // A widget put on the page afterwards says so too, instead of staying blank.
  await page.evaluate(() => {
    const late = document.createElement('maqal-article');
    late.id = 'late';
    late.setAttribute('src', '/articles/telegram.json');
    document.body.append(late);
  });
  await page.locator('#late p.maqal-crashed').waitFor();
  await page.close();
});

test('a stylesheet that stalls or is missing never keeps the widget from showing', async () => {
  for (const mode of ['slow', 'missing']) {
    const page = await browser.page();
    // A missing stylesheet on purpose, which the loader reports.
    allowProblems(page, FAILED_LOAD, /^console: maqal: the stylesheet could not be loaded/);
    await page.goto(`${servers.origin}/fixtures/bare.html`);
    await page.evaluate((mode) => {
      const el = document.createElement('maqal-article');
      el.id = 'w';
      el.setAttribute('src', '/articles/telegram.json');
      document.getElementById('slot').append(el);
      const script = document.createElement('script');
      script.type = 'module';
      script.src = `/css-${mode}/maqal.js`;
      document.head.append(script);
    }, mode);
    const started = Date.now();
    assert.equal(await settled(page, '#w'), 'article');
    assert.ok(Date.now() - started < 7_500, `${mode}: shown before the stylesheet`);
    const adopted = () => page.locator('#w').evaluate((el) => el.shadowRoot.adoptedStyleSheets.length);
    if (mode === 'slow') {
      // Adopted when it arrives: the widget is styled then, without a re-render.
      await page.waitForFunction(() => document.getElementById('w').shadowRoot.adoptedStyleSheets.length === 1, null, { timeout: 15_000 });
      assert.equal(await page.locator('#w h1').evaluate((h) => getComputedStyle(h).fontWeight), '800');
    } else {
      assert.equal(await adopted(), 0);
      assert.equal(page.problems.filter((p) => p.startsWith('console: maqal: the stylesheet could not be loaded')).length, 1, page.problems.join('\n'));
    }
    await page.close();
  }
});

test('when the wasm cannot load, the loader still says so inside the widget, and to the page', async () => {
  const page = await browser.page();
  // The module is missing on purpose (404s), and the loader says so.
  allowProblems(page, FAILED_LOAD, /^console: maqal: /);
  await page.addInitScript(() => {
    window.errors = [];
    document.addEventListener('maqal:error', (e) => window.errors.push(e.detail));
  });
  await page.goto(`${servers.origin}/fixtures/broken.html`);
  const note = page.locator('maqal-article p[role="alert"]');
  await note.waitFor();
  assert.equal(await note.innerText(), 'تعذّر تشغيل أداة عرض المقال. أعد تحميل الصفحة.');
  assert.deepEqual(await page.evaluate(() => window.errors), [{ region: 'article', kind: 'startup' }]);
  // The note is all there is: no screen-high space held for an article that will not come.
  const screens = await page.evaluate(() => document.querySelector('maqal-article').getBoundingClientRect().height / innerHeight);
  assert.ok(screens < 0.5, `${screens} screens`);
  await page.close();
});
