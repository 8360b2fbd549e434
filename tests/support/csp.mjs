// A host page served under a Content-Security-Policy, and the checks every documented policy row
// gets: nothing the widget needs is blocked, and the policy is really in force.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { allowProblems } from './browser.mjs';

const hostHtml = readFileSync(new URL('../fixtures/host.html', import.meta.url), 'utf8');

/**
 * Serves the test host page at `/<name>.html` under `policy()` (read on each request), and passes
 * everything else on to `upstream`. The page must come from a real loopback server: a page
 * Playwright fulfils counts as public, and Chromium then refuses its requests to loopback.
 * Answers its origin and `close()`.
 */
export async function servePolicyPage(name, upstream, policy) {
  const server = createServer(async (req, res) => {
    if (req.url === `/${name}.html`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': policy() });
      return res.end(hostHtml);
    }
    const r = await fetch(`${upstream}${req.url}`);
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Opens `url` in `page` (served with `policy`), collecting every CSP violation the page reports;
 * answers that list, filled as they come.
 */
export async function openUnderPolicy(page, url, policy) {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(url);
  assert.equal(response.headers()['content-security-policy'], policy);
  await page.evaluate(() => localStorage.clear());
  return violations;
}

/**
 * After the widget `w` has done its work: its stylesheet applied (adopted) as without the policy,
 * no violation and no console error, then the control: a request to `elsewhere` is refused and
 * reported, so the policy was in force all along.
 */
export async function assertPolicyHeld(page, w, violations, elsewhere) {
  assert.equal(await w.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('h1')).fontWeight), '800');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.deepEqual(violations, []);
  assert.deepEqual(page.problems, []);
  allowProblems(page, /^console: Connecting to .* violates the following Content Security Policy directive: "connect-src /,
    /^console: Fetch API cannot load .* Refused to connect because it violates the document.s Content Security Policy/);
  await page.evaluate((other) => fetch(`${other}/x`).catch(() => {}), elsewhere);
  const deadline = Date.now() + 3000;
  while (violations.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(violations.length, 1, violations.join('\n'));
  assert.match(violations[0], /^connect-src /);
}
