// Direction as laid out, not only as an attribute: a comment runs in the direction of most of its
// letters; an empty field runs as the interface does (its caret at the start of the reader's
// language), a typed one as its text. And the form's plain markup shows the reader's saved
// details as the real form will.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withServersAndBrowser } from '../support/harness.mjs';
import { freshPage as openFresh, holdReadersPart, mountInline } from '../support/widgets.mjs';

let servers, browser;
withServersAndBrowser((s, b) => { servers = s; browser = b; });
const freshPage = () => openFresh(browser, servers.origin);

test('a comment runs, as laid out, in the direction of most of its letters', async () => {
  const page = await freshPage();
  const rtl = 'iPhone 16 يصل إلى الأسواق العربية هذا الأسبوع بسعر أقل';
  const ltr = 'كلمة at the start, then a whole English sentence follows here';
  await mountInline(page, {
    lang: 'ar',
    attrs: { thread: '/dir-layout', comments: 'local' },
    comments: [{ '@type': 'Comment', text: rtl }, { '@type': 'Comment', text: ltr }],
  });
  // Where the first word is drawn: at the right edge of a right-to-left comment, at the left
  // edge of a left-to-right one.
  const firstWord = (text, word) => page.locator('#w .comment-text', { hasText: text }).evaluate((el, word) => {
    const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.includes(word));
    const range = document.createRange();
    range.setStart(node, node.data.indexOf(word));
    range.setEnd(node, node.data.indexOf(word) + word.length);
    const box = el.getBoundingClientRect();
    const at = range.getBoundingClientRect();
    return { fromRight: Math.round(box.right - at.right), fromLeft: Math.round(at.left - box.left) };
  }, word);
  const a = await firstWord('iPhone 16', 'iPhone 16');
  assert.ok(a.fromRight < 2 && a.fromLeft > 100, `"iPhone 16" starts a right-to-left comment at its right edge: ${JSON.stringify(a)}`);
  const b = await firstWord('whole English', 'كلمة');
  assert.ok(b.fromLeft < 2 && b.fromRight > 100, `"كلمة" starts a left-to-right comment at its left edge: ${JSON.stringify(b)}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('an empty field runs as the interface does; a typed one as its text, in the plain and the real form', async () => {
  for (const [lang, side] of [['ar', 'rtl'], ['fa', 'rtl'], ['ur', 'rtl'], ['he', 'rtl'], ['en', 'ltr']]) {
    const page = await freshPage();
    const release = await holdReadersPart(page);
    await mountInline(page, { lang, attrs: { thread: `/dir-fields-${lang}`, comments: 'local' } });
    const look = (selector) => page.locator(`#w ${selector}`).evaluate((el) => ({
      dir: el.getAttribute('dir'), direction: getComputedStyle(el).direction, bidi: getComputedStyle(el).unicodeBidi,
    }));
    for (const form of ['.form-shell', '.comment-form:not(.form-shell *)']) {
      if (form !== '.form-shell') {
        release();
        await page.locator('#w .form-shell').waitFor({ state: 'detached' });
      }
      for (const field of ['#maqal-comment', '#maqal-name']) {
        const at = `${form} ${field}`;
        const empty = await look(at);
        assert.deepEqual([empty.dir, empty.direction], [side, side], `${lang} ${at} empty`);
        // Not plaintext, which would lay an empty line out left to right whatever the field says.
        assert.notEqual(empty.bidi, 'plaintext', `${lang} ${at} empty`);
        const other = side === 'rtl' ? 'Hello there' : 'مرحبا';
        await page.locator(`#w ${at}`).fill(other);
        const typed = await look(at);
        assert.equal(typed.dir, 'auto', `${lang} ${at} typed`);
        assert.equal(typed.bidi, 'plaintext', `${lang} ${at}: each line its own direction`);
        await page.locator(`#w ${at}`).fill('');
        assert.equal((await look(at)).dir, side, `${lang} ${at} emptied`);
      }
      // Email and website addresses run left to right whatever the interface.
      assert.equal((await look(`${form} #maqal-email`)).direction, 'ltr');
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});

test('the plain form shows the saved name, email and consent as the real form will', async () => {
  const page = await freshPage();
  await page.evaluate(() => localStorage.setItem('maqal:author', JSON.stringify({ name: 'ليلى', email: 'layla@example.com', website: 'https://layla.example' })));
  const release = await holdReadersPart(page);
  await mountInline(page, { lang: 'ar', attrs: { thread: '/saved-details', comments: 'local' } });
  const shell = page.locator('#w .form-shell');
  const values = (w) => w.evaluate((root) => ['#maqal-name', '#maqal-email', '#maqal-website', '#maqal-remember']
    .map((id) => (id === '#maqal-remember' ? root.querySelector(id).checked : root.querySelector(id).value)));
  assert.deepEqual(await values(shell), ['ليلى', 'layla@example.com', 'https://layla.example', true]);
  // The name's direction is its own (it has letters).
  assert.equal(await shell.locator('#maqal-name').getAttribute('dir'), 'auto');
  release();
  await shell.waitFor({ state: 'detached' });
  assert.deepEqual(await values(page.locator('#w .comment-form')), ['ليلى', 'layla@example.com', 'https://layla.example', true]);
  // Nothing sent: what is kept is still what was saved.
  assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('maqal:author'))),
    { name: 'ليلى', email: 'layla@example.com', website: 'https://layla.example' });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the languages whose direction the widget knows without the browser’s locale data are written so in every region, as the browser has it', async () => {
  // The lists in src/web/direction.rs, read from the source so that they cannot drift apart.
  const source = await readFile(new URL('../../src/web/direction.rs', import.meta.url), 'utf8');
  const list = (name) => JSON.parse(source.match(new RegExp(`const ${name}: &\\[&str\\] = &(\\[[^\\]]*\\]);`))[1]);
  const rtl = list('ALWAYS_RTL');
  const ltr = list('ALWAYS_LTR');
  assert.ok(rtl.includes('ar') && ltr.includes('en'), 'both lists read');
  const page = await freshPage();
  // Each language in regions where some languages change script: its script from the browser's
  // likely subtags, then that script's direction from the browser's text info.
  const wrong = await page.evaluate(({ rtl, ltr }) => {
    const regions = ['', 'US', 'EG', 'IR', 'AF', 'PK', 'IN', 'IL', 'CN', 'DE', 'TR', 'CY', 'KZ', 'MN', 'BN', 'CC', 'ID', 'BR', 'CA', 'RU', 'IQ', 'MV', 'NG'];
    const dirOf = (script) => {
      const locale = new Intl.Locale(`und-${script}`);
      return (locale.getTextInfo?.() ?? locale.textInfo)?.direction;
    };
    const out = [];
    for (const [langs, expected] of [[rtl, 'rtl'], [ltr, 'ltr']]) {
      for (const lang of langs) {
        for (const region of regions) {
          const tag = region ? `${lang}-${region}` : lang;
          const script = new Intl.Locale(tag).maximize().script;
          const dir = dirOf(script);
          if (dir !== expected) out.push(`${tag}: ${script} ${dir}`);
        }
      }
    }
    return out;
  }, { rtl, ltr });
  assert.deepEqual(wrong, []);
  await page.close();
});
