// The interface in every language it ships (embed/i18n/*.json): plural forms as the browser's
// Intl.PluralRules chooses them, numbers in the locale's digits, right-to-left layout, the choice
// of language (element, article, page, reader), and languages without a catalogue.
// Adding a language: its file, plus its row in src/web/i18n.rs's native test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withServersAndBrowser } from '../support/harness.mjs';
import { axeFindings, launch } from '../support/browser.mjs';
import { BUILD_PATH, fillForm, freshPage as openFresh, mountInline } from '../support/widgets.mjs';

const dir = fileURLToPath(new URL('../../embed/i18n/', import.meta.url));
const LANGUAGES = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const CATALOGUES = Object.fromEntries(LANGUAGES.map((l) => [l, JSON.parse(readFileSync(`${dir}${l}.json`, 'utf8'))]));
const RTL = ['ar', 'fa', 'ur', 'he', 'ckb', 'ps'];
const NUMBERS = [0, 1, 2, 3, 5, 11, 21, 100, 101];
const shots = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));

let servers, browser;
withServersAndBrowser((s, b) => {
  [servers, browser] = [s, b];
}, { checkProblems: true });
const freshPage = () => openFresh(browser, servers.origin);

/**
 * In the page: the text a counted message has for `n` in `lang`, as the widget must write it
 * (the form Intl.PluralRules picks, the number in the locale's digits, or the catalogue's where
 * Intl does not know the language). Defined on `window` for the tests below.
 */
const EXPECTED = () => {
  window.say = (catalogue, lang, forms, n) => {
    const form = n === 0 && forms['0'] ? forms['0'] : forms[new Intl.PluralRules(lang).select(n)] ?? forms.other;
    const numbering = catalogue.calendar?.numbering;
    const number = new Intl.NumberFormat(lang, numbering ? { numberingSystem: numbering } : {}).format(n);
    return form.replace('{n}', number);
  };
};

test('every language has a form for each plural category its rules have, at 0…101, for every counted message', async () => {
  const page = await browser.page();
  const problems = await page.evaluate(([catalogues, numbers]) => {
    const out = [];
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      const rules = new Intl.PluralRules(lang);
      const categories = rules.resolvedOptions().pluralCategories.slice().sort();
      // The numbers (to 1000) each category covers: a form without {n} may stand for one only.
      const covers = (category) => Array.from({ length: 1001 }, (_, i) => i).filter((i) => rules.select(i) === category);
      const check = (where, forms, zero) => {
        const have = Object.keys(forms).filter((k) => k !== '0').sort();
        if (have.join() !== categories.join()) out.push(`${lang} ${where}: forms ${have} but Intl has ${categories}`);
        for (const n of numbers) {
          const category = rules.select(n);
          const form = zero && n === 0 && forms['0'] ? forms['0'] : forms[category];
          if (typeof form !== 'string' || !form.trim()) out.push(`${lang} ${where} ${n}: no ${category} form`);
          else if (!form.includes('{n}') && !(zero && n === 0 && forms['0']) && covers(category).length !== 1) {
            out.push(`${lang} ${where} ${n}: the ${category} form names no number, yet ${category} covers ${covers(category).slice(0, 5)}…`);
          }
        }
      };
      for (const [key, forms] of Object.entries(catalogue.counted)) check(key, forms, key === 'comment_count');
      // Relative times and dates: the browser's, or the catalogue's own where it has none.
      const known = Intl.RelativeTimeFormat.supportedLocalesOf([lang]).length > 0 && Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0;
      if (!known && !catalogue.calendar) out.push(`${lang}: the browser has no dates for it, and neither has its catalogue`);
      for (const [unit, forms] of Object.entries(catalogue.calendar?.ago ?? {})) check(`calendar.ago.${unit}`, forms, false);
    }
    return out;
  }, [CATALOGUES, NUMBERS]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('count badges in every language at 0…101 comments: the plural form and the locale\'s digits, through the widget', async () => {
  const page = await freshPage();
  await page.evaluate(EXPECTED);
  await page.evaluate(([languages, numbers]) => {
    for (const n of numbers) {
      localStorage.setItem(`maqal:comments:/n${n}`, JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: 'x' }))));
    }
    document.getElementById('slot').innerHTML = languages.flatMap((lang) => numbers.map((n) =>
      `<p><maqal-count id="${lang}-${n}" lang="${lang}" thread="/n${n}"></maqal-count></p>`)).join('');
  }, [LANGUAGES, NUMBERS]);
  await page.waitForFunction(() => [...document.querySelectorAll('maqal-count')].every((b) => b.hasAttribute('data-count')), null, { timeout: 20_000 });
  const wrong = await page.evaluate(([catalogues, numbers]) => {
    const out = [];
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      for (const n of numbers) {
        const shown = document.getElementById(`${lang}-${n}`).textContent;
        const want = window.say(catalogue, lang, catalogue.counted.comment_count, n);
        if (shown !== want) out.push(`${lang} ${n}: ${JSON.stringify(shown)}, not ${JSON.stringify(want)}`);
      }
    }
    return out;
  }, [CATALOGUES, NUMBERS]);
  assert.deepEqual(wrong, []);
  // Persian writes its own digits: "۲", never "2".
  assert.match(await page.locator('#fa-2').innerText(), /^۲ /);
  await page.close();
});

