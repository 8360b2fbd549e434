// The per-file setup every browser test shares: a test web server and a headless browser,
// started before the file's tests and stopped after them.
import { before, after, afterEach } from 'node:test';
import { startServers } from './server.mjs';
import { launch } from './browser.mjs';

/**
 * Registers the hooks; `ready(servers, browser)` hands them to the file once started. A console
 * error or page error a test did not allow (`allowProblems` in browser.mjs) fails it, on every
 * page it opened with `browser.page()`: an error nobody expected is a bug until shown otherwise.
 * `checkProblems: false` turns that off (no file needs it; it is there for a one-off diagnosis).
 */
export function withServersAndBrowser(ready, { checkProblems = true } = {}) {
  let servers, browser;
  before(async () => {
    servers = await startServers();
    browser = await launch({}, { checkProblems });
    await ready(servers, browser);
  });
  if (checkProblems) afterEach(() => browser?.checkOpenPages());
  after(async () => {
    await browser?.close();
    await servers?.close();
  });
}
