// Headless Debian Chromium through playwright-core (no browser download), with a fresh profile.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Lets the problems check of `page` accept console errors and page errors matching any of
 * `patterns` (RegExps): the ones its test causes on purpose. Any other still fails the test.
 */
export function allowProblems(page, ...patterns) {
  page.allowedProblems.push(...patterns);
}

/** The problems of `page` (console errors, page errors) that its test did not allow. */
export function unexpectedProblems(page) {
  return page.problems.filter((p) => !page.allowedProblems.some((pattern) => pattern.test(p)));
}

function checkProblems(page) {
  const unexpected = unexpectedProblems(page);
  if (unexpected.length > 0) {
    throw new Error(`console or page errors the test did not expect (allowProblems declares expected ones):\n${unexpected.join('\n')}`);
  }
}

/**
 * A browser context with its own new user-data-dir; `close()` removes the profile.
 * Every page made by `page()` fails its test on a console error or page error it did not allow
 * (`allowProblems`): when the test closes it, or else at `checkOpenPages()` (after each test,
 * from the harness), which closes the pages still open. `checkProblems: false` turns that off.
 */
export async function launch(options = {}, { checkProblems: check = true } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'maqal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    locale: 'en-US',
    ...options,
  });
  const open = new Set();
  return {
    context,
    async page() {
      const page = await context.newPage();
      page.problems = [];
      page.allowedProblems = [];
      page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && page.problems.push(`console: ${m.text()}`));
      if (check) {
        open.add(page);
        const close = page.close.bind(page);
        page.close = async (...args) => {
          const first = open.delete(page);
          await close(...args);
          if (first) checkProblems(page);
        };
      }
      return page;
    },
    /** Closes the pages the test left open, and checks their problems (see `launch`). */
    async checkOpenPages() {
      const pages = [...open];
      open.clear();
      const failures = [];
      for (const page of pages) {
        if (!page.isClosed()) await page.close().catch(() => {});
        try {
          checkProblems(page);
        } catch (error) {
          failures.push(error.message);
        }
      }
      if (failures.length > 0) throw new Error(failures.join('\n'));
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the widget `host` (a selector) shows an article or a notice; returns which. */
export async function settled(page, host, timeout = 20_000) {
  const found = page.locator(`${host} .frame :is(article.article, .notice.error)`).first();
  await found.waitFor({ timeout });
  return (await found.getAttribute('class')).includes('error') ? 'error' : 'article';
}

const AXE_PATH = new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname;

/**
 * Runs axe-core on the whole page (loading it once). Returns what fails: every violation, and
 * every colour-contrast check axe could not decide ("incomplete": a background it could not
 * work out, a text too short to tell from an icon) on a node of a widget, since an undecided
 * contrast is an unchecked one, unless the node is a plain case decided here (below) or matches
 * one of the `decorative` selectors the test names (text WCAG exempts as pure decoration; say
 * why where it is named).
 */
export async function axeFindings(page, { decorative = [] } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (decorative) => {
    const r = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'], elementRef: true });
    const inWidget = (el) => {
      for (let node = el; node; node = node.getRootNode().host) {
        if (node.closest?.('maqal-article, maqal-count')) return true;
      }
      return false;
    };
    const where = (n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' ');
    const violations = r.violations.map((v) => `${v.id}: ${v.nodes.map(where).join(', ')}`);
    // What axe leaves undecided on a plain case (a letter on an opaque, image-free background of
    // its own, as an avatar's initial), decided here: WCAG's ratio of the two computed colours.
    const rgb = (c) => c.match(/^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)$/)?.slice(1).map((x) => (x === undefined ? 1 : Number(x)));
    const luminance = ([r, g, b]) => [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ownContrast = (el) => {
      const style = getComputedStyle(el);
      const [fg, bg] = [rgb(style.color), rgb(style.backgroundColor)];
      if (style.backgroundImage !== 'none' || !fg || !bg || fg[3] !== 1 || bg[3] !== 1) return null;
      const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    };
    const undecided = r.incomplete.filter((v) => v.id === 'color-contrast')
      .flatMap((v) => v.nodes.filter((n) => inWidget(n.element) && !decorative.some((d) => n.element.matches(d))))
      .flatMap((n) => {
        const ratio = ownContrast(n.element);
        if (ratio !== null && ratio >= 4.5) return [];
        const why = ratio !== null ? `contrast ${ratio.toFixed(2)} < 4.5` : [...n.any, ...n.all, ...n.none].map((c) => c.message).join('; ');
        return [`color-contrast undecided: ${where(n)}: ${why}`];
      });
    return [...violations, ...undecided];
  }, decorative);
}