test('the six right-to-left languages lay the form out right to left, in their own words', async () => {
  for (const lang of RTL) {
    const page = await freshPage();
    await mountInline(page, { lang, attrs: { thread: `/rtl-${lang}` } });
    const w = page.locator('#w');
    const words = CATALOGUES[lang].messages;
    assert.equal(await w.locator('.frame').getAttribute('dir'), 'rtl', lang);
    assert.equal(await w.locator('.frame').getAttribute('lang'), lang, lang);
    assert.equal(await w.locator('.comments-title').innerText(), CATALOGUES[lang].counted.comment_count['0'], lang);
    assert.equal(await w.locator('label[for="maqal-name"]').innerText(), `${words.label_name} *`, lang);
    assert.equal(await w.locator('button[type="submit"]').innerText(), words.submit, lang);
    const layout = await w.evaluate((host) => {
      const root = host.shadowRoot;
      const box = (sel) => root.querySelector(sel).getBoundingClientRect();
      const form = box('form');
      return {
        direction: getComputedStyle(root.querySelector('form')).direction,
        // Each starts at the form's right edge (inline-start in right to left).
        label: form.right - box('label[for="maqal-name"]').right,
        submit: form.right - box('button[type="submit"]').right,
        heading: box('.comments-title').right - box('.comments').right,
      };
    });
    assert.equal(layout.direction, 'rtl', lang);
    for (const [what, gap] of Object.entries(layout).filter(([k]) => k !== 'direction')) {
      assert.ok(Math.abs(gap) <= 24, `${lang}: ${what} is ${gap}px from the inline start`);
    }
    // A validation message, in the language.
    await w.locator('button[type="submit"]').click();
    assert.equal(await w.locator('#maqal-error-Text').innerText(), words.err_required, lang);
    await page.close();
  }
});

