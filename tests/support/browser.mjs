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

/** A browser context with its own new user-data-dir; `close()` removes the profile. */
export async function launch(options = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'maqal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    locale: 'en-US',
    ...options,
  });
  return {
    context,
    async page() {
      const page = await context.newPage();
      page.problems = [];
      page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && page.problems.push(`console: ${m.text()}`));
      return page;
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
