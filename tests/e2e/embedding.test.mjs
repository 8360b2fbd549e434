// Embedding contract: several instances, late insertion, attribute changes, CORS, isolation, theming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { allowProblems, settled } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';

let servers, browser;
withServersAndBrowser((s, b) => {
  [servers, browser] = [s, b];
});

test('two instances on one page work independently (src and inline JSON-LD)', async () => {
  const page = await browser.page();
  await page.goto(`${servers.origin}/fixtures/two.html`);
  assert.equal(await settled(page, '#seed'), 'article');
  assert.equal(await settled(page, '#inline'), 'article');
  assert.match(await page.locator('#seed h1').innerText(), /^تيليجرام يرسل 12 مليار رسالة/);
  assert.equal(await page.locator('#seed .frame').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('#inline h1').innerText(), 'Inline JSON-LD article');
  assert.equal(await page.locator('#inline .frame').getAttribute('dir'), 'ltr');
  assert.equal(await page.locator('#inline .frame').getAttribute('lang'), 'en');
  // Relative URLs in inline JSON-LD resolve against the page.
  assert.equal(await page.locator('#inline img').getAttribute('src'), `${servers.origin}/fixtures/articles/square.svg`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('elements inserted later render; moving keeps the widget; attribute changes re-render', async () => {
  const page = await browser.page();
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.waitForFunction(() => customElements.get('maqal-article'));
  await page.evaluate(() => {
    const el = document.createElement('maqal-article');
    el.id = 'late';
    el.setAttribute('src', '/fixtures/articles/en.json');
    document.getElementById('slot').append(el);
  });
  assert.equal(await settled(page, '#late'), 'article');
  const w = page.locator('#late');
  assert.equal(await w.locator('h1').innerText(), 'Fixture: an English article in a right-to-left page');
  assert.equal(await w.locator('.frame').getAttribute('dir'), 'ltr', 'direction follows the article, not the page');
  assert.equal((await w.locator('p.source').innerText()).replace(/\s+/g, ' '), 'Source: Example Wire');
  assert.deepEqual(await w.locator('.body p').allInnerTexts(), [
    'First paragraph, with a word in Arabic: مرحبا.',
    'Second paragraph.\nSame paragraph, next line.',
  ]);
  assert.equal(await w.locator('.byline bdi').innerText(), 'Jane Doe, Ali Hassan');
  assert.equal(await w.locator('time').getAttribute('datetime'), '2016-02-23T09:00:00Z');
  // In the article's language (en-GB), not the page's.
  assert.equal(await w.locator('time').innerText(), '23 February 2016');
  // The image URL in the JSON is relative to the JSON file.
  assert.equal(await w.locator('img').getAttribute('src'), `${servers.origin}/fixtures/articles/square.svg`);

  await page.evaluate(() => document.body.prepend(document.getElementById('late')));
  await page.locator('#late h1').waitFor();
  assert.equal(await page.locator('#late h1').count(), 1, 'moving the element does not duplicate it');

  await page.evaluate(() => document.getElementById('late').setAttribute('src', '/articles/telegram.json'));
  await page.locator('#late .frame[dir="rtl"] article.article').waitFor();
  assert.match(await w.locator('h1').innerText(), /^تيليجرام/);

  await page.evaluate(() => document.getElementById('late').setAttribute('lang', 'en'));
  await page.locator('#late .frame[lang="en"] article.article').waitFor();
  assert.equal(await w.locator('article.article').getAttribute('dir'), 'rtl', 'content stays RTL');
  assert.equal(await w.locator('.frame').getAttribute('dir'), 'ltr', 'the interface is English');
  assert.match(await w.locator('p.source').innerText(), /^Source:/, 'interface follows lang=');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a framework that swaps the JSON-LD or the page\'s own HTML inside the element is followed', async () => {
  const page = await browser.page();
  await page.goto(`${servers.origin}/fixtures/host.html`);
  const article = (headline) => JSON.stringify({ '@type': 'NewsArticle', inLanguage: 'en', headline, articleBody: 'Body.' });
  await page.evaluate((json) => {
    window.ready = [];
    document.addEventListener('maqal:ready', (e) => window.ready.push(e.detail.headline));
    const el = document.createElement('maqal-article');
    el.id = 'spa';
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.textContent = json;
    el.append(script);
    document.getElementById('slot').append(el);
  }, article('First'));
  const h1 = page.locator('#spa h1');
  await h1.filter({ hasText: 'First' }).waitFor();
  // Told once it has been painted: an article replaced before that was never on screen.
  await page.waitForFunction(() => window.ready.length === 1);
  // The same script, its text replaced (a framework updating a text node)...
  await page.evaluate((json) => { document.querySelector('#spa > script').textContent = json; }, article('Second'));
  await h1.filter({ hasText: 'Second' }).waitFor();
  await page.waitForFunction(() => window.ready.length === 2);
  // ...and the script element itself replaced.
  await page.evaluate((json) => {
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.textContent = json;
    document.querySelector('#spa > script').replaceWith(script);
  }, article('Third'));
  await h1.filter({ hasText: 'Third' }).waitFor();
  await page.waitForFunction(() => window.ready.length === 3);
  // The structured data the widget writes there itself changes nothing.
  await page.locator('#spa > script[data-maqal]').waitFor({ state: 'attached' });
  // Deliberately a fixed time: a fourth render, if the widget's own script caused one, would come within it.
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.ready), ['First', 'Second', 'Third']);
  // The page's own article HTML put in, then the JSON-LD broken: the reader gets the page's own
  // article, not an error.
  await page.evaluate(() => {
    const own = document.createElement('article');
    own.innerHTML = '<h1>Own</h1><p>The page\'s own.</p>';
    document.getElementById('spa').append(own);
    document.querySelector('#spa > script:not([data-maqal])').textContent = '{ not json';
  });
  await page.waitForFunction(() => document.getElementById('spa').shadowRoot.querySelector('slot'));
  assert.equal(await page.locator('#spa .notice.error').count(), 0);
  assert.ok(await page.locator('#spa > article h1').isVisible());
  await page.close();
});

test('cross-origin src works with CORS', async () => {
  const page = await browser.page();
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate((src) => {
    document.getElementById('slot').innerHTML = `<maqal-article id="x" src="${src}"></maqal-article>`;
  }, `${servers.otherOrigin}/cors/fixtures/articles/en.json`);
  assert.equal(await settled(page, '#x'), 'article');
  assert.equal(await page.locator('#x img').getAttribute('src'), `${servers.otherOrigin}/cors/fixtures/articles/square.svg`);
  await page.close();
});

test('a hostile host stylesheet does not change the widget, and the widget does not leak', async () => {
  const page = await browser.page();
  const probe = () => {
    const root = document.querySelector('maqal-article').shadowRoot;
    const pick = (sel) => {
      const s = getComputedStyle(root.querySelector(sel));
      return {
        display: s.display, visibility: s.visibility, color: s.color, fontFamily: s.fontFamily,
        fontSize: s.fontSize, lineHeight: s.lineHeight, letterSpacing: s.letterSpacing,
        textTransform: s.textTransform, margin: s.margin, padding: s.padding, border: s.borderTopStyle,
        direction: s.direction, fontStyle: s.fontStyle, whiteSpace: s.whiteSpace, wordSpacing: s.wordSpacing,
      };
    };
    return { h1: pick('h1'), p: pick('.body p'), frame: pick('.frame'), img: pick('img') };
  };
  await page.goto(`${servers.origin}/fixtures/two.html`);
  await settled(page, '#seed');
  const clean = await page.evaluate(probe);
  await page.goto(`${servers.origin}/fixtures/hostile.html`);
  await settled(page, 'maqal-article');
  const hostile = await page.evaluate(probe);
  assert.deepEqual(hostile, clean);

  // The other way: the widget's rules (e.g. `.body p`, `a`, `.headline`) do not reach the host.
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate(() => {
    document.getElementById('slot').innerHTML =
      '<maqal-article src="/articles/telegram.json"></maqal-article>' +
      '<div class="body"><p id="hp">host text</p></div><h1 class="headline" id="hh">host</h1><a id="ha" href="#">a</a>';
  });
  await settled(page, 'maqal-article');
  const host = await page.evaluate(() => {
    const s = (id) => getComputedStyle(document.getElementById(id));
    return { p: s('hp').marginBottom, h1: s('hh').fontWeight, a: s('ha').color, body: getComputedStyle(document.body).fontFamily };
  });
  assert.deepEqual(host, { p: '16px', h1: '700', a: 'rgb(0, 0, 238)', body: '"Times New Roman"' });
  await page.close();
});

test('theming: the system (where the page offers both schemes), the theme attribute, and custom properties', async () => {
  const page = await browser.page();
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate(() => {
    document.getElementById('slot').innerHTML =
      '<maqal-article id="auto" src="/articles/telegram.json"></maqal-article>' +
      '<maqal-article id="dark" theme="dark" src="/articles/telegram.json"></maqal-article>' +
      '<maqal-article id="light" theme="light" src="/articles/telegram.json"></maqal-article>' +
      '<maqal-article id="custom" src="/articles/telegram.json" style="--maqal-accent: rgb(200, 0, 100); --maqal-bg: rgb(250, 240, 230)"></maqal-article>';
  });
  for (const id of ['auto', 'dark', 'light', 'custom']) await settled(page, `#${id}`);
  const bg = (id) => page.locator(`#${id} .maqal`).evaluate((el) => getComputedStyle(el).backgroundColor);
  const light = 'rgb(255, 255, 255)';
  const dark = 'rgb(22, 24, 29)';
  // The system's change reaches the page at its next rendering update.
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  await page.emulateMedia({ colorScheme: 'dark' });
  await frames();
  // This page paints no background and declares no color-scheme: its canvas is white, and so is
  // the widget, whatever the system says.
  assert.deepEqual([await bg('auto'), await bg('dark'), await bg('light')], [light, dark, light]);
  // Offering both schemes, the page follows the system, and so does the widget.
  await page.evaluate(() => { document.documentElement.style.colorScheme = 'light dark'; });
  await frames();
  assert.deepEqual([await bg('auto'), await bg('dark'), await bg('light')], [dark, dark, light]);
  await page.emulateMedia({ colorScheme: 'light' });
  await frames();
  assert.deepEqual([await bg('auto'), await bg('dark'), await bg('light')], [light, dark, light]);

  await page.emulateMedia({ colorScheme: 'light' });
  await frames();
  assert.equal(await bg('custom'), 'rgb(250, 240, 230)');
  const chip = await page.locator('#custom .section span').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(chip, 'rgb(200, 0, 100)');
  await page.close();
});

test('while its article loads an element holds about a screen; shown or failed, it takes its own height', async () => {
  const page = await browser.page();
  // One article fails (404) on purpose.
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of 404 \(Not Found\)$/);
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate(() => {
    const add = (id, src, inner = '') => {
      const el = document.createElement('maqal-article');
      el.id = id;
      el.setAttribute('src', src);
      el.setAttribute('comments', 'none');
      el.innerHTML = inner;
      document.getElementById('slot').append(el);
    };
    add('slow', '/api/hang');
    add('failed', '/api/status/404');
    add('own', '/api/hang', '<article><h1>Own</h1><p>Short.</p></article>');
    // Hidden by the attribute, or by the page's own rule (as on small screens): no space held.
    add('hidden', '/api/hang');
    document.getElementById('hidden').hidden = true;
    const rule = document.createElement('style');
    rule.textContent = 'maqal-article.off { display: none; }';
    document.head.append(rule);
    add('off', '/api/hang');
    document.getElementById('off').className = 'off';
    // Hidden, with the page's own article inside: it stays hidden while the widget runs.
    add('hidden-own', '/api/hang', '<article><h1>Hidden own</h1><p>Not shown.</p></article>');
    document.getElementById('hidden-own').hidden = true;
  });
  await page.locator('#slow .notice.loading').waitFor();
  assert.equal(await settled(page, '#failed'), 'error');
  const heights = await page.evaluate(() => Object.fromEntries(['slow', 'failed', 'own', 'hidden', 'off'].map((id) =>
    [id, document.getElementById(id).getBoundingClientRect().height / innerHeight])));
  assert.ok(heights.slow >= 0.99, `loading: ${heights.slow} screens`);
  assert.ok(heights.failed < 0.5, `failed: ${heights.failed} screens`);
  assert.ok(heights.own < 0.5, `the page's own article: ${heights.own} screens`);
  assert.equal(heights.hidden, 0, 'hidden stays hidden');
  assert.equal(heights.off, 0, 'the page\'s display: none wins');
  await page.waitForFunction(() => document.getElementById('hidden-own').shadowRoot?.querySelector('slot'));
  assert.equal(await page.locator('#hidden-own h1').isVisible(), false, 'hidden with its own article');
  await page.close();
});

test('the embedding guide\'s reservation CSS holds the space while the widget starts and lets it go if its script never runs', async () => {
  // The rules exactly as docs/embedding.md gives them to publishers.
  const guide = await readFile(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
  const css = guide.slice(guide.indexOf('## No layout shift')).match(/```css\n([\s\S]*?)```/)[1];
  const page = await browser.page();
  // The script is blocked (an extension, a policy, a CDN outage): the element is never defined.
  allowProblems(page, /^console: Failed to load resource: net::ERR_FAILED$/);
  await page.route('**/blocked/maqal.js', (route) => route.abort());
  await page.setContent(`<!doctype html><html><head><style>${css}</style>
    <script type="module" src="${servers.origin}/blocked/maqal.js"></script></head>
    <body><maqal-article id="w" src="/a.json"></maqal-article><maqal-article id="x" mode="excerpt" src="/a.json"></maqal-article>
    <footer id="after">The rest of the page</footer></body></html>`);
  const screens = (id) => page.evaluate((id) => document.getElementById(id).getBoundingClientRect().height / innerHeight, id);
  assert.ok(await screens('w') >= 0.99, 'held from the first paint');
  await page.waitForFunction(() => document.getElementById('w').getBoundingClientRect().height === 0, null, { timeout: 12_000 });
  assert.equal(await screens('x'), 0, 'the excerpt\'s space too');
  assert.ok(await page.locator('#after').isVisible());
  assert.equal(await page.evaluate(() => customElements.get('maqal-article')), undefined, 'the script never ran');
  await page.close();
});

test('the page\'s own article HTML does not move when the widget starts, nor the element when its article replaces it', async () => {
  const page = await browser.page();
  // In the page from its first paint, with a footer below, before the loader has run.
  await page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.shifts.push(...e.sources.map((s) => s.node?.nodeName ?? '?'));
    }).observe({ type: 'layout-shift', buffered: true });
    document.addEventListener('DOMContentLoaded', () => {
      // A padded column, as publishers' pages have: the article's top margin stays inside it.
      document.getElementById('slot').style.padding = '1em';
      document.getElementById('slot').insertAdjacentHTML('beforeend',
        '<maqal-article id="early" src="/fixtures/articles/en.json" comments="none"><article><h1>Own headline</h1><p>Own paragraph.</p></article></maqal-article>'
        + '<footer id="below"><p>The site\'s footer</p></footer>');
    });
  });
  // The widget's article comes a while after the widget has started.
  await page.route('**/fixtures/articles/en.json', async (route) => {
    // Holds the answer (a slow network), not a wait for something.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.waitForFunction(() => document.getElementById('early')?.shadowRoot?.querySelector('slot'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.deepEqual(await page.evaluate(() => window.shifts), [], 'nothing shifted when the widget started');
  await page.locator('#early h1.headline').waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  // What is below may move (the two articles differ in length); the element itself does not.
  const moved = await page.evaluate(() => window.shifts);
  assert.ok(!moved.includes('MAQAL-ARTICLE') && !moved.includes('H1'), `shifted: ${moved}`);
  await page.close();
});