test('Persian, Urdu and Hebrew at 375 px: axe finds nothing, nothing overflows (screenshots in target/screenshots)', async () => {
  mkdirSync(shots, { recursive: true });
  for (const lang of ['fa', 'ur', 'he']) {
    const page = await freshPage();
    await page.setViewportSize({ width: 375, height: 800 });
    const now = Date.now();
    const stored = [
      { id: 'a', parent: null, author: 'Sara', text: 'A comment written in English, with a link https://example.org', created: now - 5 * 60_000 },
      { id: 'b', parent: 'a', author: 'مریم', text: CATALOGUES[lang].messages.email_note, created: now - 3 * 3_600_000 },
    ];
    await mountInline(page, { lang, attrs: { thread: `/small-${lang}` }, stored });
    const w = page.locator('#w');
    await w.locator('#reply-a').focus();
    await page.keyboard.press('Enter');
    await w.locator('form.reply-form').waitFor();
    // Violations, and contrast axe could not decide inside the widget (unchecked is not passed).
    // The avatar's initial is exempt as decoration (aria-hidden, the name is written beside it);
    // measured at 3.8 to 4.2:1, white on hsl(hue 45% 42%), so below 4.5 were it text.
    const findings = await axeFindings(page, { decorative: ['.avatar[aria-hidden="true"]'] });
    assert.deepEqual(findings, [], `${lang}: ${findings.join('\n')}`);
    // The permalink's accessible name: the time, then what it is, with the language's separator.
    const words = CATALOGUES[lang].messages;
    assert.equal(await w.locator('#comment-a .permalink .visually-hidden').first().textContent(), `${words.list_separator}${words.permalink}`, lang);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${lang}: ${overflow}px of horizontal scroll`);
    await page.screenshot({ path: `${shots}lang-${lang}-375.png`, fullPage: true });
    await page.close();
  }
});

test('the language: the element\'s lang, then the article\'s, then the page\'s; regions fall back; unknown languages keep their direction', async () => {
  const page = await freshPage();
  const fetched = [];
  page.on('request', (r) => r.url().includes('/i18n/') && fetched.push(new URL(r.url()).pathname.replace(BUILD_PATH, '/')));
  await page.evaluate(EXPECTED);
  const shown = async (id, { lang, inLanguage, stored = 2 }) => {
    await page.evaluate(([id, n]) => localStorage.setItem(`maqal:comments:/${id}`, JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `x${i}`, created: Date.now() })))), [id, stored]);
    await mountInline(page, { id, lang: inLanguage ?? null, attrs: { thread: `/${id}`, ...(lang ? { lang } : {}) } });
    const w = page.locator(`#${id}`);
    // The locale: the frame's, or, where English words stand in (the frame is then `en`), what
    // is in the language says it (the article).
    return {
      lang: await w.locator('article.article').getAttribute('lang') ?? await w.locator('.frame').getAttribute('lang'),
      words: await w.locator('.frame').getAttribute('lang'),
      dir: await w.locator('.frame').getAttribute('dir'),
      heading: await w.locator('.comments-title').innerText(),
      submit: await w.locator('button[type="submit"]').innerText(),
    };
  };
  const say = (catalogue, lang, n) => page.evaluate(([c, l, n]) => window.say(c, l, c.counted.comment_count, n), [catalogue, lang, n]);

  // The element's own lang wins over the article's and the page's (ar); fa-AF speaks Persian.
  let got = await shown('regional', { lang: 'fa-AF', inLanguage: 'he' });
  assert.deepEqual(got, { lang: 'he', words: 'fa-AF', dir: 'rtl', heading: await say(CATALOGUES.fa, 'fa-AF', 2), submit: CATALOGUES.fa.messages.submit });
  got = await shown('brazil', { lang: 'pt-BR', inLanguage: 'ar' });
  assert.equal(got.submit, CATALOGUES.pt.messages.submit);
  assert.equal(got.words, 'pt-BR');
  // No lang on the element: the article's language, before the page's.
  got = await shown('article', { inLanguage: 'he' });
  assert.deepEqual([got.lang, got.dir, got.submit], ['he', 'rtl', CATALOGUES.he.messages.submit]);
  // A lang that is no language tag is passed over.
  got = await shown('junk', { lang: '!!', inLanguage: 'ur' });
  assert.equal(got.submit, CATALOGUES.ur.messages.submit);
  // Without a catalogue: English words (tagged so), the language's own direction.
  got = await shown('swahili', { lang: 'sw' });
  assert.deepEqual([got.lang, got.words, got.dir, got.submit], ['sw', 'en', 'ltr', 'Post Comment']);
  got = await shown('sindhi', { lang: 'sd' });
  assert.deepEqual([got.lang, got.words, got.dir, got.submit], ['sd', 'en', 'rtl', 'Post Comment']);
  // The page's language when neither the element nor the article says one (host.html is ar).
  got = await shown('page', {});
  assert.equal(got.submit, CATALOGUES.ar.messages.submit);
  // Only the catalogues these widgets speak were fetched, each once; never English (built in).
  assert.deepEqual(fetched.sort(), ['/i18n/ar.json', '/i18n/fa.json', '/i18n/he.json', '/i18n/pt.json', '/i18n/ur.json']);
  await page.close();
});

