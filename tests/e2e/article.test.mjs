// The demo page, as a reader sees it: the seed article, right-to-left, with back-to-top.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { settled } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = `${root}target/screenshots`;
let servers, browser;

/** The seed article's blocks, from a copy of the reference page's text in tests/fixtures/seed. */
async function seedBlocks() {
  const dir = `${root}tests/fixtures/seed/`;
  const [file] = (await readdir(dir)).filter((f) => f.endsWith('.txt'));
  const text = await readFile(dir + file, 'utf8');
  return text.split('\n\n').map((b) => b.trim()).filter(Boolean);
}

withServersAndBrowser(async (s, b) => {
  [servers, browser] = [s, b];
  await mkdir(screenshots, { recursive: true });
});

test('the seed article renders verbatim, right-to-left', async () => {
  const page = await browser.page();
  await page.goto(`${servers.origin}/`);
  assert.equal(await settled(page, 'maqal-article'), 'article');
  const blocks = await seedBlocks();
  const sourceAt = blocks.findIndex((b) => b.startsWith('المصدر:'));

  const w = page.locator('maqal-article');
  assert.equal(await w.locator('.section').innerText(), blocks[0]);
  assert.equal(await w.locator('h1.headline').innerText(), blocks[1]);
  assert.equal(await w.locator('figure.lead figcaption').innerText(), blocks[2]);
  assert.deepEqual(await w.locator('.body p').allTextContents(), blocks.slice(3, sourceAt));
  assert.equal((await w.locator('p.source').innerText()).replace(/\s+/g, ' '), blocks[sourceAt]);
  assert.equal(await w.locator('p.source a').getAttribute('href'), 'https://techcrunch.com/');

  assert.equal(await w.locator('.frame').getAttribute('dir'), 'rtl');
  assert.equal(await w.locator('.frame').getAttribute('lang'), 'ar');
  assert.equal(await w.locator('article.article').getAttribute('lang'), 'ar');
  const paragraphDirection = await w.locator('.body p').first().evaluate((p) => getComputedStyle(p).direction);
  assert.equal(paragraphDirection, 'rtl');

  const img = w.locator('figure.lead img');
  await img.evaluate((el) => el.decode());
  // Loaded, and the image the article names (demo/articles/telegram.svg is 1200 × 630).
  assert.deepEqual(await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]), [1200, 630], 'the lead image loads');
  assert.equal(await img.getAttribute('alt'), 'شعار تيليجرام: طائرة ورقية بيضاء داخل دائرة زرقاء');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('Latin runs stay in logical order inside Arabic text', async () => {
  const page = await browser.page();
  await page.goto(`${servers.origin}/`);
  await settled(page, 'maqal-article');
  // In "عبر الـ API، الأمر" read right to left, "الـ" must sit to the right of "API",
  // and "الأمر" to the left of it.
  const [alef, api, after] = await page.locator('maqal-article .body p').nth(3).evaluate((p) => {
    const node = p.firstChild;
    const rect = (word) => {
      const range = document.createRange();
      const at = node.data.indexOf(word);
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      return range.getBoundingClientRect();
    };
    return [rect('عبر الـ'), rect('API'), rect('الأمر الذي')].map((r) => ({ left: r.left, right: r.right, top: r.top }));
  });
  // Where a line break falls between two runs, logical order means the earlier run's line is higher.
  const before = (a, b) => (Math.abs(a.top - b.top) < 2 ? a.left >= b.right - 1 : a.top < b.top);
  assert.ok(before(alef, api), `"عبر الـ" ${JSON.stringify(alef)} comes before "API" ${JSON.stringify(api)}`);
  assert.ok(before(api, after), `"API" ${JSON.stringify(api)} comes before "الأمر الذي" ${JSON.stringify(after)}`);
  await page.close();
});

