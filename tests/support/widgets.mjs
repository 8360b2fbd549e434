// Helpers to put widgets on the blank test host page.
import { settled } from './browser.mjs';
import { buildOf } from '../../scripts/build-files.mjs';

/** Where the release build's files are served from (its folder, beside the loader). */
export const BUILD_PATH = `/${buildOf(new URL('../../dist/', import.meta.url).pathname).prefix}`;

/**
 * Panics on purpose inside the page's own module instance (the glue the loader imported, at the
 * same address), in a task of its own, as an internal error would: the module traps.
 */
export async function selfTestPanic(page) {
  // A comment just posted or linked is focused a frame after it renders: let that frame pass, so
  // the crash is not raced by it.
  await twoFrames(page);
  await page.evaluate(async (glue) => {
    const bindings = await import(glue);
    bindings.maqalSelfTestPanic();
  }, `${BUILD_PATH}maqal-core.js`);
}

/** Opens the blank host page on `origin` with empty storage. */
export async function freshPage(browser, origin) {
  const page = await browser.page();
  await page.goto(`${origin}/fixtures/host.html`);
  await page.evaluate(() => localStorage.clear());
  return page;
}

/**
 * Mounts a widget with an inline article carrying `comments` (schema.org Comment objects);
 * `stored` pre-fills the browser store's entry for `attrs.thread`. Resolves once the comments
 * region has loaded (or failed), or with `settle: false` once the article shows.
 */
export async function mountInline(page, { id = 'w', lang = 'ar', attrs = {}, comments = [], stored, timeout, settle = true } = {}) {
  await page.evaluate(({ id, lang, attrs, comments, stored }) => {
    if (stored) localStorage.setItem(`maqal:comments:${attrs.thread}`, JSON.stringify(stored));
    const el = document.createElement('maqal-article');
    el.id = id;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    // A text node, as a page under Trusted Types must write a script's text.
    script.append(JSON.stringify({
      '@type': 'NewsArticle', inLanguage: lang, headline: `Thread ${id}`, articleBody: 'Body.',
      comment: comments,
    }));
    el.append(script);
    document.getElementById('slot').append(el);
  }, { id, lang, attrs, comments, stored });
  await settled(page, `#${id}`);
  if (settle) await commentsSettled(page, id, timeout);
}

/**
 * Waits until the comments region of the widget `#id` has shown its first page (or its error)
 * and its form (or the closed note), or until the widget shows an article error instead.
 * A page is added a few comments per frame; aria-busy="false" says all of it is there. The form
 * comes a frame after the list.
 */
export async function commentsSettled(page, id, timeout = 10_000) {
  const w = `#${id} .frame`;
  await page.locator(`${w} :is(.comment-list[aria-busy="false"], .comments .notice.error), ${w} > .notice.error`)
    .first().waitFor({ state: 'attached', timeout });
  if (await page.locator(`${w} .comments`).count() > 0) {
    await page.locator(`${w} .comments :is(form, .comments-closed)`).first().waitFor({ state: 'attached', timeout });
  }
}

/** Resolves after the page has drawn two more frames. */
export function twoFrames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Fills the comment form inside the widget locator `w`. A comment just posted (or linked) takes
 * the focus a frame after it renders, which would take it from a field being filled (`fill`
 * focuses, then types: the text would be lost): that frame is let pass first.
 */
export async function fillForm(w, { text, name = 'ليلى', email = 'layla@example.com', website = '' }) {
  await twoFrames(w.page());
  await w.locator('#maqal-comment').fill(text);
  await w.locator('#maqal-name').fill(name);
  await w.locator('#maqal-email').fill(email);
  await w.locator('#maqal-website').fill(website);
}

/**
 * Waits until the element focused inside the widget `host` (a selector) has an id matching
 * `expected` (a string or a RegExp), and returns that id. The widget moves focus in the frame
 * after it renders, so reading `activeElement` right after a locator resolves races it.
 */