test('direction and words from the browser\'s own language data: every right-to-left language, extensions, old codes, shadow roots; text and badges in their own direction', async () => {
  const page = await freshPage();
  await page.evaluate(EXPECTED);
  const frame = (id) => page.locator(`#${id} .frame`);
  const mount = async (id, lang, extra = {}) => {
    await mountInline(page, { id, lang: extra.inLanguage ?? null, attrs: { thread: `/${id}`, ...(lang ? { lang } : {}) }, ...extra });
    // The locale: the frame's, or the article's where English words stand in (frame `en`).
    const words = await frame(id).getAttribute('lang');
    const locale = words === 'en' && lang !== 'en' ? await frame(id).locator('article.article').getAttribute('lang') : words;
    return [locale, await frame(id).getAttribute('dir'), await frame(id).locator('button[type="submit"]').innerText()];
  };
  // Languages the browser writes in a right-to-left script, ours with a catalogue or not, and
  // Kurmanji, whose usual script is Latin (Sorani is ckb).
  for (const [lang, dir] of [['arz', 'rtl'], ['ary', 'rtl'], ['sdh', 'rtl'], ['skr', 'rtl'], ['nqo', 'rtl'], ['ku', 'ltr'], ['ku-Arab', 'rtl']]) {
    const id = `d-${lang.replace(/\W/g, '')}`;
    const [shownLang, shownDir, submit] = await mount(id, lang);
    assert.deepEqual([shownLang, shownDir, submit], [lang, dir, 'Post Comment'], lang);
  }
  // Extensions are kept for what they ask (Latin digits in Persian), and are no script.
  const two = [1, 2].map((i) => ({ id: `e${i}`, text: 'سلام', created: Date.now() }));
  assert.deepEqual(await mount('ext', 'fa-IR-u-nu-latn', { stored: two }), ['fa-IR-u-nu-latn', 'rtl', CATALOGUES.fa.messages.submit]);
  const heading = await frame('ext').locator('.comments-title').innerText();
  assert.equal(heading, await page.evaluate((c) => window.say(c, 'fa-IR-u-nu-latn', c.counted.comment_count, 2), CATALOGUES.fa));
  assert.match(heading, /2/, 'Latin digits, as the tag asks');
  // An article in Arabic with Latin digits asked for is still right-to-left.
  await mount('article-ext', null, { inLanguage: 'ar-MA-u-nu-latn' });
  assert.equal(await page.locator('#article-ext article').getAttribute('dir'), 'rtl');
  // Codes the browser replaces: iw is Hebrew, in is Indonesian, Dari (prs) is Persian of Afghanistan.
  assert.deepEqual(await mount('prs', 'prs'), ['fa-AF', 'rtl', CATALOGUES.fa.messages.submit]);
  assert.deepEqual(await mount('iw', 'iw'), ['he', 'rtl', CATALOGUES.he.messages.submit]);
  assert.deepEqual(await mount('in', 'in'), ['id', 'ltr', CATALOGUES.id.messages.submit]);

  // Inside another component's shadow root, the nearest lang above it is the page's language.
  await page.evaluate(() => {
    const outer = document.createElement('div');
    outer.id = 'outer';
    outer.lang = 'he';
    const host = document.createElement('div');
    outer.append(host);
    const el = document.createElement('maqal-article');
    el.id = 'shadowed';
    el.setAttribute('thread', '/shadowed');
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.append(JSON.stringify({ '@type': 'NewsArticle', headline: 'In a component', articleBody: 'Body.' }));
    el.append(script);
    host.attachShadow({ mode: 'open' }).append(el);
    document.getElementById('slot').append(outer);
  });
  await page.locator('#outer .frame button[type="submit"]').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#outer .frame').getAttribute('lang'), 'he');
  assert.equal(await page.locator('#outer .frame button[type="submit"]').innerText(), CATALOGUES.he.messages.submit);

  // A comment goes the way most of its letters do: a Persian one that starts with a brand name,
  // or an @mention, is right-to-left; an English one with one Arabic word is not.
  await mountInline(page, {
    id: 'mixed', lang: 'fa', attrs: { thread: '/mixed' },
    stored: [
      { id: 'brand', text: 'iPhone جدید را خریدم و از آن خیلی راضی هستم!', created: Date.now() },
      { id: 'mention', text: '@john_smith من هم موافقم؟', created: Date.now() },
      { id: 'english', text: 'Great piece, شكرا', created: Date.now() },
    ],
  });
  const textDir = (id) => page.locator(`#mixed #comment-${id} .comment-text`).getAttribute('dir');
  assert.deepEqual([await textDir('brand'), await textDir('mention'), await textDir('english')], ['rtl', 'rtl', 'ltr']);

  // A badge on a left-to-right page keeps its language's order: its words are isolated in their
  // own direction.
  await page.evaluate(() => {
    document.documentElement.lang = 'en';
    document.documentElement.dir = 'ltr';
    localStorage.setItem('maqal:comments:/badge', JSON.stringify([1, 2, 3].map((i) => ({ id: `b${i}`, text: 'x' }))));
    document.getElementById('slot').insertAdjacentHTML('beforeend',
      '<p>Read: <maqal-count id="badge-fa" lang="fa" thread="/badge"></maqal-count> · <maqal-count id="badge-en" lang="en" thread="/badge"></maqal-count></p>');
  });
  await page.waitForFunction(() => ['badge-fa', 'badge-en'].every((id) => document.getElementById(id).hasAttribute('data-count')));
  assert.equal(await page.locator('#badge-fa bdi').evaluate((b) => b.matches(':dir(rtl)')), true);
  assert.equal(await page.locator('#badge-en bdi').evaluate((b) => b.matches(':dir(ltr)')), true);
  // The number where each language puts it: after the Persian words' start (on their right), before the English.
  const order = (id) => page.locator(`#${id} bdi`).evaluate((b) => {
    const range = document.createRange();
    range.setStart(b.firstChild, 0);
    range.setEnd(b.firstChild, 1);
    const first = range.getBoundingClientRect();
    return first.left > b.getBoundingClientRect().left + b.getBoundingClientRect().width / 2 ? 'right' : 'left';
  });
  assert.deepEqual([await order('badge-fa'), await order('badge-en')], ['right', 'left']);
  assert.equal(await page.locator('#badge-fa').textContent(), await page.evaluate((c) => window.say(c, 'fa', c.counted.comment_count, 3), CATALOGUES.fa));
  await page.close();
});