test('back-to-top: appears past the start, keyboard reachable, returns and focuses the headline', async () => {
  const page = await browser.page();
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(`${servers.origin}/`);
  await settled(page, 'maqal-article');
  const button = page.locator('maqal-article button.to-top');
  assert.equal(await button.isVisible(), false, 'hidden at the top of the page');

  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight * 0.5));
  await button.waitFor();
  assert.equal(await button.getAttribute('aria-label'), 'العودة إلى الأعلى');
  // Tab order: the button is the widget's last stop, after the comment form's submit button.
  await page.locator('maqal-article form button[type="submit"]').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.querySelector('maqal-article').shadowRoot.activeElement?.className);
  assert.equal(focused, 'to-top');

  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const host = document.querySelector('maqal-article');
    return Math.abs(host.getBoundingClientRect().top) < 2;
  });
  const active = await page.evaluate(() => document.querySelector('maqal-article').shadowRoot.activeElement?.tagName);
  assert.equal(active, 'H1', 'focus moves to the headline');
  await button.waitFor({ state: 'hidden' });
  await page.close();
});

test('back-to-top in an app whose content scrolls inside an element', async () => {
  // With a header above the widget, and with the widget first: then the app's pane overflows only
  // once the widget's article is in it, after the widget started listening.
  for (const header of ['<header style="height: 120px">App</header>', '']) {
    const page = await browser.page();
    await page.setViewportSize({ width: 1024, height: 600 });
    await page.goto(`${servers.origin}/fixtures/host.html`);
    await page.evaluate((header) => {
      // The app's own layout: a main area that scrolls by itself.
      document.body.style.margin = '0';
      const app = document.createElement('div');
      app.id = 'app';
      Object.assign(app.style, { height: '100vh', overflowY: 'auto' });
      app.innerHTML = header;
      const el = document.createElement('maqal-article');
      el.setAttribute('src', '/articles/telegram.json');
      el.setAttribute('comments', 'none');
      app.append(el);
      document.getElementById('slot').replaceWith(app);
    }, header);
    await settled(page, 'maqal-article');
    const button = page.locator('maqal-article button.to-top');
    assert.equal(await button.isVisible(), false);
    await page.evaluate(() => { const app = document.getElementById('app'); app.scrollTop = app.scrollHeight * 0.5; });
    await button.waitFor({ timeout: 5000 });
    await button.click();
    await page.waitForFunction(() => {
      const app = document.getElementById('app');
      const top = document.querySelector('maqal-article').getBoundingClientRect().top - app.getBoundingClientRect().top;
      return Math.abs(top) < 2;
    });
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page itself never scrolled');
    assert.equal(await page.evaluate(() => document.querySelector('maqal-article').shadowRoot.activeElement?.tagName), 'H1');
    await button.waitFor({ state: 'hidden' });
    await page.close();
  }
});

test('back-to-top honours prefers-reduced-motion', async () => {
  const page = await browser.page();
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(`${servers.origin}/`);
  await settled(page, 'maqal-article');
  const jump = async () => {
    await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: 'instant' }));
    await page.locator('maqal-article button.to-top').waitFor();
    // Click and read the scroll position in the same task: an instant scroll is already done.
    return page.evaluate(() => {
      const host = document.querySelector('maqal-article');
      host.shadowRoot.querySelector('button.to-top').click();
      return Math.round(host.getBoundingClientRect().top);
    });
  };
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await jump(), 0, 'reduced motion: jumps at once');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  assert.ok((await jump()) < -10, 'otherwise scrolls smoothly (not there yet in the same task)');
  await page.close();
});

test('responsive down to 320 px, with screenshots for a person to look at', async () => {
  const page = await browser.page();
  for (const [name, width, height] of [['desktop', 1280, 900], ['375', 375, 812], ['320', 320, 640]]) {
    await page.setViewportSize({ width, height });
    await page.goto(`${servers.origin}/`);
    await settled(page, 'maqal-article');
    // The whole widget, down to the form that comes a frame after the thread.
    await page.locator('maqal-article form.comment-form').waitFor({ state: 'attached' });
    await page.locator('maqal-article img').evaluate((el) => el.decode());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at ${width}px (overflow ${overflow}px)`);
    const measure = await page.locator('maqal-article .body p').first().evaluate((p) => p.getBoundingClientRect().width);
    assert.ok(measure <= 37 * 18 + 1, `readable line length at ${width}px (${measure}px)`);
    if (name !== '320') await page.screenshot({ path: `${screenshots}/demo-${name}.png`, fullPage: true });
  }
  await page.close();
});
