// One thread rule for everything on a page: a <maqal-count> without `thread` counts the thread a
// widget without `thread` shows on that page (its path and query, tracking parameters left out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServersAndBrowser } from '../support/harness.mjs';

let servers, browser;
withServersAndBrowser((s, b) => { servers = s; browser = b; });

test('a count badge without thread counts the page\'s thread by the widget\'s rule', async () => {
  const page = await browser.page();
  // Another thread of the same path, and the page's own (its query kept, utm_* left out).
  await page.goto(`${servers.origin}/fixtures/host.html?id=5&utm_source=news`);
  await page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem('maqal:comments:/fixtures/host.html', JSON.stringify([{ id: 'x', text: 'another thread' }]));
    localStorage.setItem('maqal:comments:/fixtures/host.html?id=5', JSON.stringify([
      { id: 'a', text: 'one' }, { id: 'b', text: 'two' }, { id: 'c', text: 'three' }, { id: 'd', text: 'four' },
    ]));
    document.getElementById('slot').innerHTML = `
      <maqal-article id="w" comments="local"><script type="application/ld+json">{"@type":"NewsArticle","inLanguage":"en","headline":"H","articleBody":"B"}</script></maqal-article>
      <a href="#w"><maqal-count id="badge" lang="en"></maqal-count></a>`;
  });
  await page.waitForFunction(() => document.getElementById('badge').hasAttribute('data-count'), null, { timeout: 20_000 });
  assert.equal(await page.locator('#badge').getAttribute('data-count'), '4');
  // The widget shows the same thread.
  await page.locator('#w .comment-list[aria-busy="false"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#w .comment-list > .comment').count(), 4);
  assert.deepEqual(page.problems, []);
  await page.close();
});