test('the publisher’s own article HTML inside the element is readable before the widget, and without it', async () => {
  const own = '<article id="own"><h1 id="own-headline">Server-rendered headline</h1><p>Its first paragraph.</p></article>';
  // While the widget's article is on its way (a server that does not answer), the page's own shows.
  const page = await browser.page();
  await page.goto(`${servers.origin}/fixtures/host.html`);
  await page.evaluate((own) => {
    document.getElementById('slot').insertAdjacentHTML('beforeend', `<maqal-article id="slow" lang="en" src="/api/hang">${own}</maqal-article>`);
  }, own);
  await page.waitForFunction(() => document.getElementById('slow').shadowRoot?.querySelector('slot'));
  assert.equal(await page.locator('#slow #own-headline').isVisible(), true);
  assert.equal(await page.locator('#slow .notice.loading').count(), 0, 'no loading notice over an article');
  // It looks as the page styles it, exactly as the same HTML outside the element does: the
  // widget's fonts, colours, measure and padding do not reach it.
  const looks = await page.evaluate((own) => {
    const sheet = document.createElement('style');
    sheet.textContent = 'body { font: 15px/1.4 Georgia, serif; color: rgb(60, 40, 20); }';
    document.head.append(sheet);
    document.getElementById('slot').insertAdjacentHTML('beforeend', `<div id="twin-box">${own.replaceAll('id="own', 'id="twin')}</div>`);
    const read = (sel) => {
      const el = document.querySelector(sel);
      const s = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return [s.direction, s.fontFamily, s.fontSize, s.lineHeight, s.color, s.fontWeight, Math.round(box.left), Math.round(box.width), Math.round(box.height)].join(' | ');
    };
    return { inside: [read('#own-headline'), read('#own p')], outside: [read('#twin-headline'), read('#twin p')] };
  }, own);
  assert.deepEqual(looks.inside, looks.outside);

  // Once the widget's article is ready it takes the place of the page's own.
  await page.evaluate((own) => {
    document.getElementById('slot').insertAdjacentHTML('beforeend',
      `<maqal-article id="ready" lang="en" src="/fixtures/articles/en.json">${own}</maqal-article>`);
  }, own);
  await page.locator('#ready h1.headline').waitFor();
  assert.equal(await page.locator('#ready #own-headline').isVisible(), false);
  await page.close();

  // No WebAssembly at all (it cannot load): the page's own article stays, with no alarm.
  const broken = await browser.page();
  // Its module and stylesheet are missing on purpose (404s, and the loader says so).
  allowProblems(broken, /^console: Failed to load resource: the server responded with a status of 404 \(Not Found\)$/, /^console: maqal: /);
  await broken.goto(`${servers.origin}/fixtures/broken.html`);
  await broken.evaluate((own) => {
    document.body.insertAdjacentHTML('beforeend', `<maqal-article id="own-only" src="/articles/telegram.json">${own}</maqal-article>`);
  }, own);
  await broken.locator('maqal-article:not(#own-only) p[role="alert"]').waitFor();
  assert.equal(await broken.locator('#own-only #own-headline').isVisible(), true);
  assert.equal(await broken.locator('#own-only p[role="alert"]').count(), 0);
  await broken.close();
});
