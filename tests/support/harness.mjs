// The per-file setup every browser test shares: a test web server and a headless browser,
// started before the file's tests and stopped after them.
import { before, after } from 'node:test';
import { startServers } from './server.mjs';
import { launch } from './browser.mjs';

/** Registers the hooks; `ready(servers, browser)` hands them to the file once started. */
export function withServersAndBrowser(ready) {
  let servers, browser;
  before(async () => {
    servers = await startServers();
    browser = await launch();
    await ready(servers, browser);
  });
  after(async () => {
    await browser?.close();
    await servers?.close();
  });
}