test('a widget whose lang changes speaks the new language and keeps everything the reader typed', async () => {
  const page = await freshPage();
  await mountInline(page, { lang: null, attrs: { thread: '/switch', lang: 'fa' } });
  const w = page.locator('#w');
  await w.locator('.form-shell').waitFor({ state: 'detached' });
  await fillForm(w, { text: 'نظر من', name: 'مریم', email: 'maryam@example.com', website: 'https://example.com/m' });
  await page.evaluate(() => document.getElementById('w').setAttribute('lang', 'he'));
  await w.locator('.frame[lang="he"] button[type="submit"]').waitFor();
  await w.locator('.form-shell').waitFor({ state: 'detached' });
  assert.equal(await w.locator('button[type="submit"]').innerText(), CATALOGUES.he.messages.submit);
  const values = await Promise.all(['comment', 'name', 'email', 'website'].map((f) => w.locator(`#maqal-${f}`).inputValue()));
  assert.deepEqual(values, ['نظر من', 'مریم', 'maryam@example.com', 'https://example.com/m']);
  // Kept for this page only: nothing of it was stored without the reader's consent.
  assert.equal(await page.evaluate(() => localStorage.getItem('maqal:author')), null);
  await page.close();
});

test('with no language on the page, the reader\'s: their first with a catalogue', async () => {
  const urdu = await launch({ locale: 'sw-KE' });
  try {
    await urdu.context.setExtraHTTPHeaders({ 'accept-language': 'sw-KE,ur;q=0.8' });
    const page = await urdu.page();
    // navigator.languages follows the context's locale; the reader's list is set before the loader runs.
    await page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['sw-KE', 'ur-PK', 'en'] }));
    await page.goto(`${servers.origin}/fixtures/host.html`);
    await page.evaluate(() => document.documentElement.removeAttribute('lang'));
    await mountInline(page, { lang: null, attrs: { thread: '/reader' } });
    const w = page.locator('#w');
    assert.equal(await w.locator('.frame').getAttribute('lang'), 'ur-PK');
    assert.equal(await w.locator('button[type="submit"]').innerText(), CATALOGUES.ur.messages.submit);
    await page.close();
  } finally {
    await urdu.close();
  }
});

