// "Reply" answers at once, at the button, whether or not the reader's part of the widget (the
// form's behaviour) has arrived: a line saying the form is on its way, the form when it comes, or
// why it could not come, with a retry, there and not elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allowProblems } from '../support/browser.mjs';
import { withServersAndBrowser } from '../support/harness.mjs';
import { focusedId, freshPage as openFresh, holdReadersPart, mountInline } from '../support/widgets.mjs';

let servers, browser;
withServersAndBrowser((s, b) => { servers = s; browser = b; });
const freshPage = () => openFresh(browser, servers.origin);
const EN = JSON.parse(readFileSync(new URL('../../embed/i18n/en.json', import.meta.url), 'utf8')).messages;
const stored = [
  { id: 'a', parent: null, author: 'Salma', text: 'The first comment', created: Date.now() - 60_000, status: 'approved' },
];

test('reply pressed before the form\'s part arrived: a line at the button at once, then the form there', async () => {
  const page = await freshPage();
  const release = await holdReadersPart(page);
  await mountInline(page, { lang: 'en', attrs: { thread: '/reply-early', comments: 'local' }, stored });
  const comment = page.locator('#w #comment-a');
  await comment.locator('.reply-button').click();
  const pending = comment.locator('.reply-pending[role="status"]');
  await pending.waitFor({ timeout: 1000 });
  assert.equal(await pending.innerText(), EN.loading_form);
  release();
  await comment.locator('form.reply-form').waitFor();
  assert.equal(await pending.count(), 0);
  await focusedId(page, '#w', 'maqal-comment');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('reply pressed when the form\'s part cannot come: why, with a retry, where the reader acted', async () => {
  const page = await freshPage();
  // The part is refused on purpose (404): the browser logs the load, the widget its reason.
  allowProblems(page, /^console: Failed to load resource: the server responded with a status of 404 \(Not Found\)$/,
    /^console: Error: maqal: \S+\/split_compose\.wasm: HTTP 404(\n|$)/);
  let gone = true;
  await page.route('**/split_compose.wasm', (route) => (gone ? route.fulfill({ status: 404, body: 'gone' }) : route.continue()));
  await mountInline(page, { lang: 'en', attrs: { thread: '/reply-failed', comments: 'local' }, stored });
  const comment = page.locator('#w #comment-a');
  // The part was asked for once the comments painted, and refused.
  await page.locator('#w .form-shell ~ .notice.error').waitFor();
  await comment.locator('.reply-button').click();
  const failed = comment.locator('.reply-failed[role="alert"]');
  await failed.waitFor();
  assert.equal(await failed.locator('p').innerText(), EN.err_part);
  // Said once, at the reply: not again under the thread.
  assert.equal(await page.locator('#w [role="alert"]').count(), 1);
  gone = false;
  await failed.locator('button').click();
  await comment.locator('form.reply-form').waitFor();
  assert.equal(await failed.count(), 0);
  await page.close();
});

test('a restored draft answering a comment that is not on screen keeps its text in a visible form', async () => {
  const page = await freshPage();
  // Its comment is gone (deleted, or on a page not loaded): the draft's reply target is not there.
  await page.evaluate(() => localStorage.setItem('maqal:draft:/reply-gone', JSON.stringify({ text: 'A reply whose comment is gone', reply_to: 'zz' })));
  await mountInline(page, { lang: 'en', attrs: { thread: '/reply-gone', comments: 'local' }, stored });
  const form = page.locator('#w .comment-form:not(.form-shell *)');
  await page.locator('#w .form-shell').waitFor({ state: 'detached' });
  await form.waitFor();
  assert.equal(await form.locator('#maqal-comment').inputValue(), 'A reply whose comment is gone');
  assert.ok(await form.locator('#maqal-comment').isVisible());
  // It can be made a comment of its own: then it posts at the top level.
  await form.locator('.cancel-reply').click();
  await form.locator('#maqal-name').fill('Salma');
  await form.locator('#maqal-email').fill('salma@example.com');
  await form.locator('button[type="submit"]').click();
  await page.locator('#w .comment-list > .comment .comment-text', { hasText: 'A reply whose comment is gone' }).waitFor();
  const kept = JSON.parse(await page.evaluate(() => localStorage.getItem('maqal:comments:/reply-gone')));
  assert.equal(kept.find((c) => c.text === 'A reply whose comment is gone')?.parent ?? null, null);
  assert.deepEqual(page.problems, []);
  await page.close();
});