export async function focusedId(page, host, expected, timeout = 5000) {
  const [source, flags] = expected instanceof RegExp ? [expected.source, expected.flags] : [null, null];
  const read = () => page.evaluate((h) => document.querySelector(h)?.shadowRoot?.activeElement?.id ?? null, host);
  try {
    await page.waitForFunction(({ host, expected, source, flags }) => {
      const id = document.querySelector(host)?.shadowRoot?.activeElement?.id ?? '';
      return source === null ? id === expected : new RegExp(source, flags).test(id);
    }, { host, expected: source === null ? expected : null, source, flags }, { timeout });
  } catch (error) {
    throw new Error(`focus in ${host}: expected ${expected}, found ${await read()} (${error.message})`);
  }
  return read();
}

/**
 * Waits until the page's scroll position has held still for five frames (at most `timeout` ms).
 * A posted or revealed comment is scrolled to smoothly, a frame after it renders: a test that
 * scrolls the page itself must let that scroll end first, or the two fight.
 */
export async function scrollSettled(page, timeout = 3000) {
  await page.waitForFunction(() => new Promise((resolve) => {
    let last = window.scrollY;
    let still = 0;
    const step = () => {
      if (window.scrollY === last) still += 1; else { still = 0; last = window.scrollY; }
      if (still >= 5) resolve(true); else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }), null, { timeout });
}

/** Holds the reader's part of the widget (the form's behaviour) until the returned function is called. */
export async function holdReadersPart(page) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/split_compose.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/**
 * Clicks "load more" in widget `#id` and waits until the list has taken the page: no longer busy,
 * more comments shown than before. A page that adds nothing fails, saying so.
 */
export async function loadMore(page, id = 'w') {
  const count = (id) => document.getElementById(id).shadowRoot.querySelectorAll('.comment-list > .comment:not([hidden])').length;
  const before = await page.evaluate(count, id);
  await page.locator(`#${id} .load-more button`).click();
  await page.waitForFunction(([id, before]) => {
    const list = document.getElementById(id).shadowRoot.querySelector('.comment-list');
    return list?.getAttribute('aria-busy') === 'false' && list.querySelectorAll(':scope > .comment:not([hidden])').length > before;
  }, [id, before], { timeout: 10_000 }).catch((e) => {
    throw new Error(`"load more" in #${id} added nothing to the ${before} comments shown (${e.message})`);
  });
}

/**
 * Opens a page on `origin` whose HTML holds `body` (widgets as a publisher writes them, there
 * before the loader runs) with the module held back: every `.wasm` waits until `release()`.
 * `requests` lists each request the page makes, with whether the module was still held then;
 * `asked(done)` waits until the requests so far satisfy `done`.
 */
export async function openWithModuleHeld(browser, origin, body) {
  const page = await browser.page();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let holding = true;
  const requests = [];
  const watchers = new Set();
  page.on('request', (r) => {
    requests.push({ url: r.url(), method: r.method(), held: holding });
    for (const watcher of watchers) watcher();
  });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${origin}/written.html?body=${encodeURIComponent(body)}`);
  return {
    page,
    requests,
    /** Resolves once `done(requests)` holds, checked at each request (at most `ms`). */
    asked: (done, ms = 10_000) => new Promise((resolve, reject) => {
      const check = () => {
        if (!done(requests)) return;
        watchers.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        watchers.delete(check);
        reject(new Error(`not asked for within ${ms} ms: ${requests.map((r) => r.url).join(' ')}`));
      }, ms);
      watchers.add(check);
      check();
    }),
    release: () => {
      holding = false;
      release();
    },
  };
}

/**
 * Moves a page's fake clock (`page.clock.install()`) on by `ms` and lets what was due run
 * (each due timer fires once), then gives what it started (a request, its answer) a moment of
 * real time.
 */
export async function passTime(page, ms) {
  await page.clock.fastForward(ms);
  await page.waitForTimeout(150);
}

/** Moves a page's fake clock on a second at a time (a live thread looks once a second). */
export async function tick(page, seconds) {
  for (let i = 0; i < seconds; i++) await passTime(page, 1000);
}