test('Arabic wording: counted forms with the locale\'s digits (no "5 دقيقة", no "10000 حرفًا")', async () => {
  const page = await freshPage();
  await page.evaluate(EXPECTED);
  await mountInline(page, { lang: 'ar', attrs: { thread: '/arabic-wording' } });
  const w = page.locator('#w');
  await fillForm(w, { text: 'ب' });
  // Past maxlength, as a paste through a script or an extension can put it (typing cannot).
  await w.evaluate((host) => {
    const area = host.shadowRoot.getElementById('maqal-comment');
    area.value = 'ب'.repeat(10_001);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await w.locator('button[type="submit"]').click();
  const tooLong = await page.evaluate((c) => window.say(c, 'ar', c.counted.err_too_long, 10_000), CATALOGUES.ar);
  assert.equal(await w.locator('#maqal-error-Text').innerText(), tooLong);
  assert.ok(tooLong.includes('حرف على الأكثر') && !tooLong.includes('حرفًا'), tooLong);
  // The time left to edit, for each plural form Arabic has.
  const minutes = await page.evaluate((c) => [1, 2, 3, 5, 11, 15].map((n) => window.say(c, 'ar', c.counted.edit_time_left, n)), CATALOGUES.ar);
  assert.deepEqual(minutes.slice(0, 2), ['يمكنك التعديل أو الحذف خلال دقيقة واحدة', 'يمكنك التعديل أو الحذف خلال دقيقتين']);
  assert.match(minutes[3], /خلال \S+ دقائق$/);
  await page.close();
});

test('Central Kurdish and Pashto: dates and relative times from their catalogues (the browser has none), in their digits', async () => {
  for (const lang of ['ckb', 'ps']) {
    const calendar = CATALOGUES[lang].calendar;
    const page = await freshPage();
    const created = Date.now() - 5 * 60_000;
    await mountInline(page, { lang, attrs: { thread: `/calendar-${lang}` }, stored: [{ id: 'a', text: 'x', created }] });
    const w = page.locator('#w');
    const five = await page.evaluate((numbering) => new Intl.NumberFormat('en', { numberingSystem: numbering }).format(5), calendar.numbering);
    assert.equal(await w.locator('.comment time').innerText(), calendar.ago.minute.other.replace('{n}', five), lang);
    const title = await w.locator('.comment time').getAttribute('title');
    const month = calendar.months[new Date(created).getMonth()];
    assert.ok(title.includes(month), `${lang}: ${title} names ${month}`);
    assert.ok(!/[0-9]/.test(title), `${lang}: ${title} has Latin digits`);
    await page.close();
  }
});

test('an article in another language than the page shows at once; only the words switch when its catalogue lands', async () => {
  const page = await freshPage();
  // The page is Arabic (its catalogue comes with the module); the article is Persian, whose
  // catalogue is held back.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/i18n/fa.json', async (route) => { await held; await route.continue(); });
  // From an address: the loader cannot know its language before it comes (an inline article's
  // it reads, and fetches its words with the module).
  await page.route('**/fa-late.json', (route) => route.fulfill({
    contentType: 'application/ld+json',
    body: JSON.stringify({
      '@context': 'https://schema.org', '@type': 'NewsArticle', inLanguage: 'fa', headline: 'سرخط فارسی',
      author: { '@type': 'Person', name: 'مریم' }, articleBody: 'متن.',
    }),
  }));
  await page.evaluate(() => {
    const el = document.createElement('maqal-article');
    el.id = 'w';
    el.setAttribute('src', '/fa-late.json');
    el.setAttribute('comments', 'local');
    el.setAttribute('thread', '/fa-late');
    document.getElementById('slot').append(el);
  });
  const w = page.locator('#w');
  // Shown while its words are on their way, in its own language's direction already.
  await w.locator('.headline', { hasText: 'سرخط فارسی' }).waitFor({ timeout: 5000 });
  assert.equal(await w.locator('.frame').getAttribute('lang'), 'fa');
  assert.equal(await w.locator('.frame').getAttribute('dir'), 'rtl');
  // Meanwhile, the page's words (Arabic, once its catalogue, fetched with the module, is here).
  await w.locator('.byline', { hasText: `${CATALOGUES.ar.messages.by} مریم` }).waitFor({ timeout: 5000 });
  assert.equal(await w.locator('.comments').count(), 0, 'the comments wait for their words');
  const headline = await w.locator('.headline').elementHandle();
  release();
  await w.locator('.comments-title').waitFor();
  // The words switched in place: the same article element, now in Persian.
  assert.equal(await w.locator('.byline').innerText(), `${CATALOGUES.fa.messages.by} مریم`);
  assert.equal(await w.locator('.comments-title').innerText(), CATALOGUES.fa.counted.comment_count['0']);
  assert.equal(await w.locator('.comment-form button[type="submit"]').innerText(), CATALOGUES.fa.messages.submit);
  assert.ok(await page.evaluate(([a, b]) => a === b, [headline, await w.locator('.headline').elementHandle()]), 'the article was not drawn again');
  await page.close();
});

test('English words standing in for a language without a catalogue are tagged lang="en" and run left to right where they appear; what is in the language says so', async () => {
  const page = await freshPage();
  // Sindhi: right to left, no catalogue. The article says no language: the element's is its.
  const now = Date.now();
  await page.evaluate((created) => localStorage.setItem('maqal:comments:/sindhi-words', JSON.stringify([{ id: 'a', author: 'سنڌي', text: 'سلام دوستو', created }])), now);
  await mountInline(page, { lang: null, attrs: { thread: '/sindhi-words', lang: 'sd' } });
  const w = page.locator('#w');
  assert.equal(await w.locator('.frame').getAttribute('dir'), 'rtl', 'the layout is the language\'s');
  assert.equal(await w.locator('.frame').getAttribute('lang'), 'en', 'the interface\'s words are English');
  // What is in the language: the article, the comment, its time, the fields the reader writes in.
  assert.equal(await w.locator('article.article').getAttribute('lang'), 'sd');
  assert.equal(await w.locator('.comment-text').getAttribute('lang'), 'sd');
  assert.equal(await w.locator('.comment time').getAttribute('lang'), 'sd');
  assert.equal(await w.locator('#maqal-comment').getAttribute('lang'), 'sd');
  assert.equal(await w.locator('#maqal-name').getAttribute('lang'), 'sd');
  // An English sentence runs left to right in the right-to-left layout: its full stop at its end
  // (the right), not before its first word (where a right-to-left paragraph would put it).
  const note = w.locator('#maqal-email-note');
  assert.equal(await note.innerText(), CATALOGUES.en.messages.email_note);
  const [first, stop] = await note.evaluate((el) => {
    const text = el.firstChild;
    const at = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
    return [at(0), at(text.length - 1)];
  });
  assert.ok(stop > first, `the full stop (${stop}) after the first letter (${first})`);
  assert.equal(await w.locator('.form-notes').evaluate((el) => getComputedStyle(el).unicodeBidi), 'plaintext');
  // A language with its words is not marked (Arabic, the page's).
  await mountInline(page, { id: 'ar', lang: 'ar', attrs: { thread: '/arabic-words' } });
  assert.equal(await page.locator('#ar .frame').getAttribute('lang'), 'ar');
  assert.equal(await page.locator('#ar #maqal-comment').getAttribute('lang'), null);
  assert.notEqual(await page.locator('#ar .form-notes').evaluate((el) => getComputedStyle(el).unicodeBidi), 'plaintext');
  await page.close();
});
